import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readSparkAlsModel, SparkModelError } from "../../src/training/spark-model";
import { ROOT, tempDir } from "../helpers/paths";
import { type FactorRows, sparkMetadata, writeSparkModel, writeSparkSide } from "../helpers/spark-model";

const FIXTURE = path.join(ROOT, "test", "fixtures", "spark-als-model");
const USERS: FactorRows = [
  [0, [1, 0, 0.5]],
  [7, [-2, 0.25, 3]],
  [3, [0, 0, 1e-3]],
];
const ITEMS: FactorRows = [
  [1, [0.5, 0.5, 0.5]],
  [0, [1, 2, 3]],
];

describe("a saved Spark ALS model", () => {
  it("is read from Parquet another writer made (DuckDB), its part files in order and Spark's bookkeeping files passed over", async () => {
    const model = await readSparkAlsModel(FIXTURE);
    expect(model).toMatchObject({ rank: 2, sparkVersion: "3.5.1", uid: "ALS_4d1c9a6f2b3e" });
    expect([...model.users.ids]).toEqual([0, 2, 1]);
    expect([...model.users.features]).toEqual([1, 0, 0.5, -0.25, 0, 2]);
    expect([...model.items.ids]).toEqual([0, 1, 2, 3]);
    expect([...model.items.features]).toEqual([1, 1, 2, 0, 0, 3, -1, 0.5]);
  });

  it("is read from Spark's own schema of a factors frame, required id and a list of required floats, in several parts", async () => {
    const dir = tempDir();
    writeSparkModel(dir, 3, USERS, ITEMS);
    const model = await readSparkAlsModel(dir);
    expect(model.rank).toBe(3);
    expect([...model.users.ids]).toEqual([0, 7, 3]);
    expect(Array.from(model.users.features)).toEqual(USERS.flatMap(([, f]) => f).map((v) => Math.fround(v)));
    expect([...model.items.ids]).toEqual([1, 0]);
  });

  const refused = async (setUp: (dir: string) => void, message: RegExp) => {
    const dir = tempDir();
    writeSparkModel(dir, 3, USERS, ITEMS);
    setUp(dir);
    const error = await readSparkAlsModel(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SparkModelError);
    expect((error as Error).message).toMatch(message);
  };

  it("is refused when it is another kind of Spark model", () =>
    refused(
      (dir) =>
        fs.writeFileSync(path.join(dir, "metadata", "part-00000"), sparkMetadata(3, { class: "org.apache.spark.ml.feature.PCAModel" })),
      /PCAModel, not an org\.apache\.spark\.ml\.recommendation\.ALSModel/,
    ));

  it("is refused without metadata, or without a side", async () => {
    await refused((dir) => fs.rmSync(path.join(dir, "metadata"), { recursive: true }), /no metadata\/part-\* file/);
    await refused((dir) => fs.rmSync(path.join(dir, "itemFactors"), { recursive: true }), /no itemFactors\//);
  });

  it("is refused when a row's features do not match the rank, or are not finite", async () => {
    await refused((dir) => writeSparkSide(dir, "itemFactors", [[4, [1, 2]]], 1), /id 4\): 2 features, the model's rank is 3/);
    await refused(
      (dir) => writeSparkSide(dir, "itemFactors", [[4, [1, Number.NaN, 2]]], 1),
      /id 4\): feature 2 is NaN, not a finite number/,
    );
  });

  it("is refused when an id comes twice, in one part or across parts", async () => {
    await refused(
      (dir) =>
        writeSparkSide(
          dir,
          "userFactors",
          [
            [5, [1, 1, 1]],
            [5, [2, 2, 2]],
          ],
          2,
        ),
      /id 5 comes twice in userFactors/,
    );
  });

  it("is refused when a part file is not Parquet", () =>
    refused((dir) => {
      const sideDir = path.join(dir, "userFactors");
      fs.writeFileSync(
        path.join(
          sideDir,
          fs.readdirSync(sideDir).find((f) => f.startsWith("part-"))!,
        ),
        "not parquet at all",
      );
    }, /not a Parquet file hyparquet can read/));
});
