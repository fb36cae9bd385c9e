import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServices } from "../../src/serving";
import { Store } from "../../src/store";
import { type RfmThresholds, scoreCustomer } from "../../src/model/rfm";
import { type graphqlHarness, openShopHarness } from "../helpers/graphql";
import type { Product, Recommendation, RecordedInteraction, RfmSegment } from "../../web/src/generated/schema";
import { FAST_TRAINING, type trainedModelFile } from "../helpers/trained-store";

let h: ReturnType<typeof graphqlHarness>;
let dbPath: string;
let shop: Awaited<ReturnType<typeof trainedModelFile>>["shop"];

beforeAll(async () => {
  ({ h, shop, dbPath } = await openShopHarness());
});
afterAll(() => h.close());

const RECORD = `mutation ($input: InteractionInput!) {
  recordInteraction(input: $input) { id customerId productId type quantity price occurredAt customerCreated }
}`;
const RECOMMENDATIONS = `query ($customerId: ID!, $k: Int) { recommendations(customerId: $customerId, k: $k) { product { id category } score source } }`;

type Recorded = { recordInteraction: Omit<RecordedInteraction, "replayed"> };
type Recs = { recommendations: (Pick<Recommendation, "score" | "source"> & { product: Pick<Product, "id" | "category"> })[] };
type Segment = { segment: { rfm: Omit<RfmSegment, "action"> } };

function interactionCount(): number {
  return (h.store.db.prepare("SELECT COUNT(*) AS n FROM interactions").get() as { n: number }).n;
}

describe("recordInteraction", () => {
  it("stores the interaction and returns it", async () => {
    const { recordInteraction } = await h.data<Recorded>(RECORD, {
      input: { customerId: "1", productId: "1002", type: "ADD_TO_CART", quantity: 2, occurredAt: "2025-12-01T10:00:00.000Z" },
    });
    expect(recordInteraction).toMatchObject({
      customerId: "1",
      productId: "1002",
      type: "ADD_TO_CART",
      quantity: 2,
      price: shop.products[1].price,
      occurredAt: "2025-12-01T10:00:00.000Z",
      customerCreated: false,
    });
    const row = h.store.db.prepare("SELECT type, quantity, origin FROM interactions WHERE id = ?").get(Number(recordInteraction.id));
    expect(row).toEqual({ type: "cart", quantity: 2, origin: "live" });
  });

  it("creates a new customer, who then gets personalized recommendations in the taste of what they bought", async () => {
    const before = await h.data<Recs>(RECOMMENDATIONS, { customerId: "new-visitor" });
    expect(before.recommendations.every((r) => r.source === "POPULAR")).toBe(true);
    // Buy three products of one category: the recommendations should lean to that category's buyers' tastes.
    const picks = shop.products
      .filter((p) => p.category === "Books")
      .slice(0, 3)
      .map((p) => p.product_id);
    for (const productId of picks) {
      const { recordInteraction } = await h.data<Recorded>(RECORD, { input: { customerId: "new-visitor", productId, type: "PURCHASE" } });
      expect(recordInteraction.customerCreated).toBe(productId === picks[0]);
    }
    expect(picks).toHaveLength(3);
    const { recommendations } = await h.data<Recs>(RECOMMENDATIONS, { customerId: "new-visitor", k: 10 });
    expect(recommendations).toHaveLength(10);
    expect(recommendations.every((r) => r.source === "PERSONALIZED")).toBe(true);
    for (const pick of picks) expect(recommendations.map((r) => r.product.id)).not.toContain(pick);
    const books = recommendations.filter((r) => r.product.category === "Books").length;
    expect(books).toBeGreaterThanOrEqual(3);
  });

  it("changes that customer's next recommendations and excludes what they just bought", async () => {
    const customer = shop.purchases[0].customer_id;
    const first = (await h.data<Recs>(RECOMMENDATIONS, { customerId: customer, k: 10 })).recommendations;
    const target = first[0].product.id;
    await h.data(RECORD, { input: { customerId: customer, productId: target, type: "PURCHASE" } });
    const after = (await h.data<Recs>(RECOMMENDATIONS, { customerId: customer, k: 10 })).recommendations;
    expect(after).toHaveLength(10);
    expect(after.map((r) => r.product.id)).not.toContain(target);
    // Not just the old list minus the bought product: the customer's vector moved, so scores changed.
    const scoreBefore = new Map(first.map((r) => [r.product.id, r.score]));
    const shared = after.filter((r) => scoreBefore.has(r.product.id));
    expect(shared.length).toBeGreaterThan(0);
    for (const r of shared) expect(Math.abs(r.score - scoreBefore.get(r.product.id)!)).toBeGreaterThan(1e-6);
  });

  it("updates the vector durably: a restarted service gives the same recommendations", async () => {
    await h.data(RECORD, { input: { customerId: "durable", productId: "1003", type: "PURCHASE" } });
    const live = (await h.data<Recs>(RECOMMENDATIONS, { customerId: "durable", k: 5 })).recommendations;
    expect(live).toHaveLength(5);
    const store = Store.open(dbPath);
    try {
      const restarted = createServices(store).recommendations.recommend("durable", 5).items;
      expect(restarted.map((r) => r.product.id)).toEqual(live.map((r) => r.product.id));
      restarted.forEach((r, i) => expect(r.score).toBeCloseTo(live[i].score, 5));
    } finally {
      store.close();
    }
  });

  it("keeps the customer's RFM segment current after a purchase", async () => {
    const SEGMENT = `query ($id: ID!) { segment(customerId: $id) { rfm { recencyDays frequency monetary r f m label } } }`;
    // The customer whose last purchase is the oldest.
    const last = new Map<string, string>();
    for (const p of shop.purchases) last.set(p.customer_id, p.purchase_date);
    const [customer] = [...last].sort((a, b) => (a[1] < b[1] ? -1 : 1))[0];
    const before = (await h.data<Segment>(SEGMENT, { id: customer })).segment.rfm;
    expect(before.r).toBe(1);
    await h.data(RECORD, {
      input: {
        customerId: customer,
        productId: "1001",
        type: "PURCHASE",
        price: 12.5,
        quantity: 2,
        occurredAt: "2025-12-02T09:00:00.000Z",
      },
    });
    const after = (await h.data<Segment>(SEGMENT, { id: customer })).segment.rfm;
    expect(after).toMatchObject({ recencyDays: 0, r: 5, frequency: before.frequency + 1 });
    expect(after.monetary).toBeCloseTo(before.monetary + 25, 2);
    // Scored, before and after, against the thresholds the model was trained with; the label follows from the scores.
    const thresholds = h.store.models.load()!.stats.rfmThresholds as RfmThresholds;
    for (const rfm of [before, after]) {
      const { recencyDays, frequency, monetary } = rfm;
      expect(rfm).toEqual(scoreCustomer({ recencyDays, frequency, monetary }, thresholds));
    }
    // A view is not a purchase: RFM stays as it is.
    await h.data(RECORD, { input: { customerId: customer, productId: "1002", type: "VIEW" } });
    expect((await h.data<Segment>(SEGMENT, { id: customer })).segment.rfm).toEqual(after);
  });

  it("folds in with the model's own event weights", async () => {
    const weights = h.holder.current.params.eventWeights;
    expect(weights).toEqual(FAST_TRAINING.eventWeights);
    // A view counts a tenth of a purchase by default: two customers, one view each vs one purchase each.
    await h.data(RECORD, { input: { customerId: "viewer", productId: "1010", type: "VIEW" } });
    await h.data(RECORD, { input: { customerId: "buyer", productId: "1010", type: "PURCHASE" } });
    const norm = (id: string) => Math.hypot(...h.holder.current.customerVector(id)!);
    expect(norm("buyer")).toBeGreaterThan(norm("viewer"));
  });

  it("answers an unknown product with BAD_USER_INPUT and stores nothing", async () => {
    const count = interactionCount();
    const result = await h.run(RECORD, { input: { customerId: "someone-new", productId: "NOPE", type: "VIEW" } });
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0].message).toMatch(/unknown product "NOPE"/);
    expect(interactionCount()).toBe(count);
    expect(h.store.customers.exists("someone-new")).toBe(false);
  });

  it.each([
    [{ quantity: 0 }, /quantity must be a whole number from 1 to 1000000, got 0/],
    [{ price: -5 }, /price must be from 0 to 1000000000, got -5/],
    [{ customerId: "" }, /customerId must not be empty/],
    [{ occurredAt: "2999-01-01T00:00:00Z" }, /must not be more than 24 hours in the future/],
  ])("refuses %o with BAD_USER_INPUT and stores nothing", async (change, message) => {
    const count = interactionCount();
    const result = await h.run(RECORD, { input: { customerId: "1", productId: "1001", type: "VIEW", ...change } });
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0].message).toMatch(message);
    expect(interactionCount()).toBe(count);
  });

  it("refuses an unknown interaction type", async () => {
    const result = await h.run(RECORD, { input: { customerId: "1", productId: "1001", type: "LIKE" } });
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
  });
});

