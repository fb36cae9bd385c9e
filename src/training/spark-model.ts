/**
 * Reads a model saved by Spark MLlib's `ALSModel.save` (pyspark.ml.recommendation), with hyparquet:
 *
 *   DIR/metadata/part-00000          one line of JSON: class, sparkVersion, uid, paramMap, rank
 *   DIR/userFactors/part-*.parquet   id: int, features: array<float>
 *   DIR/itemFactors/part-*.parquet   likewise
 *
 * Spark's bookkeeping files (_SUCCESS, .crc) are passed over. Every row is checked: an integer id,
 * once, and `rank` finite features.
 */
import fs from "node:fs";
import path from "node:path";
import { parquetMetadata, parquetReadObjects } from "hyparquet";

export const SPARK_ALS_MODEL_CLASS = "org.apache.spark.ml.recommendation.ALSModel";

/** One side's factors: row r is id ids[r] with features r·rank … r·rank + rank − 1. */
export interface SparkFactors {
  ids: Int32Array;
  features: Float32Array;
}

export interface SparkAlsModel {
  rank: number;
  sparkVersion: string | null;
  uid: string | null;
  users: SparkFactors;
  items: SparkFactors;
}

export class SparkModelError extends Error {}

/** A Parquet file's bytes as hyparquet reads them (an ArrayBuffer of its own, not Node's pooled one). */
export function parquetFileBuffer(file: string): ArrayBuffer {
  const bytes = fs.readFileSync(file);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function readMetadata(dir: string): { rank: number; sparkVersion: string | null; uid: string | null } {
  const metaDir = path.join(dir, "metadata");
  const parts = fs.existsSync(metaDir) ? fs.readdirSync(metaDir).filter((f) => f.startsWith("part-")) : [];
  if (parts.length === 0) throw new SparkModelError(`${dir} is not a saved Spark model: no metadata/part-* file`);
  const line = fs.readFileSync(path.join(metaDir, parts.sort()[0]), "utf8").split("\n")[0];
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new SparkModelError(`${path.join(metaDir, parts[0])}: not JSON`);
  }
  if (meta.class !== SPARK_ALS_MODEL_CLASS) {
    throw new SparkModelError(`${dir} holds a ${String(meta.class)}, not an ${SPARK_ALS_MODEL_CLASS}`);
  }
  const rank = meta.rank;
  if (typeof rank !== "number" || !Number.isInteger(rank) || rank < 1 || rank > 1024) {
    throw new SparkModelError(`${dir}: the metadata's rank must be an integer from 1 to 1024, got ${String(rank)}`);
  }
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  return { rank, sparkVersion: text(meta.sparkVersion), uid: text(meta.uid) };
}

/** The Parquet part files of one side, in name order. */
function partFiles(dir: string, side: string): string[] {
  const sideDir = path.join(dir, side);
  if (!fs.existsSync(sideDir)) throw new SparkModelError(`${dir} is not a saved ALS model: no ${side}/`);
  const files = fs
    .readdirSync(sideDir)
    .filter((f) => f.startsWith("part-") && f.endsWith(".parquet"))
    .sort();
  if (files.length === 0) throw new SparkModelError(`${sideDir} holds no part-*.parquet file`);
  return files.map((f) => path.join(sideDir, f));
}

async function readSide(dir: string, side: "userFactors" | "itemFactors", rank: number): Promise<SparkFactors> {
  const ids: number[] = [];
  const chunks: Float32Array[] = [];
  const seen = new Set<number>();
  for (const file of partFiles(dir, side)) {
    const buffer = parquetFileBuffer(file);
    let rows: Record<string, unknown>[];
    try {
      const names = parquetMetadata(buffer).schema.map((s) => s.name);
      for (const column of ["id", "features"]) {
        if (!names.includes(column)) throw new SparkModelError(`${file}: no ${column} column (columns: ${names.slice(1).join(", ")})`);
      }
      rows = await parquetReadObjects({ file: buffer, columns: ["id", "features"] });
    } catch (error) {
      if (error instanceof SparkModelError) throw error;
      throw new SparkModelError(`${file}: not a Parquet file hyparquet can read (${(error as Error).message})`);
    }
    const block = new Float32Array(rows.length * rank);
    rows.forEach((row, r) => {
      const id = typeof row.id === "bigint" ? Number(row.id) : row.id;
      if (typeof id !== "number" || (id | 0) !== id)
        throw new SparkModelError(`${file}, row ${r + 1}: id ${String(row.id)} is not a 32-bit integer`);
      if (seen.has(id)) throw new SparkModelError(`${file}, row ${r + 1}: id ${id} comes twice in ${side}`);
      seen.add(id);
      const features = row.features;
      if (!Array.isArray(features) && !ArrayBuffer.isView(features)) {
        throw new SparkModelError(`${file}, row ${r + 1} (id ${id}): no features`);
      }
      const values = features as ArrayLike<unknown>;
      if (values.length !== rank) {
        throw new SparkModelError(`${file}, row ${r + 1} (id ${id}): ${values.length} features, the model's rank is ${rank}`);
      }
      for (let f = 0; f < rank; f++) {
        const v = values[f];
        if (typeof v !== "number" || !Number.isFinite(v)) {
          throw new SparkModelError(`${file}, row ${r + 1} (id ${id}): feature ${f + 1} is ${String(v)}, not a finite number`);
        }
        block[r * rank + f] = v;
      }
      ids.push(id);
    });
    chunks.push(block);
  }
  const features = new Float32Array(ids.length * rank);
  let at = 0;
  for (const block of chunks) {
    features.set(block, at);
    at += block.length;
  }
  return { ids: Int32Array.from(ids), features };
}

/** Reads and checks a saved ALSModel directory. */
export async function readSparkAlsModel(dir: string): Promise<SparkAlsModel> {
  const { rank, sparkVersion, uid } = readMetadata(dir);
  return { rank, sparkVersion, uid, users: await readSide(dir, "userFactors", rank), items: await readSide(dir, "itemFactors", rank) };
}
