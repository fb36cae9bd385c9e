import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidInputError } from "../../src/domain/errors";
import { createServices } from "../../src/serving";
import { buildReport } from "../../src/report/report.service";
import { trainFromStore } from "../../src/training/training.service";
import { type graphqlHarness, openShopHarness } from "../helpers/graphql";
import { FAST_TRAINING, type trainedModelFile } from "../helpers/trained-store";

let h: ReturnType<typeof graphqlHarness>;
let shop: Awaited<ReturnType<typeof trainedModelFile>>["shop"];

beforeAll(async () => {
  ({ h, shop } = await openShopHarness());
});
afterAll(() => h.close());

const RECORD = `mutation ($input: InteractionInput!) { recordInteraction(input: $input) { id } }`;
const RECORD_MANY = `mutation ($inputs: [InteractionInput!]!) { recordInteractions(inputs: $inputs) { id } }`;
const SEGMENTS = `{ segments {
  rfm { label customers revenue revenueShare averageOrderValue averageRecencyDays topCategories { share } }
  clusters { id size revenue revenueShare averageOrderValue averageRecencyDays averageFrequency }
} }`;
const SEGMENT = `query ($id: ID!) { segment(customerId: $id) {
  rfm { recencyDays frequency monetary r f m label }
  cluster { id revenue revenueShare averageOrderValue }
} }`;

type SegmentResult = { segment: { rfm: { monetary: number; frequency: number; label: string }; cluster: { id: string } | null } };

/** Buyers in the generated shop, in order of first purchase. */
function buyers(): string[] {
  return [...new Set(shop.purchases.map((p) => p.customer_id))];
}

/** A customer's spend, worked out from the shop's files: one item of each purchase at the product's price. */
function spendOf(customerId: string): number {
  const price = new Map(shop.products.map((p) => [p.product_id, p.price]));
  const spend = shop.purchases.filter((p) => p.customer_id === customerId).reduce((s, p) => s + price.get(p.product_id)!, 0);
  return Math.round(spend * 100) / 100;
}

function interactionCount(): number {
  return (h.store.db.prepare("SELECT COUNT(*) AS n FROM interactions").get() as { n: number }).n;
}

/** Every number in a value, however deep. */
function numbersIn(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (value instanceof Date) return [value.getTime()];
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(numbersIn);
  return [];
}

/** Asks for every segment and for one customer's; insists both answer, with finite figures only. */
async function segmentsAndSegment(customerId: string): Promise<SegmentResult["segment"]> {
  const all = await h.data(SEGMENTS);
  const one = await h.data<SegmentResult>(SEGMENT, { id: customerId });
  const numbers = [...numbersIn(all), ...numbersIn(one)];
  expect(numbers.length).toBeGreaterThan(10);
  expect(numbers.filter((n) => !Number.isFinite(n))).toEqual([]);
  return one.segment;
}

