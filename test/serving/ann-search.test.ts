import { describe, expect, it } from "vitest";
import { AnnIndex, MAX_ANN_FETCH } from "../../src/model/ann-index";
import { createGaussian, createRandom } from "../../src/model/random";
import { topK } from "../../src/model/top-k";
import { cosineToRow, rowNorms, scoreAll } from "../../src/model/scoring";
import { IdIndex } from "../../src/store";
import { annTop } from "../../src/serving/ann-search";
import type { LiveModel } from "../../src/serving/live-model";

const K = 8;

/**
 * The parts of a served model annTop reads, over n clustered products whose norms spread as trained
 * factors' do (log-normal: popular products have the long vectors).
 */
function catalogue(n: number, seed: number) {
  const gaussian = createGaussian(createRandom(seed));
  const centres = Array.from({ length: 20 }, () => Array.from({ length: K }, () => gaussian()));
  const productFactors = new Float32Array(n * K);
  for (let i = 0; i < n; i++) {
    const length = Math.exp(gaussian());
    for (let f = 0; f < K; f++) productFactors[i * K + f] = length * (centres[i % 20][f] + 0.4 * gaussian());
  }
  const products = new IdIndex(Array.from({ length: n }, (_, i) => `p${i}`));
  const ann = AnnIndex.build(products.ids, productFactors, K);
  const model = { ann, k: K, productFactors, products, coldGroups: [] } as unknown as LiveModel;
  const exact = (x: Float32Array, wanted: number, skip: Uint8Array) =>
    topK(scoreAll(productFactors, n, K, x, new Float32Array(n)), wanted, skip);
  return { model, exact, query: () => Float32Array.from({ length: K }, () => gaussian()) };
}

/**
 * `trained` clustered products in a graph, then products without a trained vector: 40 sharing one
 * vector along a cluster's centre, 30 sharing one along another's, 20 with zeros, interleaved.
 */
function withColdProducts(trained: number, seed: number) {
  const gaussian = createGaussian(createRandom(seed));
  const centres = Array.from({ length: 10 }, () => Array.from({ length: K }, () => gaussian()));
  const shares = [centres[0].map((v) => 1.2 * v), centres[1].map((v) => 1.2 * v), Array<number>(K).fill(0)];
  const cold = Array.from({ length: 90 }, (_, c) => (c % 3 === 2 && c >= 60 ? 2 : c < 80 && c % 2 === 0 ? 0 : 1));
  const n = trained + cold.length;
  const productFactors = new Float32Array(n * K);
  for (let i = 0; i < trained; i++) for (let f = 0; f < K; f++) productFactors[i * K + f] = centres[i % 10][f] + 0.5 * gaussian();
  cold.forEach((g, c) => productFactors.set(shares[g], (trained + c) * K));
  const products = new IdIndex(Array.from({ length: n }, (_, i) => `p${i}`));
  const ann = AnnIndex.build(products.ids.slice(0, trained), productFactors.subarray(0, trained * K), K);
  const annCosine = AnnIndex.build(products.ids.slice(0, trained), productFactors.subarray(0, trained * K), K, undefined, "cosine");
  const coldGroups = [0, 1, 2].map((g) => {
    const members = Int32Array.from(cold.flatMap((h, c) => (h === g ? [trained + c] : [])));
    return { row: members[0], members };
  });
  const productNorms = rowNorms(productFactors, n, K);
  const model = { ann, annCosine, k: K, productFactors, productNorms, products, coldGroups } as unknown as LiveModel;
  return { model, n, centres, gaussian };
}

