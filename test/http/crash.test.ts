/**
 * Crash safety: the server as a child process (scripts/server-process.ts), killed with SIGKILL at a
 * random moment while several clients record interactions with idempotency keys, then started again.
 * Every write it acknowledged (a 200 with an id) must be in the file under its key with that id, the
 * file must pass SQLite's integrity check, and a retried write must be stored exactly once.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRandom } from "../../src/model/random";
import { type ServerProcess, startServerProcess } from "../../scripts/server-process";
import { tempDir } from "../helpers/paths";
import { trainedModelFile } from "../helpers/trained-store";

const SEED = 12;
const TRIALS = 3;
const CLIENTS = 4;
/** Writes one client sends in a trial at the most, should the kill not come. */
const MOST_WRITES = 2000;
const TYPES = ["VIEW", "ADD_TO_CART", "PURCHASE"] as const;

interface Write {
  key: string;
  customerId: string;
  productId: string;
  type: (typeof TYPES)[number];
}

const MUTATION = `mutation($input: InteractionInput!) { recordInteraction(input: $input) { id replayed } }`;

/** Sends one write; the stored id on a 200, null on any other answer; throws when the server is gone. */
async function send(url: string, write: Write): Promise<{ id: string; replayed: boolean } | null> {
  const { key, ...input } = write;
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: MUTATION, variables: { input: { ...input, idempotencyKey: key } } }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { data?: { recordInteraction?: { id: string; replayed: boolean } } };
  return response.status === 200 && body.data?.recordInteraction ? body.data.recordInteraction : null;
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let dbPath: string;
let products: string[];
let server: ServerProcess | undefined;
beforeAll(async () => {
  const { dbPath: trained } = await trainedModelFile();
  dbPath = path.join(tempDir(), "model.db");
  fs.copyFileSync(trained, dbPath);
  const db = new Database(dbPath, { readonly: true });
  products = db
    .prepare<[], { id: string }>("SELECT id FROM products ORDER BY id")
    .all()
    .map((p) => p.id);
  db.close();
});
afterAll(async () => {
  await server?.stop();
});

const start = () => startServerProcess({ MODEL_DB: dbPath });

describe("a server killed while clients write", () => {
  it("keeps every acknowledged write, stores each retried write once, and leaves a sound file", { timeout: 120_000 }, async () => {
    const random = createRandom(SEED);
    server = await start();
    for (let trial = 0; trial < TRIALS; trial++) {
      const acknowledged = new Map<string, string>();
      const unanswered = new Map<string, Write>();
      const refused: string[] = [];
      const sent: Write[] = [];
      const client = async (c: number) => {
        for (let i = 0; i < MOST_WRITES; i++) {
          const write: Write = {
            key: `crash-${trial}-${c}-${i}`,
            customerId: `crash-customer-${c}-${i % 7}`,
            productId: products[Math.floor(random() * products.length)],
            type: TYPES[Math.floor(random() * TYPES.length)],
          };
          sent.push(write);
          try {
            const stored = await send(server!.url, write);
            if (stored) acknowledged.set(write.key, stored.id);
            else refused.push(write.key);
          } catch {
            unanswered.set(write.key, write);
            return; // the server is gone
          }
        }
      };
      const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
      // A random moment, in the middle of the writes: after 20 to 200 of them, and up to 50 ms more.
      const target = 20 + Math.floor(random() * 180);
      await until(() => acknowledged.size >= target, 30_000, `${target} acknowledged writes`);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 50)));
      await server.kill("SIGKILL");
      await Promise.all(clients);
      expect(acknowledged.size).toBeGreaterThanOrEqual(target);
      expect(refused).toEqual([]);

      server = await start();
      const db = new Database(dbPath, { fileMustExist: true });
      try {
        expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
        const byKey = db.prepare<[string], { id: number }>("SELECT id FROM interactions WHERE idempotency_key = ?");
        const lost = [...acknowledged].filter(([key, id]) => String(byKey.get(key)?.id) !== id);
        expect(lost).toEqual([]);
      } finally {
        db.close();
      }

      // The writes cut off by the kill, sent again with their keys: each stored once, whether or not it was before.
      for (const write of unanswered.values()) expect(await send(server.url, write)).not.toBeNull();
      const check = new Database(dbPath, { readonly: true, fileMustExist: true });
      try {
        const count = check.prepare<[string], { n: number }>("SELECT count(*) AS n FROM interactions WHERE idempotency_key = ?");
        expect(unanswered.size).toBeGreaterThan(0);
        expect(sent.filter((w) => count.get(w.key)!.n !== 1).map((w) => w.key)).toEqual([]);
      } finally {
        check.close();
      }
    }
  });
});