describe("an interaction out of bounds", () => {
  it.each([
    ["a price of 1e308 for two items", { price: 1e308, quantity: 2 }, /^price must be from 0 to 1000000000, got 1e\+308$/],
    ["a negative price", { price: -0.01 }, /^price must be from 0 to 1000000000, got -0.01$/],
    ["a quantity above a million", { quantity: 1_000_001 }, /^quantity must be a whole number from 1 to 1000000, got 1000001$/],
    ["a negative quantity", { quantity: -2 }, /^quantity must be a whole number from 1 to 1000000, got -2$/],
    [
      "a date in the year 1",
      { occurredAt: "0001-01-01T00:00:00Z" },
      /^occurredAt must not be before 1990-01-01, the earliest date accepted, got 0001-01-01T00:00:00.000Z$/,
    ],
    ["a date more than a day ahead", { occurredAt: "2999-01-01T00:00:00Z" }, /^occurredAt must not be more than 24 hours in the future/],
    ["a price of NaN", { price: "NaN" }, /Float cannot represent/],
    ["a quantity beyond 32 bits", { quantity: 1e21 }, /Int cannot represent/],
  ])("is refused with BAD_USER_INPUT naming the field, and nothing is stored: %s", async (_what, change, message) => {
    const count = interactionCount();
    const result = await h.run(RECORD, {
      input: { customerId: buyers()[0], productId: shop.products[0].product_id, type: "PURCHASE", ...change },
    });
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0].message).toMatch(message);
    expect(interactionCount()).toBe(count);
  });

  it("in a batch is refused by its index, and nothing of the batch is stored", async () => {
    const count = interactionCount();
    const productId = shop.products[0].product_id;
    const result = await h.run(RECORD_MANY, {
      inputs: [
        { customerId: buyers()[0], productId, type: "PURCHASE" },
        { customerId: buyers()[0], productId, type: "PURCHASE", price: 1e308, quantity: 2 },
      ],
    });
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0].message).toBe("inputs[1]: price must be from 0 to 1000000000, got 1e+308");
    expect(interactionCount()).toBe(count);
  });

  it("is measured against the earliest date the services were given", () => {
    const strict = createServices(h.store, { earliestDate: Date.UTC(2020, 0, 1) });
    const input = { customerId: buyers()[0], productId: shop.products[0].product_id, type: "view" as const };
    const beforeIt = new Date("2019-12-31T23:59:59Z");
    expect(() => strict.interactions.recordInteraction({ ...input, occurredAt: beforeIt })).toThrow(InvalidInputError);
    expect(() => strict.interactions.recordInteraction({ ...input, occurredAt: beforeIt })).toThrow(/before 2020-01-01/);
    expect(h.services.interactions.recordInteraction({ ...input, occurredAt: beforeIt }).occurredAt).toEqual(beforeIt);
  });
});

describe("the shop after the reported inputs", () => {
  it("still answers segments and segment, and trains again, with the customer's spend untouched", async () => {
    const customer = buyers()[1];
    const productId = shop.products[0].product_id;
    for (const change of [{ price: 1e308, quantity: 2 }, { occurredAt: "0001-01-01T00:00:00Z" }]) {
      const result = await h.run(RECORD, { input: { customerId: customer, productId, type: "PURCHASE", ...change } });
      expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
    }
    expect((await segmentsAndSegment(customer)).rfm.monetary).toBeCloseTo(spendOf(customer), 2);
    const summary = trainFromStore(h.store, FAST_TRAINING);
    expect(summary.outOfBounds).toBe(0);
    expect(summary.clusters).toBeGreaterThan(0);
    expect((await segmentsAndSegment(customer)).rfm.monetary).toBeCloseTo(spendOf(customer), 2);
  });
});

describe("rows out of bounds already in a model file (stored before the bounds were checked)", () => {
  it("leave segments, segment, the report and the next training working, and count for nothing", async () => {
    const customer = buyers()[2];
    const productId = shop.products[0].product_id;
    const time = Date.parse(`${shop.purchases.at(-1)!.purchase_date}T12:00:00Z`);
    const insert = h.store.db.prepare(
      `INSERT INTO interactions (customer_id, product_id, type, quantity, unit_price, occurred_at, origin)
       VALUES (?, ?, 'purchase', ?, ?, ?, 'live')`,
    );
    insert.run(customer, productId, 2, 1e308, time); // the reported purchase
    insert.run(customer, productId, 1e300, 1, time);
    // What the served version stored for the customer after such a purchase: an infinite spend.
    const modelId = h.store.models.latestId()!;
    h.store.db.prepare("UPDATE customer_rfm SET monetary = ? WHERE model_id = ? AND customer_id = ?").run(Infinity, modelId, customer);
    expect(h.store.segments.rfm(modelId, customer)!.monetary).toBe(Infinity);

    expect((await segmentsAndSegment(customer)).rfm.monetary).toBeCloseTo(spendOf(customer), 2);
    const cells = buildReport(h.store).flatMap((table) => table.rows.flatMap(numbersIn));
    expect(cells.length).toBeGreaterThan(100);
    expect(cells.filter((n) => !Number.isFinite(n))).toEqual([]);

    const summary = trainFromStore(h.store, FAST_TRAINING);
    expect(summary.outOfBounds).toBe(2);
    expect(h.store.models.load()!.stats.outOfBounds).toBe(2);
    const segment = await segmentsAndSegment(customer);
    expect(segment.rfm.monetary).toBeCloseTo(spendOf(customer), 2);
    expect(segment.cluster).not.toBeNull();
  });
});
