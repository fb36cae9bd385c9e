import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BATCH } from "../../src/serving/interaction.service";
import { type graphqlHarness, openShopHarness } from "../helpers/graphql";
import type { Product, Recommendation, RecordedInteraction } from "../../web/src/generated/schema";

let h: ReturnType<typeof graphqlHarness>;

beforeAll(async () => {
  ({ h } = await openShopHarness());
});
afterAll(() => h.close());

const FIELDS = "id customerId productId type quantity customerCreated replayed";
const RECORD = `mutation ($input: InteractionInput!) { recordInteraction(input: $input) { ${FIELDS} } }`;
const BATCH = `mutation ($inputs: [InteractionInput!]!) { recordInteractions(inputs: $inputs) { ${FIELDS} } }`;
const RECS = `query ($id: ID!) { recommendations(customerId: $id, k: 5) { product { id } score source } }`;

type Recorded = Omit<RecordedInteraction, "price" | "occurredAt">;
type Recs = { recommendations: (Pick<Recommendation, "score" | "source"> & { product: Pick<Product, "id"> })[] };

function count(): number {
  return (h.store.db.prepare("SELECT COUNT(*) AS n FROM interactions").get() as { n: number }).n;
}

describe("recordInteractions", () => {
  it("stores a batch in order and updates each customer once", async () => {
    const before = count();
    const { recordInteractions } = await h.data<{ recordInteractions: Recorded[] }>(BATCH, {
      inputs: [
        { customerId: "batch-a", productId: "1001", type: "VIEW" },
        { customerId: "batch-a", productId: "1002", type: "PURCHASE" },
        { customerId: "batch-b", productId: "1003", type: "ADD_TO_CART", quantity: 2 },
      ],
    });
    expect(recordInteractions.map((r) => [r.customerId, r.productId, r.type, r.customerCreated])).toEqual([
      ["batch-a", "1001", "VIEW", true],
      ["batch-a", "1002", "PURCHASE", false],
      ["batch-b", "1003", "ADD_TO_CART", true],
    ]);
    expect(count()).toBe(before + 3);
    const { recommendations } = await h.data<Recs>(RECS, { id: "batch-a" });
    expect(recommendations).toHaveLength(5);
    expect(recommendations[0].source).toBe("PERSONALIZED");
    expect(recommendations.map((r) => r.product.id)).not.toContain("1002");
  });

  it("stores nothing when one interaction in the batch is bad, and says which", async () => {
    const before = count();
    const result = await h.run(BATCH, {
      inputs: [
        { customerId: "batch-c", productId: "1001", type: "PURCHASE" },
        { customerId: "batch-c", productId: "NOPE", type: "PURCHASE" },
      ],
    });
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0].message).toBe('inputs[1]: unknown product "NOPE"; record interactions only for products in the catalogue');
    expect(count()).toBe(before);
    expect(h.store.customers.exists("batch-c")).toBe(false);
  });

  it("refuses an empty batch and one over the limit", async () => {
    expect((await h.run(BATCH, { inputs: [] })).errors![0].message).toMatch(/at least one/);
    const tooMany = Array.from({ length: MAX_BATCH + 1 }, () => ({ customerId: "x", productId: "1001", type: "VIEW" }));
    const result = await h.run(BATCH, { inputs: tooMany });
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0].message).toMatch(/at most 500/);
  });
});

describe("idempotency keys", () => {
  it("make a retried request store nothing new and answer with the first result", async () => {
    const input = { customerId: "retry-1", productId: "1004", type: "PURCHASE", idempotencyKey: "order-77-line-1" };
    const first = (await h.data<{ recordInteraction: Recorded }>(RECORD, { input })).recordInteraction;
    const vector = Array.from(h.holder.current.customerVector("retry-1")!);
    const recsBefore = (await h.data<Recs>(RECS, { id: "retry-1" })).recommendations;
    expect(recsBefore).toHaveLength(5);
    const before = count();
    const again = (await h.data<{ recordInteraction: Recorded }>(RECORD, { input })).recordInteraction;
    expect(again).toEqual({ ...first, customerCreated: false, replayed: true });
    expect(first.replayed).toBe(false);
    expect(count()).toBe(before);
    expect(Array.from(h.holder.current.customerVector("retry-1")!)).toEqual(vector);
    expect((await h.data<Recs>(RECS, { id: "retry-1" })).recommendations).toEqual(recsBefore);
  });

  it("repeat within a batch: the second is a replay of the first", async () => {
    const input = { customerId: "retry-2", productId: "1005", type: "VIEW", idempotencyKey: "k-2" };
    const { recordInteractions } = await h.data<{ recordInteractions: Recorded[] }>(BATCH, { inputs: [input, input] });
    expect(recordInteractions[0].id).toBe(recordInteractions[1].id);
    expect(recordInteractions.map((r) => r.replayed)).toEqual([false, true]);
  });

  it("refuse a key reused for a different interaction, storing nothing", async () => {
    await h.data(RECORD, { input: { customerId: "retry-3", productId: "1006", type: "VIEW", idempotencyKey: "k-3" } });
    const before = count();
    const result = await h.run(RECORD, { input: { customerId: "retry-3", productId: "1007", type: "VIEW", idempotencyKey: "k-3" } });
    expect(h.errorCode(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0].message).toMatch(/idempotencyKey "k-3" was already used for a different interaction/);
    expect(count()).toBe(before);
  });
});
