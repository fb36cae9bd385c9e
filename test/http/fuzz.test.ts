/**
 * A fuzz campaign against the server as a child process, as `npm run fuzz` runs it but shorter:
 * seeded hostile requests of every kind (scripts/fuzz-requests.ts). Every answer must be a 2xx or a
 * 4xx JSON error with a code, and the server's resident memory must stay near where the warm-up left it.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FUZZ_KINDS, type FuzzOptions, fuzzRequests, fuzzServerSettings, runCampaign } from "../../scripts/fuzz-requests";
import { buildPages } from "../../scripts/build-web";
import { type ServerProcess, startServerProcess } from "../../scripts/server-process";
import { ROOT, tempDir } from "../helpers/paths";
import { trainedModelFile } from "../helpers/trained-store";

const KEYS = { read: "fuzz-read-0123456789", write: "fuzz-write-0123456789", admin: "fuzz-admin-0123456789" };
const OPTIONS: FuzzOptions = { keys: KEYS, maxBodyBytes: 1024 * 1024, products: 80, customers: 400 };
const WARMUP = 500;
const REQUESTS = 800;
/** Each phase stops here whatever it has sent, so that a slow machine cannot stretch the test. */
const WARMUP_MS = 20_000;
const CAMPAIGN_MS = 30_000;

describe("the fuzz campaign's requests", () => {
  const summary = (seed: number) =>
    [...fuzzRequests(seed, 300, OPTIONS)].map((r) => `${r.kind} ${r.method} ${r.path} ${r.body?.length ?? 0}`);

  it("are the same for the same seed and differ for another", () => {
    expect(summary(1)).toEqual(summary(1));
    expect(summary(2)).not.toEqual(summary(1));
  });

  it("come in every kind", () => {
    const kinds = new Set([...fuzzRequests(1, 2000, OPTIONS)].map((r) => r.kind));
    expect([...kinds].sort()).toEqual([...FUZZ_KINDS].sort());
  });
});

describe("a server under a fuzz campaign", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    const { dbPath: trained } = await trainedModelFile();
    const dbPath = path.join(tempDir(), "model.db");
    fs.copyFileSync(trained, dbPath);
    // The pages as a deployed server has them built (`npm start` and the image build them): a server
    // without them answers them 503 PAGES_NOT_BUILT, which is not what this campaign looks for.
    const pagesDir = path.join(tempDir(), "web");
    await buildPages(pagesDir);
    server = await startServerProcess({ MODEL_DB: dbPath, PAGES_DIR: pagesDir, ...fuzzServerSettings(KEYS, OPTIONS.maxBodyBytes) });
  });
  afterAll(() => server?.stop());

  const resident = async () => {
    const fromProc = server.residentBytes();
    if (fromProc !== null) return fromProc;
    const metrics = await (await fetch(`${server.base}/metrics`, { headers: { authorization: `Bearer ${KEYS.admin}` } })).text();
    return Number(/^process_resident_memory_bytes (\d+)/m.exec(metrics)![1]);
  };

  it("answers every request with a 2xx or a 4xx JSON error with a code, and keeps its memory bounded", { timeout: 120_000 }, async () => {
    const warm = await runCampaign(server.base, fuzzRequests(2, WARMUP, OPTIONS), { deadline: Date.now() + WARMUP_MS });
    expect(warm.problems.map((p) => p.outcome)).toEqual([]);
    const afterWarmup = await resident();

    const result = await runCampaign(server.base, fuzzRequests(1, REQUESTS, OPTIONS), { deadline: Date.now() + CAMPAIGN_MS });
    const atEnd = await resident();
    expect(result.requests).toBeGreaterThanOrEqual(100);
    expect(result.problems.map((p) => `${p.outcome.kind}: ${p.outcome.problem}`)).toEqual([]);
    expect(Object.keys(result.byStatus).filter((status) => Number(status) >= 500)).toEqual([]);
    expect(result.byStatus["400"]).toBeGreaterThan(0);
    // Generous: resident memory swings by a third with garbage not yet collected; a leak of the 1.98 GB kind does not fit.
    expect(atEnd / afterWarmup).toBeLessThan(2);

    // The metrics' labels: one root field at most, whatever the campaign combined.
    const metrics = await (await fetch(`${server.base}/metrics`, { headers: { authorization: `Bearer ${KEYS.admin}` } })).text();
    const operations = new Set([...metrics.matchAll(/operation="([^"]*)"/g)].map((m) => m[1]));
    expect(operations.size).toBeGreaterThan(3);
    expect([...operations].filter((label) => label.includes(","))).toEqual([]);
  });
});

describe("npm run fuzz", () => {
  it(
    "starts a server on a copy of a model file, runs a campaign against it and exits 0 when nothing went wrong",
    { timeout: 120_000 },
    async () => {
      const { dbPath } = await trainedModelFile();
      const run = spawnSync(
        process.execPath,
        ["-r", "tsx/cjs", "scripts/fuzz.ts", "--db", dbPath, "--requests", "40", "--warmup", "10", "--seed", "3"],
        {
          cwd: ROOT,
          encoding: "utf8",
          timeout: 110_000,
        },
      );
      expect(run.stderr).not.toMatch(/Error/);
      expect(run.stdout).toMatch(/^40 requests \(seed 3\) in [\d.]+ s; warm-up: 10 requests, 0 problems$/m);
      expect(run.stdout).toMatch(/^problems: 0$/m);
      expect(run.status).toBe(0);
    },
  );
});
