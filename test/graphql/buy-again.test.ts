/**
 * Buy again through the API, on a small shop with known answers: weekly buyers of one product, a
 * population that buys another every 30 days, and a customer who bought that one once.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../src/domain/time";
import { ImportReport } from "../../src/importers/import-report";
import type { ImportedData } from "../../src/importers/imported-data";
import { Store } from "../../src/store";
import { loadIntoStore } from "../../src/training/import.service";
import { trainFromStore } from "../../src/training/training.service";
import { graphqlHarness } from "../helpers/graphql";
import { tempDir } from "../helpers/paths";
import { FAST_TRAINING } from "../helpers/sample-shop-options";

const START = Date.parse("2025-01-01T00:00:00Z");
const day = (n: number) => new Date(START + n * DAY_MS).toISOString();
const dayOf = (iso: string) => Math.round((Date.parse(iso) - START) / DAY_MS);

/** Weekly buyers w0…w4 of p0 (days 49 to 112, w0 also p4 and p5 once); p1 every 30 days by c0…c19; "once" bought p1 on day 100. */
function shop(dated = true): ImportedData {
  const products = ["p0", "p1", "p2", "p3", "p4", "p5"].map((id, i) => ({
    id,
    name: `Product ${i}`,
    category: `cat ${i % 2}`,
    price: 5,
    rating: null,
  }));
  const customers: { id: string }[] = [];
  const interactions: ImportedData["interactions"] = [];
  const buy = (customerId: string, productId: string, d: number) =>
    interactions.push({
      customerId,
      productId,
      type: "purchase",
      quantity: 1,
      unitPrice: 5,
      occurredAt: dated ? START + d * DAY_MS + 10 * 3_600_000 : null,
      basketId: `${customerId}-${d}`,
      weight: null,
    });
  for (let w = 0; w < 5; w++) {
    customers.push({ id: `w${w}` });
    for (let d = 49; d <= 112; d += 7) buy(`w${w}`, "p0", d);
    buy(`w${w}`, "p2", 60 + w);
  }
  buy("w0", "p4", 70);
  buy("w0", "p5", 80);
  for (let c = 0; c < 20; c++) {
    customers.push({ id: `c${c}` });
    for (let d = c; d <= c + 90; d += 30) buy(`c${c}`, "p1", d);
    buy(`c${c}`, "p3", c + 5);
  }
  customers.push({ id: "once" });
  buy("once", "p1", 100);
  buy("once", "p3", 100);
  return { customers, products, interactions, report: new ImportReport() };
}

function trainedHarness(data: ImportedData) {
  const dbPath = path.join(tempDir(), "model.db");
  const store = Store.open(dbPath);
  loadIntoStore(store, data);
  trainFromStore(store, FAST_TRAINING);
  store.close();
  return graphqlHarness(dbPath);
}

interface Item {
  product: { id: string };
  probability: number;
  expectedNextPurchase: string | null;
  lastPurchased: string | null;
  timesBought: number;
  typicalIntervalDays: number | null;
  rules: string[];
}
const PAGE = `query ($id: ID!, $k: Int, $offset: Int, $horizon: Int, $filter: ProductFilter) {
  buyAgainPage(customerId: $id, k: $k, offset: $offset, horizonDays: $horizon, filter: $filter) {
    items { product { id } probability expectedNextPurchase lastPurchased timesBought typicalIntervalDays rules }
    pageInfo { hasMore nextOffset } dated asOf horizonDays
  }
}`;
type Page = { items: Item[]; pageInfo: { hasMore: boolean }; dated: boolean; asOf: string; horizonDays: number | null };

let h: ReturnType<typeof graphqlHarness>;
const page = async (vars: Record<string, unknown>) => (await h.data<{ buyAgainPage: Page }>(PAGE, { k: 10, ...vars })).buyAgainPage;
beforeAll(() => {
  h = trainedHarness(shop());
});
afterAll(() => h.close());

