/**
 * Writes a model directory in exactly the layout Spark's ALSModel.save gives (metadata/part-00000
 * JSON, userFactors/ and itemFactors/ Parquet parts with `id: int, features: array<float>` as Spark's
 * Parquet writer declares them, _SUCCESS and .crc files), with hyparquet-writer.
 */
import fs from "node:fs";
import path from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";

export type FactorRows = [id: number, features: number[]][];

/** Spark 3's schema of a factors DataFrame: required int32 id, optional LIST<required float>. */
const SPARK_FACTOR_SCHEMA = [
  { name: "spark_schema", num_children: 2 },
  { name: "id", type: "INT32" as const, repetition_type: "REQUIRED" as const },
  { name: "features", repetition_type: "OPTIONAL" as const, num_children: 1, converted_type: "LIST" as const },
  { name: "list", repetition_type: "REPEATED" as const, num_children: 1 },
  { name: "element", type: "FLOAT" as const, repetition_type: "REQUIRED" as const },
];

export function sparkMetadata(rank: number, overrides: Record<string, unknown> = {}): string {
  return (
    JSON.stringify({
      class: "org.apache.spark.ml.recommendation.ALSModel",
      timestamp: 1733500000000,
      sparkVersion: "3.5.1",
      uid: "ALS_test",
      paramMap: { userCol: "user", itemCol: "item", predictionCol: "prediction", coldStartStrategy: "drop", blockSize: 4096 },
      defaultParamMap: { userCol: "user", itemCol: "item", predictionCol: "prediction", coldStartStrategy: "nan", blockSize: 4096 },
      rank,
      ...overrides,
    }) + "\n"
  );
}

/** Writes one side in `parts` part files, Spark's names and bookkeeping files included. */
export function writeSparkSide(dir: string, side: "userFactors" | "itemFactors", rows: FactorRows, parts = 2): void {
  const sideDir = path.join(dir, side);
  fs.mkdirSync(sideDir, { recursive: true });
  const per = Math.max(1, Math.ceil(rows.length / parts));
  for (let p = 0; p * per < rows.length || p === 0; p++) {
    const chunk = rows.slice(p * per, (p + 1) * per);
    const name = `part-${String(p).padStart(5, "0")}-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b-c000.snappy.parquet`;
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: "id", data: chunk.map((r) => r[0]) },
        { name: "features", data: chunk.map((r) => r[1]) },
      ],
      schema: SPARK_FACTOR_SCHEMA,
      createdBy: "parquet-mr version 1.13.1 (build db4183109d5b734ec5930d870cdae161e408ddba)",
    });
    fs.writeFileSync(path.join(sideDir, name), new Uint8Array(buffer));
    fs.writeFileSync(path.join(sideDir, `.${name}.crc`), "crc\0");
  }
  fs.writeFileSync(path.join(sideDir, "_SUCCESS"), "");
}

/** A whole saved model. */
export function writeSparkModel(dir: string, rank: number, users: FactorRows, items: FactorRows, metadata = sparkMetadata(rank)): void {
  fs.mkdirSync(path.join(dir, "metadata"), { recursive: true });
  fs.writeFileSync(path.join(dir, "metadata", "part-00000"), metadata);
  fs.writeFileSync(path.join(dir, "metadata", "_SUCCESS"), "");
  writeSparkSide(dir, "userFactors", users);
  writeSparkSide(dir, "itemFactors", items);
}
