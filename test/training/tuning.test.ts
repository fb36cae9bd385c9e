import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { readDataset } from "../../src/importers";
import { generateSampleShop, writeTrioFiles } from "../../src/importers/sample-shop";
import { loadIntoStore } from "../../src/training/import.service";
import { importAndTrain, resolveSettings, tunesFirst } from "../../src/training/pipeline.service";
import { createServices } from "../../src/serving";
import { DEFAULT_TRAINING_OPTIONS } from "../../src/training/training.service";
import { tune, type TuningOptions, validationCutoff } from "../../src/training/tuning.service";
import { Store } from "../../src/store";
import { tempDir } from "../helpers/paths";
import { SMALL_SHOP } from "../helpers/trained-store";

const QUICK: TuningOptions = {
  trials: 4,
  seed: 3,
  validationFraction: 0.15,
  holdoutFraction: 0.2,
  searchIterations: 4,
  factorChoices: [8, 16],
  halfLifeChoices: [0, 60],
  budgetSeconds: null,
};
const BASE = { ...DEFAULT_TRAINING_OPTIONS, factors: 8, iterations: 4 };
const CUTOFF = Date.parse("2025-09-01T00:00:00Z");
/** A work budget (reference seconds) that stops the small shop's search of 12 settings part way. */
const BUDGET_BETWEEN = 0.05;

const stores: Store[] = [];
afterEach(() => {
  while (stores.length) stores.pop()!.close();
});

async function smallStore(extraAfterCutoff = false): Promise<Store> {
  const dir = tempDir();
  writeTrioFiles(generateSampleShop(SMALL_SHOP), dir);
  const store = Store.open(":memory:");
  stores.push(store);
  const data = await readDataset("trio", dir);
  if (extraAfterCutoff) {
    for (const c of data.customers) {
      data.interactions.push({
        customerId: c.id,
        productId: "1001",
        type: "purchase",
        quantity: 3,
        unitPrice: 1,
        occurredAt: CUTOFF + 86_400_000,
        basketId: null,
        weight: null,
      });
    }
  }
  loadIntoStore(store, data);
  return store;
}

describe("tuning", () => {
  it("holds out the last part of the period for validation", () => {
    const day = 86_400_000;
    expect(validationCutoff({ first: 0, last: 100 * day }, 0.1)).toBe(90 * day);
    expect(validationCutoff({ first: 0, last: 100 * day - 1000 }, 0.1)).toBe(90 * day);
  });

  it("never reads past the training period: changing the test period changes nothing", async () => {
    const base = { before: CUTOFF };
    const a = tune(await smallStore(), base, BASE, QUICK);
    const b = tune(await smallStore(true), base, BASE, QUICK);
    expect(b.split).toEqual(a.split);
    expect(a.split).toMatchObject({ kind: "temporal", cutoff: expect.any(Number) });
    expect((a.split as { cutoff: number }).cutoff).toBeLessThan(CUTOFF);
    expect(b.trials.map((t) => t.ndcg)).toEqual(a.trials.map((t) => t.ndcg));
    expect(b.best).toEqual(a.best);
  });

  it("tries the current settings first and keeps the best trial", async () => {
    const result = tune(await smallStore(), {}, BASE, QUICK);
    expect(result.trials).toHaveLength(QUICK.trials);
    expect(result.trials[0].settings).toMatchObject({ factors: BASE.factors, alpha: BASE.alpha, regularization: BASE.regularization });
    // Successive halving: some settings were dropped after a few sweeps; the best is chosen among
    // those trained for the search's full sweeps.
    expect(result.trials.some((t) => t.sweeps < QUICK.searchIterations)).toBe(true);
    const full = result.trials.filter((t) => t.sweeps === QUICK.searchIterations);
    expect(full.length).toBeGreaterThan(0);
    const best = Math.max(...full.map((t) => t.ndcg));
    const { ranker, ...als } = result.best;
    expect(full.find((t) => t.ndcg === best)!.settings).toEqual(als);
    // The best ALS is then compared with item-kNN, popularity and blends; the best of all is served.
    expect(result.rankers[0].ranker).toEqual(ranker);
    expect(result.rankers.map((r) => r.kind)).toEqual(expect.arrayContaining(["als", "item-knn", "popularity", "blend"]));
    expect(result.validation.map((m) => m.k)).toEqual([10, 20]);
    expect(result.validation[0].ndcg).toBe(result.rankers[0].ndcg10);
  });
});

