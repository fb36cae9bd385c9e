/**
 * The way through Spark MLlib: the export's ratings and id maps, and a model version from a saved
 * ALSModel that serves as the locally trained one does.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parquetReadObjects } from "hyparquet";
import { afterEach, describe, expect, it } from "vitest";
import type { InteractionRecord } from "../../src/domain/records";
import { confidenceOf } from "../../src/model/confidence";
import { type ModelSettings, Store } from "../../src/store";
import { importSparkFactors } from "../../src/training/factor-import.service";
import { exportForSpark, type ExportManifest } from "../../src/training/spark-export";
import { parquetFileBuffer, SparkModelError } from "../../src/training/spark-model";
import { DEFAULT_TRAINING_OPTIONS } from "../../src/training/training.service";
import { loadWeightMatrix } from "../../src/training/weight-matrix";
import { graphqlHarness } from "../helpers/graphql";
import { ROOT, tempDir } from "../helpers/paths";
import { type FactorRows, writeSparkModel } from "../helpers/spark-model";
import { trainedModelFile } from "../helpers/trained-store";

const DAY = 86_400_000;
const { source: _s, referenceDate: _r, rfmThresholds: _t, threads: _n, factorsFrom: _f, ...DEFAULTS } = DEFAULT_TRAINING_OPTIONS;

async function readRows(file: string): Promise<Record<string, unknown>[]> {
  return parquetReadObjects({ file: parquetFileBuffer(file) });
}

/** The export's interactions by the shop's ids: "customer product" → rating. */
async function exportedRatings(dir: string, manifest: ExportManifest): Promise<Map<string, number>> {
  const customers = (await readRows(path.join(dir, "customers.parquet"))).map((r) => r.customer_id as string);
  const products = (await readRows(path.join(dir, "products.parquet"))).map((r) => r.product_id as string);
  const out = new Map<string, number>();
  for (const part of manifest.parts) {
    for (const r of await readRows(path.join(dir, part)))
      out.set(`${customers[r.user as number]} ${products[r.item as number]}`, r.rating as number);
  }
  return out;
}

let stores: Store[] = [];
afterEach(() => {
  for (const s of stores) s.close();
  stores = [];
});

function smallStore(): Store {
  const store = Store.open(":memory:");
  stores.push(store);
  store.catalog.upsertProducts(["A", "B", "C"].map((id) => ({ id, name: id, category: null, price: 1, rating: null })));
  store.customers.upsert([{ id: "c1" }, { id: "c2" }, { id: "c3" }]);
  const buy = (customerId: string, productId: string, day: number, quantity = 1): InteractionRecord => ({
    customerId,
    productId,
    type: "purchase",
    quantity,
    unitPrice: 1,
    occurredAt: day * DAY,
    basketId: `${customerId}-${day}`,
    weight: null,
  });
  store.imports.insertMany(
    [buy("c1", "A", 1), buy("c1", "A", 9, 5), buy("c1", "B", 3), buy("c2", "B", 4, 2), buy("c3", "C", 2), buy("c3", "A", 6)],
    "import",
  );
  return store;
}

describe("the export for Spark", () => {
  it("writes each pair's rating so that Spark's confidence 1 + α·r is the service's, linear or log", async () => {
    for (const settings of [
      { ...DEFAULTS, alpha: 20, scaling: "linear" as const },
      { ...DEFAULTS, alpha: 7, scaling: "log" as const, epsilon: 0.5 },
    ]) {
      const store = smallStore();
      const dir = tempDir();
      const manifest = exportForSpark(store, settings, dir);
      const ratings = await exportedRatings(dir, manifest);
      const matrix = loadWeightMatrix(store, settings, {});
      expect(ratings.size).toBe(matrix.weights.indices.length);
      expect(ratings.size).toBe(5);
      for (let u = 0; u < matrix.customers.size; u++) {
        for (let p = matrix.weights.indptr[u]; p < matrix.weights.indptr[u + 1]; p++) {
          const key = `${matrix.customers.idAt(u)} ${matrix.products.idAt(matrix.weights.indices[p])}`;
          const c = confidenceOf(matrix.weights.data[p], settings);
          expect(1 + settings.alpha * ratings.get(key)!, key).toBeCloseTo(c, 4);
        }
      }
      if (settings.scaling === "linear") expect(ratings.get("c1 A")).toBeCloseTo(2 * ratings.get("c3 C")!, 6);
    }
  });

  it("records the data cut, the settings and Spark's parameters, its ridge the service's for the typical customer", () => {
    const store = smallStore();
    const settings: ModelSettings = { ...DEFAULTS, factors: 24, iterations: 11, regularization: 50, alpha: 9, seed: 3 };
    const manifest = exportForSpark(store, settings, tempDir());
    expect(manifest).toMatchObject({ customers: 3, products: 3, pairs: 5, lastInteractionId: store.interactions.maxId(), settings });
    // 5 pairs over 3 customers: Spark's λ·n_u is 50 for the mean row.
    expect(manifest.spark).toMatchObject({
      rank: 24,
      maxIter: 11,
      alpha: 9,
      seed: 3,
      implicitPrefs: true,
      userCol: "user",
      itemCol: "item",
    });
    expect(manifest.spark.regParam * (5 / 3)).toBeCloseTo(50, 10);
  });

  it("splits the interactions into part files of a bounded size, losing none", async () => {
    const store = smallStore();
    const dir = tempDir();
    const manifest = exportForSpark(store, DEFAULTS, dir, 2);
    expect(manifest.parts).toEqual([
      "interactions/part-00000.parquet",
      "interactions/part-00001.parquet",
      "interactions/part-00002.parquet",
    ]);
    expect((await exportedRatings(dir, manifest)).size).toBe(5);
  });
});

