/**
 * npm run train on the bundled sample, as a shop runs it: the summary says what the HNSW graphs'
 * measurement set when the catalogue gets graphs.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Store } from "../../src/store";
import { ROOT, tempDir } from "../helpers/paths";

describe("npm run train", () => {
  it("says what each HNSW graph's measurement set, as the version stores it, once the catalogue gets graphs", { timeout: 120_000 }, () => {
    const db = path.join(tempDir(), "shop.db");
    const args = ["--db", db, "--no-tune", "--iterations", "2", "--factors", "8", "--ann-min-products", "1"];
    const run = spawnSync(process.execPath, ["-r", "tsx/cjs", path.join("scripts", "train.ts"), ...args], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 110_000,
    });
    expect(run.stderr).toBe("");
    const line = run.stdout.split("\n").find((l) => l.trimStart().startsWith("HNSW graphs"));
    expect(line).toMatch(
      /HNSW graphs +over (\d+) products in [\d.]+ s: by inner product ef (\d+), head (\d+), sample recall@10 ([\d.]+); by cosine ef (\d+), sample recall@10 ([\d.]+)$/,
    );
    const store = Store.open(db);
    try {
      const [ip, cosine] = store.models.load(store.models.latestId()!)!.stats.ann!.graphs!;
      expect(line).toContain(`ef ${ip.efSearch}, head ${ip.head}, sample recall@10 ${ip.recall.toFixed(3)}`);
      expect(line).toContain(`by cosine ef ${cosine.efSearch}, sample recall@10 ${cosine.recall.toFixed(3)}`);
    } finally {
      store.close();
    }
  });
});