describe("a tuning budget", () => {
  it("once spent, starts no new settings but always tries the current ones and two random ones", async () => {
    const result = tune(await smallStore(), {}, BASE, { ...QUICK, trials: 9, budgetSeconds: 0 });
    expect(result.trials).toHaveLength(3);
    expect(result.trials[0].settings).toMatchObject({ factors: BASE.factors, alpha: BASE.alpha });
    // Only the best goes on to the full sweeps once the budget is spent; there is no round of perturbations.
    expect(result.trials.filter((t) => t.sweeps === QUICK.searchIterations)).toHaveLength(1);
  });

  it("is work, not wall-clock time: a busy machine chooses the same settings", async () => {
    const store = await smallStore();
    const options = { ...QUICK, trials: 12, budgetSeconds: BUDGET_BETWEEN };
    const quiet = tune(store, {}, BASE, options);
    // Between the extremes: more than the least, fewer than all.
    expect(quiet.trials.length).toBeGreaterThan(3);
    expect(quiet.trials.length).toBeLessThan(12);
    // A thread spinning on a core for as long as the second run takes (30 s at most).
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const spinner = new Worker(
      `const { workerData } = require("node:worker_threads"); const end = Date.now() + 30000;
       while (Atomics.load(workerData, 0) === 0 && Date.now() < end) {}`,
      { eval: true, workerData: stop },
    );
    await new Promise((resolve) => spinner.once("online", resolve));
    try {
      // A wall clock running ten times as fast, as if every step took ten times as long.
      const start = performance.now();
      const slow = { now: () => ((performance.now() - start) * 10) / 1000 };
      const busy = tune(store, {}, BASE, options, {}, slow);
      expect(busy.trials).toEqual(quiet.trials);
      expect(busy.best).toEqual(quiet.best);
    } finally {
      Atomics.store(stop, 0, 1);
      await spinner.terminate();
    }
  });

  it("is not needed for the full search", async () => {
    expect(tune(await smallStore(), {}, BASE, { ...QUICK, trials: 9 }).trials).toHaveLength(9);
  });
});