/** A trained file, its latest version, an export of it, and Spark-layout files holding that version's own factors. */
async function exportedShop(leaveOut: { customers?: string[]; products?: string[] } = {}) {
  const { dbPath } = await trainedModelFile();
  const store = Store.open(dbPath);
  stores.push(store);
  const local = store.models.load()!;
  const exportDir = tempDir();
  const manifest = exportForSpark(store, local.params as ModelSettings, exportDir);
  const customers = (await readRows(path.join(exportDir, "customers.parquet"))).map((r) => r.customer_id as string);
  const products = (await readRows(path.join(exportDir, "products.parquet"))).map((r) => r.product_id as string);
  const k = local.factors;
  const rows = (ids: string[], index: typeof local.customers, factors: Float32Array, skip: string[] = []): FactorRows =>
    ids.flatMap((id, sparkId) => {
      const at = index.indexOf(id)!;
      return skip.includes(id) ? [] : [[sparkId, Array.from(factors.subarray(at * k, (at + 1) * k))] as [number, number[]]];
    });
  const modelDir = path.join(exportDir, "spark-model");
  writeSparkModel(
    modelDir,
    k,
    rows(customers, local.customers, local.customerFactors, leaveOut.customers),
    rows(products, local.products, local.productFactors, leaveOut.products),
  );
  return { dbPath, store, local, manifest, exportDir, modelDir };
}

describe("a model version from Spark's factors", () => {
  it("holds the factors Spark saved, by the shop's ids, and serves what the local version served: lists, explanations, hot swap, fold-in", async () => {
    const { dbPath, store, local, exportDir, modelDir } = await exportedShop();
    const h = graphqlHarness(dbPath);
    try {
      const customers = local.customers.ids.slice(0, 12);
      const query = `query($c: ID) { recommendations(customerId: $c, k: 10) { product { id } score because(k: 2) { id } } }`;
      const before = [];
      for (const c of customers) before.push((await h.data<{ recommendations: unknown[] }>(query, { c })).recommendations);

      const summary = await importSparkFactors(store, modelDir, exportDir);
      expect(summary.imported).toEqual({ solvedCustomers: 0, solvedProducts: 0 });
      const imported = store.models.load()!;
      expect(imported.id).toBe(summary.modelId);
      expect(imported.id).toBeGreaterThan(local.id);
      expect(imported.lastInteractionId).toBe(local.lastInteractionId);
      expect(imported.source).toMatchObject({ factorsFrom: "spark", sparkVersion: "3.5.1" });
      for (const id of customers) {
        const a = local.customers.indexOf(id)!;
        const b = imported.customers.indexOf(id)!;
        expect(Array.from(imported.customerFactors.subarray(b * local.factors, (b + 1) * local.factors))).toEqual(
          Array.from(local.customerFactors.subarray(a * local.factors, (a + 1) * local.factors)),
        );
      }

      // The harness's server swaps the new version in on its next request and serves the same lists.
      const info = await h.data<{ modelInfo: { version: number } }>(`{ modelInfo { version } }`);
      expect(info.modelInfo.version).toBe(imported.id);
      for (const [i, c] of customers.entries()) {
        const after = (await h.data<{ recommendations: { because: unknown[] }[] }>(query, { c })).recommendations;
        expect(after, c).toEqual(before[i]);
      }
      expect(before.flat().some((r) => (r as { because: unknown[] }).because.length > 0)).toBe(true);

      // A live purchase folds the customer in on the imported version.
      const customer = customers[0];
      const top = (before[0] as { product: { id: string } }[])[0].product.id;
      await h.data(`mutation($c: ID!, $p: ID!) { recordInteraction(input: { customerId: $c, productId: $p, type: PURCHASE }) { id } }`, {
        c: customer,
        p: top,
      });
      const folded = store.models.customerVector(imported.id, customer, imported.factors);
      expect(folded).toBeDefined();
      const b = imported.customers.indexOf(customer)!;
      expect(Array.from(folded!)).not.toEqual(
        Array.from(imported.customerFactors.subarray(b * imported.factors, (b + 1) * imported.factors)),
      );
      const next = (await h.data<{ recommendations: { product: { id: string } }[] }>(query, { c: customer })).recommendations;
      expect(next.map((r) => r.product.id)).not.toContain(top);
    } finally {
      await h.close();
    }
  });

  it("solves the customers and products Spark has no factors for against the other side, close to what ALS found for them", async () => {
    const probe = await exportedShop();
    const customer = probe.local.customers.ids[5];
    const product = probe.local.products.ids[3];
    const { store, local, exportDir, modelDir } = await exportedShop({ customers: [customer], products: [product] });
    const summary = await importSparkFactors(store, modelDir, exportDir);
    expect(summary.imported).toEqual({ solvedCustomers: 1, solvedProducts: 1 });
    const imported = store.models.load()!;
    const k = local.factors;
    const rowOf = (m: typeof local, side: "customers" | "products", id: string) => {
      const at = m[side].indexOf(id)!;
      return Array.from((side === "customers" ? m.customerFactors : m.productFactors).subarray(at * k, (at + 1) * k));
    };
    const cosine = (a: number[], b: number[]) => {
      const dot = a.reduce((s, v, i) => s + v * b[i], 0);
      return dot / Math.sqrt(a.reduce((s, v) => s + v * v, 0) * b.reduce((s, v) => s + v * v, 0));
    };
    for (const [side, id] of [
      ["customers", customer],
      ["products", product],
    ] as const) {
      const solved = rowOf(imported, side, id);
      expect(solved.every(Number.isFinite)).toBe(true);
      expect(cosine(solved, rowOf(local, side, id)), `${side} ${id}`).toBeGreaterThan(0.9);
    }
  });

  it("is refused, and nothing written, when the Spark model has ids the export's map does not", async () => {
    const { store, local, exportDir, modelDir, manifest } = await exportedShop();
    writeSparkModel(
      modelDir,
      local.factors,
      [[manifest.customers + 3, new Array<number>(local.factors).fill(0.1)]],
      [[0, new Array<number>(local.factors).fill(0.1)]],
    );
    const error = await importSparkFactors(store, modelDir, exportDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SparkModelError);
    expect((error as Error).message).toMatch(new RegExp(`user id ${manifest.customers + 3}, which the export's map .* does not have`));
    expect(store.models.latestId()).toBe(local.id);
  });
});