describe("the RFM reference date", () => {
  it("stays put: neither a live purchase stamped today nor a retrain moves every customer's recency", async () => {
    const { trainFromStore } = await import("../../src/training/training.service");
    const { h: own, shop: ownShop } = await openShopHarness();
    try {
      const SEGMENT = `query ($id: ID!) { segment(customerId: $id) { rfm { recencyDays referenceDate } } }`;
      type Rfm = { segment: { rfm: { recencyDays: number; referenceDate: string } } };
      const reference = own.store.models.load()!.referenceDate!;
      const [bystander, buyer] = [...new Set(ownShop.purchases.map((p) => p.customer_id))];
      const before = (await own.data<Rfm>(SEGMENT, { id: bystander })).segment.rfm;
      expect(before.referenceDate).toBe(new Date(reference).toISOString());
      // Today is long after the sample's data ends: the purchase counts as the most recent possible.
      await own.data(RECORD, { input: { customerId: buyer, productId: "1001", type: "PURCHASE" } });
      expect((await own.data<Rfm>(SEGMENT, { id: buyer })).segment.rfm).toEqual({ recencyDays: 0, referenceDate: before.referenceDate });
      trainFromStore(own.store, FAST_TRAINING);
      expect(own.store.models.load()!.referenceDate).toBe(reference);
      expect((await own.data<Rfm>(SEGMENT, { id: bystander })).segment.rfm).toEqual(before);
      expect((await own.data<Rfm>(SEGMENT, { id: buyer })).segment.rfm.recencyDays).toBe(0);
    } finally {
      await own.close();
    }
  });
});