describe("ranking through the graph", () => {
  it("finds the exact top of what the mask lets through, scored exactly, when a quarter of the catalogue is masked", () => {
    const shop = catalogue(6000, 5);
    const random = createRandom(9);
    let hits = 0;
    for (let q = 0; q < 30; q++) {
      const skip = Uint8Array.from({ length: 6000 }, () => (random() < 0.25 ? 1 : 0));
      const x = shop.query();
      const found = annTop(shop.model, x, 10, skip)!;
      const truth = shop.exact(x, 10, skip);
      expect(found).toHaveLength(10);
      expect(found.every((r) => !skip[r.index])).toBe(true);
      const scoreOf = new Map(truth.map((r) => [r.index, r.score]));
      for (const r of found) {
        if (!scoreOf.has(r.index)) continue;
        expect(r.score).toBeCloseTo(scoreOf.get(r.index)!, 4);
        hits++;
      }
    }
    expect(hits / 300).toBeGreaterThanOrEqual(0.95);
  });

  it("gives up, for exact scoring to take over, when the mask leaves too few among the most the graph is asked for", () => {
    const shop = catalogue(MAX_ANN_FETCH + 2000, 6);
    const x = shop.query();
    // Only the three products least like the query are allowed, and the list wants five.
    const worst = shop
      .exact(
        Float32Array.from(x, (v) => -v),
        3,
        new Uint8Array(MAX_ANN_FETCH + 2000),
      )
      .map((r) => r.index);
    const skip = new Uint8Array(MAX_ANN_FETCH + 2000).fill(1);
    for (const i of worst) skip[i] = 0;
    expect(annTop(shop.model, x, 5, skip)).toBeNull();
  });

  it("gives every allowed product of a graph smaller than the list, best first", () => {
    const shop = catalogue(50, 7);
    const x = shop.query();
    const skip = new Uint8Array(50);
    skip[3] = 1;
    const found = annTop(shop.model, x, 100, skip)!;
    expect(found.map((r) => r.index)).toEqual(shop.exact(x, 100, skip).map((r) => r.index));
  });

  it("ranks the products without a trained vector beside the graph exactly, a group of equal vectors at a time", () => {
    const shop = withColdProducts(300, 8);
    const { n } = shop;
    const random = createRandom(3);
    let grouped = 0;
    let trainedToo = 0;
    // Queries near the shared centres, so that the grouped products compete for the top.
    for (let q = 0; q < 20; q++) {
      const centre = shop.centres[q % 2];
      const x = Float32Array.from(centre, (v) => 2 * v + 0.3 * shop.gaussian());
      const skip = Uint8Array.from({ length: n }, () => (random() < 0.2 ? 1 : 0));
      const truth = topK(scoreAll(shop.model.productFactors, n, K, x, new Float32Array(n)), 40, skip);
      const found = annTop(shop.model, x, 40, skip)!;
      expect(found.map((r) => r.index)).toEqual(truth.map((r) => r.index));
      expect(found.map((r) => r.score)).toEqual(truth.map((r) => r.score));
      grouped += found.filter((r) => r.index >= 300).length;
      trainedToo += found.filter((r) => r.index < 300).length;
    }
    expect(grouped).toBeGreaterThan(100);
    expect(trainedToo).toBeGreaterThan(50);
    // By cosine, from a trained product: the zero vectors have no cosine and are left out, as exact ranking leaves them.
    for (const seed of [0, 1, 10, 11]) {
      const skip = new Uint8Array(n);
      skip[seed] = 1;
      const exact = topK(cosineToRow(shop.model.productFactors, shop.model.productNorms, n, K, seed, new Float32Array(n)), 60, skip);
      const x = shop.model.productFactors.subarray(seed * K, (seed + 1) * K);
      const found = annTop(shop.model, x, 60, skip, "cosine")!;
      expect(found.map((r) => r.index)).toEqual(exact.map((r) => r.index));
      expect(found.some((r) => r.index >= 300)).toBe(true);
    }
  });

  it("scores the graph's head, the longest vectors, exactly beside it, finding them when no search reaches them", () => {
    const shop = catalogue(2000, 11);
    const { ann, productFactors } = shop.model;
    ann!.setHead(productFactors, 100);
    const head = new Set(ann!.head);
    expect(head.size).toBe(100);
    // A graph that never returns its head, as a graph by inner product leaves out the longest vectors.
    const search = ann!.search.bind(ann);
    ann!.search = (x, count) => search(x, count).filter((label) => !head.has(label));
    const random = createRandom(12);
    let [fromHead, hits] = [0, 0];
    for (let q = 0; q < 20; q++) {
      const skip = Uint8Array.from({ length: 2000 }, () => (random() < 0.1 ? 1 : 0));
      const x = shop.query();
      const found = new Set(annTop(shop.model, x, 10, skip)!.map((r) => r.index));
      const truth = shop.exact(x, 10, skip).map((r) => r.index);
      expect(truth.filter((i) => head.has(i) && !found.has(i))).toEqual([]);
      expect([...found].some((i) => head.has(i) && skip[i])).toBe(false);
      fromHead += truth.filter((i) => head.has(i)).length;
      hits += truth.filter((i) => found.has(i)).length;
    }
    expect(fromHead).toBeGreaterThan(20);
    expect(hits / 200).toBeGreaterThanOrEqual(0.95);
  });
});