describe("npm run export-interactions and npm run import-factors", () => {
  const run = (script: string, args: string[]) =>
    spawnSync(process.execPath, ["-r", "tsx/cjs", path.join("scripts", script), ...args], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 120_000,
    });

  it(
    "write an export beside which a Spark model of another rank is read back into a new version of the file",
    { timeout: 240_000 },
    async () => {
      const { dbPath } = await trainedModelFile();
      const out = path.join(tempDir(), "export");
      const exported = run("export-interactions.ts", ["--format", "parquet", "--out", out, "--db", dbPath, "--factors", "8"]);
      expect(exported.stderr).toBe("");
      expect(exported.stdout).toMatch(/^Exported [\d,]+ customer–product ratings of [\d,]+ customers and [\d,]+ products/);
      expect(exported.stdout).toMatch(/Spark ALS {7}rank 8, maxIter \d+, regParam [\d.e-]+, alpha \d+/);
      const manifest = JSON.parse(fs.readFileSync(path.join(out, "shop-export.json"), "utf8")) as ExportManifest;
      const factors = (n: number, seed: number): FactorRows =>
        Array.from({ length: n }, (_, i) => [i, Array.from({ length: 4 }, (_, f) => Math.sin(seed + i * 4 + f) / 2)]);
      writeSparkModel(path.join(out, "spark-model"), 4, factors(manifest.customers, 1), factors(manifest.products, 2));

      const imported = run("import-factors.ts", ["--spark-model", path.join(out, "spark-model"), "--db", dbPath]);
      expect(imported.stderr).toBe("");
      expect(imported.status).toBe(0);
      expect(imported.stdout).toMatch(/^Model \d+ written to .* from the Spark model in .* \(rank 4, Spark 3\.5\.1\)/);
      const store = Store.open(dbPath, { readonly: true });
      stores.push(store);
      expect(store.models.load()!.factors).toBe(4);

      const wrong = run("import-factors.ts", ["--spark-model", path.join(out, "spark-model"), "--export", tempDir(), "--db", dbPath]);
      expect(wrong.status).toBe(1);
      expect(wrong.stderr).toMatch(/holds no shop-export\.json/);
    },
  );

  it("have a Spark job that is valid Python", () => {
    const compiled = spawnSync(
      "python3",
      ["-c", "import ast,sys; ast.parse(open(sys.argv[1]).read())", path.join(ROOT, "scripts", "spark", "train_als.py")],
      {
        encoding: "utf8",
      },
    );
    if (compiled.error) return; // no Python on this machine
    expect(compiled.stderr).toBe("");
    expect(compiled.status).toBe(0);
  });
});
