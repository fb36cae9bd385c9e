import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readDataset } from "../../src/importers";
import { loadIntoStore } from "../../src/training/import.service";
import { dayAfter } from "../../src/model/rfm";
import { trainFromStore } from "../../src/training/training.service";
import { Store } from "../../src/store";
import { tempDir } from "../helpers/paths";
import { FAST_TRAINING, trainedModelFile, trainModelFile } from "../helpers/trained-store";

const opened: Store[] = [];
function open(dbPath: string): Store {
  const store = Store.open(dbPath);
  opened.push(store);
  return store;
}
afterEach(() => {
  while (opened.length) opened.pop()!.close();
});

describe("training into a model file", () => {
  it("stores embeddings, id maps, popularity, RFM and the settings it used", async () => {
    const { dbPath, shop, result } = await trainModelFile();
    const store = open(dbPath);
    const model = store.models.load()!;
    expect(model.id).toBe(result.training.modelId);
    expect(model.factors).toBe(FAST_TRAINING.factors);
    expect(model.customerFactors).toHaveLength(model.customers.size * model.factors);
    expect(model.productFactors).toHaveLength(model.products.size * model.factors);
    expect(model.params).toMatchObject({
      alpha: FAST_TRAINING.alpha,
      regularization: FAST_TRAINING.regularization,
      iterations: 8,
      seed: FAST_TRAINING.seed,
    });
    expect(model.stats).toMatchObject({
      interactions: shop.purchases.length,
      finalLoss: expect.any(Number),
      secondsPerIteration: expect.any(Number),
    });
    expect(model.source).toMatchObject({ format: "trio" });
    // Popularity: the number of distinct buyers, checked against a direct count.
    const firstProduct = model.products.idAt(0);
    const buyers = new Set(shop.purchases.filter((p) => p.product_id === firstProduct).map((p) => p.customer_id)).size;
    expect(model.buyers[0]).toBe(buyers);
    // Customers who never bought have no embedding.
    expect(model.customers.indexOf(String(SMALL_BROWSER))).toBeUndefined();
  });

  it("computes RFM against the day after the last purchase", async () => {
    const { dbPath, shop } = await trainedModelFile();
    const store = open(dbPath);
    const model = store.models.load()!;
    const last = Math.max(...shop.purchases.map((p) => Date.parse(`${p.purchase_date}T00:00:00Z`)));
    expect(model.referenceDate).toBe(dayAfter(last));
    const customer = shop.purchases[0].customer_id;
    const mine = shop.purchases.filter((p) => p.customer_id === customer);
    const lastOwn = Math.max(...mine.map((p) => Date.parse(`${p.purchase_date}T00:00:00Z`)));
    const rfm = store.segments.rfm(model.id, customer)!;
    expect(rfm.recencyDays).toBe(Math.round((model.referenceDate! - lastOwn) / 86_400_000));
    expect(rfm.frequency).toBe(new Set(mine.map((p) => p.purchase_date)).size);
    const prices = new Map(shop.products.map((p) => [p.product_id, p.price]));
    expect(rfm.monetary).toBeCloseTo(
      mine.reduce((s, p) => s + prices.get(p.product_id)!, 0),
      2,
    );
  });

  it("writes a model version atomically: a failed save leaves the previous model in place", async () => {
    const { dbPath } = await trainedModelFile();
    const store = open(dbPath);
    const before = store.models.load()!;
    const broken = {
      factors: before.factors,
      params: {},
      stats: before.stats,
      source: {},
      lastInteractionId: 0,
      referenceDate: null,
      customerIds: before.customers.ids,
      customerFactors: before.customerFactors,
      productIds: before.products.ids,
      productFactors: before.productFactors,
      buyers: before.buyers,
      // Fails on a NOT NULL constraint after the model row and all factors were written.
      rfm: [{ customerId: "x", recencyDays: 1, frequency: 1, monetary: 1, r: 1, f: 1, m: 1, label: null as unknown as string }],
      rules: [],
      clusters: [],
      clusterOf: [],
    };
    expect(() => store.models.save(broken)).toThrow(/NOT NULL/);
    expect(store.models.latestId()).toBe(before.id);
    const reader = open(dbPath);
    expect(reader.models.load()!.customers.ids).toEqual(before.customers.ids);
  });

  it("keeps two model versions and serves the newest", async () => {
    const { dbPath } = await trainedModelFile();
    const store = open(dbPath);
    const first = store.models.latestId()!;
    trainFromStore(store, { ...FAST_TRAINING, iterations: 2 });
    const third = trainFromStore(store, { ...FAST_TRAINING, iterations: 2 }).modelId;
    expect(third).toBe(first + 2);
    const ids = store.db.prepare("SELECT id FROM models ORDER BY id").all() as { id: number }[];
    expect(ids.map((r) => r.id)).toEqual([first + 1, first + 2]);
    expect(store.models.load()!.id).toBe(third);
  });

  it("a new import replaces the previous import, writing only the difference, and keeps interactions recorded live", async () => {
    const { dbPath, dir } = await trainedModelFile();
    const store = open(dbPath);
    const imported = store.interactions.count();
    store.interactions.insert(
      {
        customerId: "1",
        productId: "1001",
        type: "view",
        quantity: 1,
        unitPrice: null,
        occurredAt: Date.now(),
        basketId: null,
        weight: null,
      },
      "live",
    );
    const data = await readDataset("trio", dir);
    expect(loadIntoStore(store, data)).toEqual({ kept: imported, removed: 0, inserted: 0 });
    const [gone, ...rest] = data.interactions;
    const added = { ...gone, occurredAt: gone.occurredAt! + 86_400_000 };
    expect(loadIntoStore(store, { ...data, interactions: [...rest, added] })).toEqual({ kept: imported - 1, removed: 1, inserted: 1 });
    expect(store.interactions.count()).toBe(imported + 1);
  });

  it("trains a model that scores from settings whose confidences would overflow", async () => {
    const { dbPath } = await trainedModelFile();
    const store = open(dbPath);
    // Flags a command line accepts (--alpha 1e308 --weight-purchase 10) make a purchase's confidence 1 + 1e308·10 = ∞.
    const eventWeights = { ...FAST_TRAINING.eventWeights, purchase: 10 };
    const { modelId } = trainFromStore(store, { ...FAST_TRAINING, scaling: "linear", alpha: 1e308, eventWeights, iterations: 2 });
    const model = store.models.load()!;
    expect(model.id).toBe(modelId);
    expect(Number.isFinite(model.stats.finalLoss)).toBe(true);
    expect(model.customerFactors.every(Number.isFinite) && model.productFactors.every(Number.isFinite)).toBe(true);
  });

  it("reads one state of the file: what another connection writes while it reads is in none of the version", async () => {
    const { dbPath } = await trainedModelFile();
    const store = open(dbPath);
    trainFromStore(store, { ...FAST_TRAINING, iterations: 1 });
    const basketsBefore = store.models.load()!.stats.baskets;
    const other = open(dbPath);
    const [customerId] = store.models.load()!.customers.ids;
    const [first, second] = store.models.load()!.products.ids;
    const purchase = (productId: string) => ({
      customerId,
      productId,
      type: "purchase" as const,
      quantity: 1,
      unitPrice: 1,
      occurredAt: Date.now(),
      basketId: "written-while-training",
      weight: null,
    });
    let written = 0;
    const during = trainFromStore(
      store,
      { ...FAST_TRAINING, iterations: 1 },
      {
        // After the weights are read, before the RFM figures, the baskets and the clusters are.
        onStart: () => {
          other.transaction(() => {
            written = other.interactions.insert(purchase(first), "live");
            other.interactions.insert(purchase(second), "live");
          });
        },
      },
    );
    expect(written).toBeGreaterThan(0);
    const model = store.models.load()!;
    expect(model.id).toBe(during.modelId);
    expect(model.lastInteractionId).toBeLessThan(written);
    expect(model.stats.baskets).toBe(basketsBefore);
    expect(model.stats.interactions).toBe(store.interactions.count() - 2);
    // The next version has them.
    const after = trainFromStore(store, { ...FAST_TRAINING, iterations: 1 });
    expect(store.models.load()!.id).toBe(after.modelId);
    expect(store.models.load()!.stats.baskets).toBe(model.stats.baskets + 1);
  });

  it("refuses to train an empty file", () => {
    const store = open(path.join(tempDir(), "m.db"));
    expect(() => trainFromStore(store, FAST_TRAINING)).toThrow(/no interactions/);
  });
});

/** In SMALL_SHOP the last 20 of 400 customers only browse. */
const SMALL_BROWSER = 400;
