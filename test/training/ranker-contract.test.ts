/**
 * The ranker tuning scores (ranker-selection.service.ts's rankerCandidate, on an evaluation set) and
 * the one the server runs (LiveModel.rank, through the API) rank alike, for every ranker kind and
 * every customer, however short their history.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readDataset } from "../../src/importers";
import { generateSampleShop, writeTrioFiles } from "../../src/importers/sample-shop";
import type { RankerSettings } from "../../src/model/ranker";
import { topK } from "../../src/model/top-k";
import { Store } from "../../src/store";
import { buildEvaluationSet } from "../../src/training/evaluation.service";
import { loadIntoStore } from "../../src/training/import.service";
import { rankerCandidate } from "../../src/training/ranker-selection.service";
import { trainFromStore } from "../../src/training/training.service";
import type { Recommendation } from "../../web/src/generated/schema";
import { graphqlHarness } from "../helpers/graphql";
import { tempDir } from "../helpers/paths";
import { FAST_TRAINING, SMALL_SHOP } from "../helpers/trained-store";

const KNN = { neighbours: 50, weighting: "bm25" as const, k1: 1.2, b: 0.75 };
const RANKERS: [string, RankerSettings, Recommendation["source"]][] = [
  ["ALS", { als: 1, itemKnn: 0, popularity: 0, knn: KNN }, "PERSONALIZED"],
  ["item-kNN", { als: 0, itemKnn: 1, popularity: 0, knn: KNN }, "PERSONALIZED"],
  ["a blend of ALS, item-kNN and popularity", { als: 1, itemKnn: 0.5, popularity: 0.25, knn: KNN }, "PERSONALIZED"],
  ["popularity", { als: 0, itemKnn: 0, popularity: 1, knn: KNN }, "POPULAR"],
];

let dir: string;
beforeAll(() => {
  dir = tempDir();
  writeTrioFiles(generateSampleShop(SMALL_SHOP), dir);
});

describe.each(RANKERS)("the ranker tuning scores, %s", (_name, ranker, source) => {
  it("ranks each customer's top 10 as the served model does through the API", async () => {
    const dbPath = path.join(tempDir(), "m.db");
    const store = Store.open(dbPath);
    loadIntoStore(store, await readDataset("trio", dir));
    const options = { ...FAST_TRAINING, ranker };
    trainFromStore(store, options);
    // Tuning's view of the same data: all of it trains, nothing is held out.
    const set = buildEvaluationSet(store, { kind: "temporal", cutoff: Date.parse("2100-01-01") }, options);
    const score = rankerCandidate(options).fit(set);
    store.close();

    const h = graphqlHarness(dbPath);
    const scores = new Float32Array(set.products.size);
    const skip = new Uint8Array(set.products.size);
    let compared = 0;
    try {
      for (let u = 0; u < set.customers.size; u += 7) {
        score(u, scores);
        for (let p = set.bought.indptr[u]; p < set.bought.indptr[u + 1]; p++) skip[set.bought.indices[p]] = 1;
        const tuning = topK(scores, 10, skip);
        skip.fill(0);
        const served = (
          await h.data<{ recommendations: (Pick<Recommendation, "source"> & { product: { id: string } })[] }>(
            `query($c: ID!) { recommendations(customerId: $c, k: 10) { product { id } source } }`,
            { c: set.customers.idAt(u) },
          )
        ).recommendations;
        expect(served.map((r) => r.source)).toEqual(served.map(() => source));
        const customer = `customer ${set.customers.idAt(u)}`;
        if (source === "PERSONALIZED")
          expect(
            served.map((r) => r.product.id),
            customer,
          ).toEqual(tuning.map((r) => set.products.idAt(r.index)));
        // Popularity ties are ordered by id when served: the same scores, in the same order.
        else
          expect(
            served.map((r) => scores[set.products.indexOf(r.product.id)!]),
            customer,
          ).toEqual(tuning.map((r) => r.score));
        compared++;
      }
    } finally {
      await h.close();
    }
    expect(compared).toBeGreaterThan(40);
  });
});
