/**
 * The interactions as Spark MLlib's ALS learns them (scripts/spark/train_als.py): one row per customer
 * and product with integer ids and a rating r chosen so that Spark's confidence 1 + α·r is this
 * service's own (model/confidence.ts, after recency and count weighting), in Parquet, with the id maps
 * and the settings beside them. import-factors.service.ts reads the trained model back.
 *
 *   DIR/interactions/part-00000.parquet …   user: int32, item: int32, rating: float
 *   DIR/customers.parquet, DIR/products.parquet   id: int32, customer_id / product_id: string
 *   DIR/shop-export.json   the data cut, the settings, and the ALS parameters for Spark
 */
import fs from "node:fs";
import path from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { confidenceOf } from "../model/confidence";
import { bm25Matrix } from "../model/count-weighting";
import type { ModelSettings, Store } from "../store";
import { loadWeightMatrix } from "./weight-matrix";

export const EXPORT_MANIFEST = "shop-export.json";
export const EXPORT_KIND = "shop-recommender interactions for Spark ALS";
/** Rows per interactions part file: Spark reads the parts in parallel, and this process holds one part's columns at a time. */
export const EXPORT_PART_ROWS = 2_000_000;

/** pyspark.ml.recommendation.ALS's parameters for these settings. */
export interface SparkAlsParams {
  rank: number;
  maxIter: number;
  /** Spark scales it by each row's count of ratings (λ·n_u): this service's λ over the mean count, the same ridge for the typical customer. */
  regParam: number;
  alpha: number;
  implicitPrefs: true;
  nonnegative: false;
  seed: number;
  userCol: "user";
  itemCol: "item";
  ratingCol: "rating";
}

export interface ExportManifest {
  kind: typeof EXPORT_KIND;
  version: 1;
  createdAt: string;
  /** The newest interaction id exported: the model version's data cut. */
  lastInteractionId: number;
  customers: number;
  products: number;
  pairs: number;
  parts: string[];
  /** The service's settings the ratings were made with; the imported version records them. */
  settings: ModelSettings;
  spark: SparkAlsParams;
}

/** Spark's parameters for the service's settings over a matrix with `pairs` entries in `rows` rows. */
export function sparkAlsParams(settings: ModelSettings, rows: number, pairs: number): SparkAlsParams {
  const meanCount = pairs / Math.max(1, rows);
  return {
    rank: settings.factors,
    maxIter: settings.iterations,
    regParam: settings.regularization / Math.max(1, meanCount),
    alpha: settings.alpha,
    implicitPrefs: true,
    nonnegative: false,
    seed: settings.seed,
    userCol: "user",
    itemCol: "item",
    ratingCol: "rating",
  };
}

function writeParquet(file: string, columnData: Parameters<typeof parquetWriteBuffer>[0]["columnData"]): void {
  fs.writeFileSync(file, new Uint8Array(parquetWriteBuffer({ columnData, createdBy: "shop-recommender" })));
}

const required = (type: "INT32" | "FLOAT" | "STRING") => ({ type, nullable: false });

/** Writes the export into `dir` (created; an existing export there is replaced). */
export function exportForSpark(store: Store, settings: ModelSettings, dir: string, partRows = EXPORT_PART_ROWS): ExportManifest {
  const { lastInteractionId, matrix } = store.snapshot(() => {
    const lastInteractionId = store.interactions.maxId();
    return { lastInteractionId, matrix: loadWeightMatrix(store, settings, { upToId: lastInteractionId }) };
  });
  const { customers, products } = matrix;
  const learned = settings.countWeighting === "bm25" ? bm25Matrix(matrix.weights) : matrix.weights;
  const pairs = learned.indices.length;
  if (pairs === 0) throw new Error("no interactions with a positive weight to export; import some data first");

  fs.rmSync(path.join(dir, "interactions"), { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "interactions"), { recursive: true });
  const parts: string[] = [];
  let row = 0;
  for (let start = 0; start < pairs; start += partRows) {
    const n = Math.min(partRows, pairs - start);
    const user = new Int32Array(n);
    const item = new Int32Array(n);
    const rating = new Float32Array(n);
    for (let p = 0; p < n; p++) {
      const at = start + p;
      while (learned.indptr[row + 1] <= at) row++;
      user[p] = row;
      item[p] = learned.indices[at];
      // 1 + α·r = c, this service's confidence of the pair.
      rating[p] = (confidenceOf(learned.data[at], settings) - 1) / settings.alpha;
    }
    const name = `part-${String(parts.length).padStart(5, "0")}.parquet`;
    writeParquet(path.join(dir, "interactions", name), [
      { name: "user", data: user, ...required("INT32") },
      { name: "item", data: item, ...required("INT32") },
      { name: "rating", data: rating, ...required("FLOAT") },
    ]);
    parts.push(`interactions/${name}`);
  }
  const ids = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
  writeParquet(path.join(dir, "customers.parquet"), [
    { name: "id", data: ids(customers.size), ...required("INT32") },
    { name: "customer_id", data: customers.ids, ...required("STRING") },
  ]);
  writeParquet(path.join(dir, "products.parquet"), [
    { name: "id", data: ids(products.size), ...required("INT32") },
    { name: "product_id", data: products.ids, ...required("STRING") },
  ]);
  const manifest: ExportManifest = {
    kind: EXPORT_KIND,
    version: 1,
    createdAt: new Date().toISOString(),
    lastInteractionId,
    customers: customers.size,
    products: products.size,
    pairs,
    parts,
    settings,
    spark: sparkAlsParams(settings, customers.size, pairs),
  };
  fs.writeFileSync(path.join(dir, EXPORT_MANIFEST), JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}
