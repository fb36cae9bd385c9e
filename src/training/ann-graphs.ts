/**
 * A large catalogue's HNSW graphs, built with its version (model/ann-index.ts): one by inner product
 * for recommendations, one by cosine for similar products, each measured on a sample of the queries
 * it will answer and set to it (model/ann-tuning.ts): customers' vectors for the first, products'
 * for the second.
 */
import { AnnIndex, type AnnOptions } from "../model/ann-index";
import { ANN_TUNING_QUERIES, type AnnTuning, type AnnTuningOptions, sampleRows, tuneAnn } from "../model/ann-tuning";
import type { StoredAnn } from "../store";

export interface BuiltGraphs {
  graphs: StoredAnn[];
  tunings: AnnTuning[];
  seconds: number;
}

/** Both graphs over the products' vectors (rows of `productVectors`), from `options`, each measured and set. */
export function buildGraphs(
  ids: readonly string[],
  productVectors: Float32Array,
  customerVectors: Float64Array,
  k: number,
  options: AnnOptions,
  settings: Partial<AnnTuningOptions> = {},
): BuiltGraphs {
  const started = performance.now();
  const customers = sampleRows(customerVectors, customerVectors.length / k, k, ANN_TUNING_QUERIES);
  const products = sampleRows(productVectors, ids.length, k, ANN_TUNING_QUERIES);
  const built = (["ip", "cosine"] as const).map((metric) => {
    const index = AnnIndex.build(ids, productVectors, k, options, metric);
    const queries = metric === "ip" ? customers : products;
    const { options: tuned, tuning } = tuneAnn(index, productVectors, queries.vectors, metric === "ip" ? null : queries.rows, settings);
    return { graph: { metric, graph: index.graph, options: tuned, layout: index.layout }, tuning };
  });
  return { graphs: built.map((b) => b.graph), tunings: built.map((b) => b.tuning), seconds: (performance.now() - started) / 1000 };
}

/** What each graph's measurement set and found, in a line: for the command line and the benchmarks. */
export function describeGraphs(tunings: readonly AnnTuning[]): string {
  return tunings
    .map(
      (g) =>
        `${g.metric === "ip" ? "by inner product" : "by cosine"} ef ${g.efSearch}${g.metric === "ip" ? `, head ${g.head}` : ""}, sample recall@10 ${g.recall.toFixed(3)}`,
    )
    .join("; ");
}
