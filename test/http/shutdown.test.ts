/**
 * Stopping the server process (scripts/server-process.ts) as an orchestrator does, with SIGTERM: it
 * reports not ready for SHUTDOWN_DELAY_SECONDS, finishes, writes the recommendation lists it served
 * (kept in memory between flushes), and exits with 0. A second Ctrl-C while it stops ends it at once.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { startServerProcess } from "../../scripts/server-process";
import { tempDir } from "../helpers/paths";
import { trainedModelFile } from "../helpers/trained-store";

let dbPath: string;
beforeAll(async () => {
  const { dbPath: trained } = await trainedModelFile();
  dbPath = path.join(tempDir(), "model.db");
  fs.copyFileSync(trained, dbPath);
});

const listsServed = (id: string): number => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM recommendation_lists WHERE id = ?").get(id) as { n: number }).n;
  } finally {
    db.close();
  }
};

describe("a server process given SIGTERM", () => {
  it("reports not ready during the shutdown delay, then writes the lists it served and exits with 0", { timeout: 90_000 }, async () => {
    const server = await startServerProcess({ MODEL_DB: dbPath, SHUTDOWN_DELAY_SECONDS: "3" });
    try {
      const response = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: `{ recommendationsPage(k: 3) { recommendationId } }` }),
      });
      const { data } = (await response.json()) as { data: { recommendationsPage: { recommendationId: string } } };
      const listId = data.recommendationsPage.recommendationId;
      expect((await fetch(`${server.base}/health/ready`)).status).toBe(200);
      process.kill(server.pid, "SIGTERM");
      // Still answering, but not ready (once the signal is handled): a load balancer moves traffic away before the server stops.
      let status = 200;
      for (const end = Date.now() + 2500; status === 200 && Date.now() < end;) {
        status = (await fetch(`${server.base}/health/ready`)).status;
        if (status === 200) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(status).toBe(503);
      expect(await server.exited).toBe(0);
      expect(server.recentLog()).toMatch(/"msg":"stopped"/);
      expect(listsServed(listId)).toBe(1);
    } finally {
      await server.stop();
    }
  });
});

describe("a server process given a second Ctrl-C while it is stopping", () => {
  it("stops at once, as a terminal's user expects, and leaves a sound file", { timeout: 90_000 }, async () => {
    const server = await startServerProcess({ MODEL_DB: dbPath, SHUTDOWN_DELAY_SECONDS: "30" });
    try {
      process.kill(server.pid, "SIGINT");
      let status = 200;
      for (const end = Date.now() + 5000; status === 200 && Date.now() < end;) {
        status = (await fetch(`${server.base}/health/ready`)).status;
        if (status === 200) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(status).toBe(503); // the first one is being handled: 30 s of shutdown delay ahead
      const second = Date.now();
      process.kill(server.pid, "SIGINT");
      expect(await server.exited).toBe("SIGINT");
      // It did not wait out the shutdown delay (a bound on what happened, not on how fast).
      expect(Date.now() - second).toBeLessThan(30_000);
      const db = new Database(dbPath, { readonly: true });
      try {
        expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      } finally {
        db.close();
      }
    } finally {
      await server.stop();
    }
  });
});