describe("buyAgain", () => {
  it("expects a customer who buys a product every 7 days on day 7 after their last purchase", async () => {
    const { items, dated, asOf } = await page({ id: "w1" });
    expect(dated).toBe(true);
    expect(dayOf(asOf)).toBe(113);
    const p0 = items.find((i) => i.product.id === "p0")!;
    expect(dayOf(p0.lastPurchased!)).toBe(112);
    expect(dayOf(p0.expectedNextPurchase!)).toBe(119);
    expect(p0.typicalIntervalDays).toBeCloseTo(7, 0);
    expect(p0.timesBought).toBe(10);
    // Due within their week: ranked first, and near certain.
    expect(items[0].product.id).toBe("p0");
    expect(p0.probability).toBeGreaterThan(0.8);
  });

  it("gives a product bought once the interval every other buyer of it keeps", async () => {
    const { items } = await page({ id: "once", horizon: 60 });
    const p1 = items.find((i) => i.product.id === "p1")!;
    expect(p1.timesBought).toBe(1);
    expect(Math.abs(p1.typicalIntervalDays! - 30)).toBeLessThan(1.5);
    expect(Math.abs(dayOf(p1.expectedNextPurchase!) - 130)).toBeLessThanOrEqual(1);
    // Every buyer of p1 bought it again: likely within 60 days; p3, which nobody bought twice, is not.
    const p3 = items.find((i) => i.product.id === "p3")!;
    expect(p1.probability).toBeGreaterThan(0.5);
    expect(p3.probability).toBeLessThan(p1.probability / 2);
  });

  it("moves the expected date as soon as a live purchase is recorded", async () => {
    const before = (await page({ id: "w2" })).items.find((i) => i.product.id === "p0")!;
    expect(dayOf(before.expectedNextPurchase!)).toBe(119);
    await h.data(`mutation ($input: InteractionInput!) { recordInteraction(input: $input) { id } }`, {
      input: { customerId: "w2", productId: "p0", type: "PURCHASE", occurredAt: day(119) },
    });
    const after = (await page({ id: "w2" })).items.find((i) => i.product.id === "p0")!;
    expect(dayOf(after.lastPurchased!)).toBe(119);
    expect(dayOf(after.expectedNextPurchase!)).toBe(126);
    expect(after.timesBought).toBe(11);
  });

  it("pages through the customer's products without repeating one, and is empty for a customer who bought nothing", async () => {
    const first = await page({ id: "w0", k: 2 });
    const second = await page({ id: "w0", k: 2, offset: 2 });
    expect(first.pageInfo.hasMore).toBe(true);
    const ids = [...first.items, ...second.items].map((i) => i.product.id);
    expect(new Set(ids).size).toBe(4);
    expect(ids.sort()).toEqual(["p0", "p2", "p4", "p5"]);
    expect((await page({ id: "nobody" })).items).toEqual([]);
  });

  it("leaves out unavailable products, what the filter rules out, and what an exclusion rule for buyAgain excludes", async () => {
    await h.data(`mutation { upsertProducts(inputs: [{ id: "p4", available: false }]) { id } }`);
    const ids = async (vars: Record<string, unknown> = {}) => (await page({ id: "w0", ...vars })).items.map((i) => i.product.id);
    expect(await ids()).not.toContain("p4");
    expect(await ids({ filter: { excludeProductIds: ["p2"] } })).not.toContain("p2");
    await h.data(`mutation ($rules: [MerchandisingRuleInput!]!) { upsertMerchandisingRules(rules: $rules) { name } }`, {
      rules: [{ name: "no-p5", scope: { queries: ["BUY_AGAIN"] }, exclude: { condition: { productIds: ["p5"] } } }],
    });
    expect(await ids()).not.toContain("p5");
    // The rule is scoped to buy again: recommendations are not its business.
    h.services.merchandising.delete("no-p5");
    expect(await ids()).toContain("p5");
    await h.data(`mutation { upsertProducts(inputs: [{ id: "p4", available: true }]) { id } }`);
  });

  it("is the same after a filtered list as before it: a list's mask, reused by the next, starts clean", async () => {
    const fresh = trainedHarness(shop());
    try {
      const list = async (filter?: Record<string, unknown>) =>
        (await fresh.data<{ buyAgainPage: Page }>(PAGE, { id: "w0", k: 10, filter })).buyAgainPage.items.map((i) => i.product.id);
      const before = await list();
      expect(before).toContain("p0");
      expect(await list({ excludeProductIds: ["p0"], categories: ["cat 0"] })).not.toContain("p0");
      expect(await list()).toEqual(before);
    } finally {
      await fresh.close();
    }
  });

  it("refuses a horizon outside 1 to 366 days, naming it", async () => {
    const result = await h.run(PAGE, { id: "w0", horizon: 0 });
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0].message).toMatch(/horizonDays/);
  });
});