describe("training by default", () => {
  async function shopFiles() {
    const dir = tempDir();
    writeTrioFiles(generateSampleShop(SMALL_SHOP), dir);
    return { dir, db: path.join(dir, "m.db") };
  }

  it("tunes first when no setting tuning chooses is given, and stores what it chose", async () => {
    const { dir, db } = await shopFiles();
    const result = await importAndTrain(db, "trio", dir, { overrides: { iterations: 3 }, tuning: QUICK });
    expect(result.tuning).not.toBeNull();
    expect(result.settings).toMatchObject(result.tuning!.settings);
    const store = Store.open(db);
    stores.push(store);
    expect(store.models.load()!.stats.tuning).not.toBeNull();
  });

  it("does not tune when told not to or when a setting tuning chooses is given", async () => {
    expect(tunesFirst({})).toBe(true);
    expect(tunesFirst({ overrides: { iterations: 3, threads: 1 } })).toBe(true);
    expect(tunesFirst({ overrides: { alpha: 5 } })).toBe(false);
    expect(tunesFirst({ tune: false })).toBe(false);
    expect(tunesFirst({ overrides: { alpha: 5 }, tune: true })).toBe(true);
    const { dir, db } = await shopFiles();
    const result = await importAndTrain(db, "trio", dir, { overrides: { factors: 8, iterations: 2 }, tuning: QUICK });
    expect(result.tuning).toBeNull();
    expect(result.settings.factors).toBe(8);
    expect(result.untunedReason).toBe("a setting that tuning chooses was given");
    const untold = await importAndTrain(db, "trio", dir, { overrides: { iterations: 2 }, tune: false });
    expect(untold).toMatchObject({ tuning: null, untunedReason: "not asked for (--no-tune)" });
  });

  it("tunes an event log without times on a random holdout, and the served model says so", async () => {
    const dir = tempDir();
    const file = path.join(dir, "events.csv");
    // 60 customers of 4 to 8 products each, in three taste groups; no time column.
    const rows = Array.from({ length: 60 }, (_, c) =>
      Array.from({ length: 4 + (c % 5) }, (_, k) => `c${c},p${(c % 3) * 10 + ((c + 3 * k) % 10)},${1 + ((c * k) % 4)}`),
    ).flat();
    fs.writeFileSync(file, ["customer_id,product_id,weight", ...rows].join("\n") + "\n");
    const db = path.join(dir, "m.db");
    const splits: string[] = [];
    const result = await importAndTrain(
      db,
      "events",
      file,
      { overrides: { iterations: 2 }, tuning: QUICK },
      { onSplit: (i) => splits.push(i.split.kind) },
    );
    expect(splits).toEqual(["holdout"]);
    expect(result.tuning).not.toBeNull();
    expect(result.tuning!.details).toMatchObject({ split: "holdout", validationCutoff: null, validationFraction: QUICK.holdoutFraction });
    const store = Store.open(db);
    stores.push(store);
    const info = createServices(store).modelInfo.describe();
    expect(info.tuning).toMatchObject({ split: "holdout", heldOutShare: 0.2, validationCutoff: null, trials: QUICK.trials });
    expect(info.untunedReason).toBeNull();
    expect(info.tuning!.validation[0].users).toBeGreaterThan(50);
  });

  it("trains with the default settings when the data is too small to split, unless tuning was asked for", async () => {
    // Every customer has one product: nothing can be held out.
    const dir = tempDir();
    const file = path.join(dir, "events.csv");
    const rows = Array.from({ length: 20 }, (_, i) => `c${i},p${(i * 7) % 9}`);
    fs.writeFileSync(file, ["customer_id,product_id", ...rows].join("\n") + "\n");
    const db = path.join(dir, "m.db");
    const skipped: string[] = [];
    const result = await importAndTrain(
      db,
      "events",
      file,
      { overrides: { iterations: 2 }, tuning: QUICK },
      { onTuningSkipped: (r) => skipped.push(r) },
    );
    expect(result.tuning).toBeNull();
    expect(result.training.modelId).toBe(1);
    expect(skipped).toEqual([expect.stringMatching(/too small to tune: no customer has two products/)]);
    expect(result.untunedReason).toBe(skipped[0]);
    const store = Store.open(db);
    stores.push(store);
    expect(createServices(store).modelInfo.describe()).toMatchObject({ tuning: null, untunedReason: skipped[0] });
    await expect(importAndTrain(db, "events", file, { overrides: { iterations: 2 }, tune: true, tuning: QUICK })).rejects.toThrow(
      /too small to tune/,
    );
  });
});

describe("stored tuned settings", () => {
  it("are used by later training runs, with explicit settings winning", async () => {
    const dir = tempDir();
    writeTrioFiles(generateSampleShop(SMALL_SHOP), dir);
    const db = path.join(dir, "m.db");
    const tuned = await importAndTrain(db, "trio", dir, { overrides: { iterations: 4 }, tune: true, tuning: QUICK });
    expect(tuned.tuning).not.toBeNull();
    const store = Store.open(db);
    stores.push(store);
    const stored = store.tunings.latest()!;
    expect(store.models.load()!.stats.tuning).toMatchObject({ validation: stored.validation });
    expect(resolveSettings(store).settings).toMatchObject(stored.settings);
    // The served model says how it was tuned.
    const info = createServices(store).modelInfo.describe();
    expect(info.tuning).toMatchObject({ trials: QUICK.trials, validation: [{ k: 10 }, { k: 20 }] });
    expect(info.tuning!.validation[0].averagePrecision).toEqual(expect.any(Number));
    expect(info.tuning).toMatchObject({ split: "temporal", heldOutShare: QUICK.validationFraction, popularityNdcg: expect.any(Number) });
    expect(info.tuning!.validationCutoff!.getTime()).toBeLessThan(Date.parse("2025-12-01T00:00:00Z"));
    expect(resolveSettings(store, { factors: 12 }).settings.factors).toBe(12);
    // Overriding a tuned setting drops the tuning record: its validation figures no longer apply.
    expect(resolveSettings(store, { factors: 12 }).tuning).toBeNull();
    expect(resolveSettings(store, { iterations: 3 }).tuning).toEqual(stored);
    // A training run on the same file that does not tune again picks the tuned settings up.
    const again = await importAndTrain(db, "trio", dir, { overrides: { iterations: 2 }, tune: false });
    expect(again.settings).toMatchObject(stored.settings);
    expect(fs.existsSync(db)).toBe(true);
  });
});
