import path from "node:path";
import { describe, expect, it } from "vitest";
import { importTrio } from "../../src/importers/trio.importer";
import { trainAls } from "../../src/model/als";
import { csrFromTriples } from "../../src/model/csr";
import { scoreAll } from "../../src/model/scoring";
import { topK } from "../../src/model/top-k";
import { DEFAULT_TRAINING_OPTIONS } from "../../src/training/training.service";
import { IdIndex } from "../../src/store";
import { ROOT } from "../helpers/paths";

describe("the bundled sample shop", () => {
  it("rewards collaborative filtering: default ALS beats popularity on each customer's last new purchase", async () => {
    const data = await importTrio(path.join(ROOT, "data"));
    const byCustomer = new Map<string, string[]>();
    for (const i of [...data.interactions].sort((a, b) => a.occurredAt! - b.occurredAt!)) {
      if (!byCustomer.has(i.customerId)) byCustomer.set(i.customerId, []);
      byCustomer.get(i.customerId)!.push(i.productId);
    }
    const customers = new IdIndex();
    const products = new IdIndex(data.products.map((p) => p.id));
    const rows: number[] = [];
    const cols: number[] = [];
    const heldOut = new Map<number, number>();
    for (const [customer, bought] of byCustomer) {
      const u = customers.add(customer);
      const history = bought.slice(0, -1);
      for (const p of history) {
        rows.push(u);
        cols.push(products.indexOf(p)!);
      }
      const last = bought.at(-1)!;
      if (history.length > 0 && !history.includes(last)) heldOut.set(u, products.indexOf(last)!);
    }
    const weights = csrFromTriples(
      customers.size,
      products.size,
      rows,
      cols,
      rows.map(() => 1),
      0,
    );
    const model = trainAls(weights, DEFAULT_TRAINING_OPTIONS);
    const k = model.factors;
    const itemFactors = new Float32Array(model.itemFactors);
    const popularity = new Float32Array(products.size);
    for (const c of weights.indices) popularity[c]++;
    const scores = new Float32Array(products.size);
    let alsHits = 0;
    let popularHits = 0;
    for (const [u, target] of heldOut) {
      const bought = new Uint8Array(products.size);
      for (let p = weights.indptr[u]; p < weights.indptr[u + 1]; p++) bought[weights.indices[p]] = 1;
      scoreAll(itemFactors, products.size, k, model.userFactors.subarray(u * k, (u + 1) * k), scores);
      if (topK(scores, 10, bought).some((r) => r.index === target)) alsHits++;
      if (topK(popularity, 10, bought).some((r) => r.index === target)) popularHits++;
    }
    expect(heldOut.size).toBeGreaterThan(1000);
    expect(alsHits).toBeGreaterThan(1.3 * popularHits);
  });
});