describe("recommendations with mix: { buyAgain }", () => {
  const RECS = `query ($id: ID, $n: Int, $k: Int, $offset: Int) {
    recommendations(customerId: $id, k: $k, offset: $offset, mix: { buyAgain: $n }) { product { id } source position }
  }`;
  type Rec = { product: { id: string }; source: string; position: number };
  const recs = async (vars: Record<string, unknown>) =>
    (await h.data<{ recommendations: Rec[] }>(RECS, { id: "w0", k: 4, ...vars })).recommendations;

  it("reserves the first slots for the customer's buy-again products, then ranks new ones, never one twice", async () => {
    const again = (await page({ id: "w0", k: 2 })).items.map((i) => i.product.id);
    const list = await recs({ n: 2, k: 3 });
    expect(list.slice(0, 2).map((r) => r.source)).toEqual(["BUY_AGAIN", "BUY_AGAIN"]);
    expect(list.slice(0, 2).map((r) => r.product.id)).toEqual(again);
    expect(list.slice(2).every((r) => r.source !== "BUY_AGAIN")).toBe(true);
    // Six products: w0 bought four, so two new ones follow, one on this page and one on the next.
    const next = await recs({ n: 2, k: 3, offset: 3 });
    const all = [...list, ...next].map((r) => r.product.id);
    expect(new Set(all).size).toBe(all.length);
    expect(next.map((r) => r.position)).toEqual([4]);
    expect(all).toHaveLength(4);
  });

  it("refuses more than 20 reserved slots", async () => {
    const result = await h.run(RECS, { id: "w0", n: 21, k: 4 });
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0].message).toMatch(/mix\.buyAgain/);
  });
});

describe("dueForRepurchase", () => {
  const DUE = `query ($from: DateTimeISO!, $to: DateTimeISO!, $k: Int) {
    dueForRepurchase(from: $from, to: $to, k: $k) { items { customerId product { id } probability expectedNextPurchase } asOf pageInfo { hasMore } }
  }`;
  type Due = { customerId: string; product: { id: string }; probability: number; expectedNextPurchase: string };
  const due = async (from: number, to: number, k = 100) =>
    (await h.data<{ dueForRepurchase: { items: Due[] } }>(DUE, { from: day(from), to: day(to), k })).dueForRepurchase.items;

  it("lists the customers and products expected in the window, most likely first", async () => {
    const week = await due(118, 121);
    const pairs = week.map((d) => `${d.customerId}:${d.product.id}`);
    for (const w of ["w0", "w1", "w3", "w4"]) expect(pairs).toContain(`${w}:p0`);
    for (const d of week) expect(dayOf(d.expectedNextPurchase)).toBeGreaterThanOrEqual(118);
    for (const d of week) expect(dayOf(d.expectedNextPurchase)).toBeLessThanOrEqual(121);
    const probabilities = week.map((d) => d.probability);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
    // Nobody's p0 falls due in the month after: they are expected in the week before.
    expect((await due(140, 170)).some((d) => d.product.id === "p0" && d.customerId !== "w2")).toBe(false);
    expect((await due(118, 121, 2)).length).toBe(2);
  });

  it("refuses a window that ends before it starts", async () => {
    const result = await h.run(DUE, { from: day(120), to: day(110) });
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
  });
});

describe("buyAgain on undated data", () => {
  it("says no dates exist and ranks by how often each product was bought", async () => {
    const undated = trainedHarness(shop(false));
    try {
      const { dated, items, horizonDays } = (await undated.data<{ buyAgainPage: Page }>(PAGE, { id: "w0", k: 10 })).buyAgainPage;
      expect(dated).toBe(false);
      expect(horizonDays).toBeNull();
      expect(items[0].product.id).toBe("p0");
      expect(items[0].timesBought).toBe(10);
      for (const item of items)
        expect([item.expectedNextPurchase, item.lastPurchased, item.typicalIntervalDays]).toEqual([null, null, null]);
    } finally {
      await undated.close();
    }
  });
});
