/**
 * A model version from factors trained by Spark MLlib on this service's export (spark-export.ts):
 * the saved ALSModel read and checked (spark-model.ts), its integer ids mapped back through the
 * export's id maps, and a version trained as usual around those factors (training.service.ts with
 * factorsFrom), so it serves as a locally trained one does: fold-in, explanations, hot swap.
 */
import fs from "node:fs";
import path from "node:path";
import { parquetReadObjects } from "hyparquet";
import type { Store } from "../store";
import { EXPORT_KIND, EXPORT_MANIFEST, type ExportManifest } from "./spark-export";
import { parquetFileBuffer, readSparkAlsModel, type SparkFactors, SparkModelError } from "./spark-model";
import { trainFromStore, type TrainingSummary } from "./training.service";

export interface FactorImportSummary extends TrainingSummary {
  rank: number;
  sparkVersion: string | null;
  /** Factors in the Spark model for ids the export's map has, but this file's data no longer does. */
  unused: { customers: number; products: number };
}

function readManifest(exportDir: string): ExportManifest {
  const file = path.join(exportDir, EXPORT_MANIFEST);
  if (!fs.existsSync(file))
    throw new SparkModelError(`${exportDir} is not an export of npm run export-interactions: no ${EXPORT_MANIFEST}`);
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as ExportManifest;
  if (manifest.kind !== EXPORT_KIND || manifest.version !== 1) throw new SparkModelError(`${file}: not an export this version reads`);
  return manifest;
}

/** The export's map from Spark's integer id to the shop's id. */
async function readIdMap(file: string, column: string, expected: number): Promise<string[]> {
  const rows = await parquetReadObjects({ file: parquetFileBuffer(file), columns: ["id", column] });
  const ids: string[] = new Array<string>(rows.length);
  for (const row of rows) {
    const at = row.id as number;
    if (!Number.isInteger(at) || at < 0 || at >= rows.length || typeof row[column] !== "string") {
      throw new SparkModelError(`${file}: a row that maps no id (${String(row.id)} → ${String(row[column])})`);
    }
    ids[at] = row[column] as string;
  }
  if (rows.length !== expected) throw new SparkModelError(`${file}: ${rows.length} ids, the export's manifest says ${expected}`);
  return ids;
}

/** The factors by the shop's ids; an id outside the map is an error (the model was trained on other data). */
function byShopId(side: SparkFactors, ids: string[], rank: number, what: string): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (let r = 0; r < side.ids.length; r++) {
    const id = side.ids[r];
    if (id < 0 || id >= ids.length) {
      throw new SparkModelError(
        `the Spark model has ${what} id ${id}, which the export's map (ids 0 to ${ids.length - 1}) does not have: was it trained on this export?`,
      );
    }
    out.set(ids[id], side.features.subarray(r * rank, (r + 1) * rank));
  }
  return out;
}

/** Reads the Spark model in `modelDir` trained on the export in `exportDir` and writes a model version into the store. */
export async function importSparkFactors(store: Store, modelDir: string, exportDir: string): Promise<FactorImportSummary> {
  const manifest = readManifest(exportDir);
  const customerIds = await readIdMap(path.join(exportDir, "customers.parquet"), "customer_id", manifest.customers);
  const productIds = await readIdMap(path.join(exportDir, "products.parquet"), "product_id", manifest.products);
  const model = await readSparkAlsModel(modelDir);
  const customers = byShopId(model.users, customerIds, model.rank, "user");
  const products = byShopId(model.items, productIds, model.rank, "item");
  const summary = trainFromStore(
    store,
    {
      ...manifest.settings,
      factors: model.rank,
      source: {
        factorsFrom: "spark",
        sparkModel: path.resolve(modelDir),
        export: path.resolve(exportDir),
        sparkVersion: model.sparkVersion,
        uid: model.uid,
      },
      factorsFrom: { rank: model.rank, upToId: manifest.lastInteractionId, customers, products },
    },
    {},
    null,
    "factors trained by Spark MLlib",
  );
  return {
    ...summary,
    rank: model.rank,
    sparkVersion: model.sparkVersion,
    unused: {
      customers: Math.max(0, customers.size - (summary.customers - (summary.imported?.solvedCustomers ?? 0))),
      products: Math.max(0, products.size - (summary.products - (summary.imported?.solvedProducts ?? 0))),
    },
  };
}
