import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readDataset } from "../../src/importers";
import { DEFAULT_ITEM_KNN_OPTIONS } from "../../src/model/item-knn";
import {
  alsCandidate,
  buildEvaluationSet,
  evaluateModels,
  itemKnnCandidate,
  popularityCandidate,
  type Protocol,
} from "../../src/training/evaluation.service";
import { loadIntoStore } from "../../src/training/import.service";
import { DEFAULT_TRAINING_OPTIONS } from "../../src/training/training.service";
import { Store } from "../../src/store";
import { ROOT } from "../helpers/paths";

const DAY = 86_400_000;
const CUTOFF = Date.parse("2025-10-01T00:00:00Z");
const temporal: Protocol = { kind: "temporal", cutoff: CUTOFF };
let store: Store;

beforeAll(async () => {
  store = Store.open(":memory:");
  loadIntoStore(store, await readDataset("trio", path.join(ROOT, "data")));
});

function pairsOf(set: ReturnType<typeof buildEvaluationSet>): string[] {
  const out: string[] = [];
  for (let u = 0; u < set.train.rows; u++) {
    for (let p = set.train.indptr[u]; p < set.train.indptr[u + 1]; p++) {
      out.push(`${set.customers.idAt(u)}:${set.products.idAt(set.train.indices[p])}:${set.train.data[p]}`);
    }
  }
  return out;
}

describe("the temporal split", () => {
  it("trains only on what happened before the cutoff", () => {
    const set = buildEvaluationSet(store, temporal, DEFAULT_TRAINING_OPTIONS);
    const before = new Set(
      (
        store.db.prepare("SELECT DISTINCT customer_id || ':' || product_id AS k FROM interactions WHERE occurred_at < ?").all(CUTOFF) as {
          k: string;
        }[]
      ).map((r) => r.k),
    );
    for (const pair of pairsOf(set)) expect(before.has(pair.split(":").slice(0, 2).join(":"))).toBe(true);
  });

  it("is untouched by anything recorded after the cutoff", () => {
    const first = pairsOf(buildEvaluationSet(store, temporal, DEFAULT_TRAINING_OPTIONS));
    const copy = Store.open(":memory:");
    copy.db.exec("PRAGMA foreign_keys = OFF");
    for (const table of ["customers", "products", "interactions"]) {
      const rows = store.db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
      const columns = Object.keys(rows[0]);
      const insert = copy.db.prepare(`INSERT INTO ${table} (${columns.join(",")}) VALUES (${columns.map((c) => "@" + c).join(",")})`);
      copy.transaction(() => rows.forEach((r) => insert.run(r)));
    }
    // Flood the test period with purchases of one product by everyone.
    copy.transaction(() => {
      const customers = copy.db.prepare("SELECT id FROM customers").all() as { id: string }[];
      for (const { id } of customers) {
        copy.interactions.insert(
          {
            customerId: id,
            productId: "1001",
            type: "purchase",
            quantity: 5,
            unitPrice: 1,
            occurredAt: CUTOFF + 3 * DAY,
            basketId: null,
            weight: null,
          },
          "import",
        );
      }
    });
    expect(pairsOf(buildEvaluationSet(copy, temporal, DEFAULT_TRAINING_OPTIONS))).toEqual(first);
    copy.close();
  });

  it("holds out only new products of customers known before the cutoff", () => {
    const set = buildEvaluationSet(store, temporal, DEFAULT_TRAINING_OPTIONS);
    expect(set.testUsers.length).toBeGreaterThan(100);
    set.testUsers.forEach((u, t) => {
      const bought = new Set(Array.from(set.bought.indices.subarray(set.bought.indptr[u], set.bought.indptr[u + 1])));
      for (const item of set.relevant[t]) expect(bought.has(item)).toBe(false);
    });
  });
});

describe("weightings on one split", () => {
  it("give every candidate the same customers and products, each weighted its own way", () => {
    const set = buildEvaluationSet(store, temporal, DEFAULT_TRAINING_OPTIONS);
    const decayed = set.trainWith({ ...DEFAULT_TRAINING_OPTIONS, recencyHalfLifeDays: 30 });
    expect([decayed.rows, decayed.cols]).toEqual([set.train.rows, set.train.cols]);
    expect(Array.from(decayed.indices)).toEqual(Array.from(set.train.indices)); // purchases only: no sign changes
    expect(Math.max(...decayed.data)).toBeLessThanOrEqual(Math.max(...set.train.data));
    expect(Array.from(decayed.data)).not.toEqual(Array.from(set.train.data));
    expect(set.trainWith(DEFAULT_TRAINING_OPTIONS)).toBe(set.train);
  });
});

describe("comparing models on the sample shop", () => {
  it("ALS beats popularity and item-kNN on NDCG@10 and recall@20", () => {
    const set = buildEvaluationSet(store, temporal, DEFAULT_TRAINING_OPTIONS);
    const [als, popularity, knn] = evaluateModels(
      set,
      [alsCandidate(DEFAULT_TRAINING_OPTIONS), popularityCandidate(), itemKnnCandidate(DEFAULT_ITEM_KNN_OPTIONS)],
      [10, 20],
    );
    for (const baseline of [popularity, knn]) {
      expect(als.metrics[0].ndcg).toBeGreaterThan(baseline.metrics[0].ndcg);
      expect(als.metrics[1].recall).toBeGreaterThan(baseline.metrics[1].recall);
    }
    expect(als.metrics[0].coverage).toBeGreaterThan(popularity.metrics[0].coverage);
  });

  it("leave-last-basket-out scores each customer's last purchase day", () => {
    const set = buildEvaluationSet(store, { kind: "last-basket" }, DEFAULT_TRAINING_OPTIONS);
    expect(set.testUsers.length).toBeGreaterThan(1000);
    const [als, popularity] = evaluateModels(set, [alsCandidate(DEFAULT_TRAINING_OPTIONS), popularityCandidate()], [10]);
    expect(als.metrics[0].hitRate).toBeGreaterThan(popularity.metrics[0].hitRate);
  });
});
