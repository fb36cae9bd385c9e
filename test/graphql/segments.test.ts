import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionFor, type RfmThresholds, scoreCustomer } from "../../src/model/rfm";
import { type graphqlHarness, openShopHarness } from "../helpers/graphql";
import type { CategoryShare, Cluster, Product, Recommendation, RfmSegment, RfmSegmentSummary } from "../../web/src/generated/schema";
import { type trainedModelFile } from "../helpers/trained-store";

let h: ReturnType<typeof graphqlHarness>;
let shop: Awaited<ReturnType<typeof trainedModelFile>>["shop"];

beforeAll(async () => {
  ({ h, shop } = await openShopHarness());
});
afterAll(() => h.close());

const CLUSTER_FIELDS =
  "id label size revenue revenueShare averageOrderValue averageRecencyDays averageFrequency topCategories { category share } topProducts { id }";
const SEGMENTS = `{ segments {
  rfm { label action customers revenue revenueShare averageOrderValue averageRecencyDays topCategories { category share } }
  clusters { ${CLUSTER_FIELDS} }
} }`;

type ClusterShape = Omit<Cluster, "topProducts"> & { topProducts: Pick<Product, "id">[] };
type SegmentsResult = { segments: { rfm: RfmSegmentSummary[]; clusters: ClusterShape[] } };
type Recs = { recommendations: (Pick<Recommendation, "source"> & { product: Pick<Product, "id"> })[] };

/** The grammar of clusterLabel (src/model/behaviour-clusters.ts): recency, spend and frequency words, "buyers", a category. */
const CLUSTER_LABEL =
  /^(Typical|(Recent|Lapsed)( high-spending| low-spending)?( frequent| occasional| one-off)?|(High|Low)-spending( frequent| occasional| one-off)?|Frequent|Occasional|One-off) buyers( of \S.*)?(, mostly \S.*)?( \(group \d+\))?$/;

function distinctProducts(customer: string): Set<string> {
  return new Set(shop.purchases.filter((p) => p.customer_id === customer).map((p) => p.product_id));
}

/**
 * Each cluster's label worked out again from the shop: its members' RFM figures in standard deviations
 * from the average buyer (of log(1 + x), as the clustering sees them) give the words (beyond ±0.5: Recent
 * or Lapsed, high- or low-spending, frequent or one-off), and a category that is at least 30% of the
 * members' distinct products and 1.5 times its overall share names what they buy.
 */
/**
 * Each cluster's mean recency, orders and spend, and the whole population's, from the stored RFM rows
 * and cluster assignments: what a label must not contradict.
 */
function clusterFigures() {
  const modelId = h.store.models.latestId()!;
  const figures = h.store.db
    .prepare("SELECT customer_id AS id, recency_days AS r, frequency AS f, monetary AS m FROM customer_rfm WHERE model_id = ?")
    .all(modelId) as { id: string; r: number; f: number; m: number }[];
  const clusterOf = new Map(
    (
      h.store.db.prepare("SELECT customer_id AS id, cluster_id AS c FROM customer_clusters WHERE model_id = ?").all(modelId) as {
        id: string;
        c: number;
      }[]
    ).map(({ id, c }) => [id, c]),
  );
  const means = (rows: typeof figures) => ({
    recency: rows.reduce((s, x) => s + x.r, 0) / rows.length,
    frequency: rows.reduce((s, x) => s + x.f, 0) / rows.length,
    spend: rows.reduce((s, x) => s + Math.max(0, x.m), 0) / rows.length,
  });
  const clusters = new Map([...new Set(clusterOf.values())].map((c) => [c, means(figures.filter((x) => clusterOf.get(x.id) === c))]));
  return { population: means(figures), clusters };
}

describe("segments", () => {
  it("sums to every customer with purchases, across RFM segments and across clusters", async () => {
    const { segments } = await h.data<SegmentsResult>(SEGMENTS);
    const buyers = new Set(shop.purchases.map((p) => p.customer_id)).size;
    expect(segments.rfm.reduce((s, g) => s + g.customers, 0)).toBe(buyers);
    expect(segments.clusters.reduce((s, c) => s + c.size, 0)).toBe(buyers);
    expect(segments.rfm.reduce((s, g) => s + g.revenueShare, 0)).toBeCloseTo(1, 6);
    expect(segments.clusters.reduce((s, c) => s + c.revenueShare, 0)).toBeCloseTo(1, 6);
    const revenues = segments.rfm.map((g) => g.revenue);
    expect(revenues).toEqual([...revenues].sort((a, b) => b - a));
    expect(segments.rfm.length).toBeGreaterThan(0);
    for (const g of segments.rfm) {
      expect(g.action.length).toBeGreaterThan(10);
      expect(g.action).toBe(actionFor(g.label));
      expect(g.topCategories.reduce((s: number, c: CategoryShare) => s + c.share, 0)).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it("lays every customer with purchases on the R × FM map, in the cell of their own scores", async () => {
    type Cell = { r: number; fm: number; label: string; customers: number };
    const { segments } = await h.data<{ segments: { rfm: RfmSegmentSummary[]; grid: Cell[] } }>(
      "{ segments { rfm { label customers } grid { r fm label customers } } }",
    );
    const { grid } = segments;
    expect(grid.map((c) => `${c.r}:${c.fm}`)).toEqual([5, 4, 3, 2, 1].flatMap((r) => [1, 2, 3, 4, 5].map((fm) => `${r}:${fm}`)));
    // Worked out from the docs' map: R 5 with FM 4 or 5 is Champions, R 1 with FM 1 is Lost.
    expect(grid.find((c) => c.r === 5 && c.fm === 4)?.label).toBe("Champions");
    expect(grid.find((c) => c.r === 1 && c.fm === 1)?.label).toBe("Lost");
    const rows = h.store.db.prepare("SELECT r, f, m FROM customer_rfm WHERE model_id = ?").all(h.store.models.latestId()!) as {
      r: number;
      f: number;
      m: number;
    }[];
    expect(rows.length).toBeGreaterThan(0);
    const cell = grid.find((c) => c.r === rows[0].r && c.fm === Math.min(5, Math.max(1, Math.round((rows[0].f + rows[0].m) / 2))))!;
    expect(cell.customers).toBe(rows.filter((x) => x.r === rows[0].r && Math.round((x.f + x.m) / 2) === cell.fm).length);
    for (const g of segments.rfm)
      expect(
        grid.filter((c) => c.label === g.label).reduce((s, c) => s + c.customers, 0),
        g.label,
      ).toBe(g.customers);
  });

  it("describes each cluster by figures that match its members", async () => {
    const { segments } = await h.data<SegmentsResult>(SEGMENTS);
    expect(segments.clusters.length).toBeGreaterThanOrEqual(2);
    const { population, clusters } = clusterFigures();
    for (const c of segments.clusters) {
      expect(c.label).toMatch(CLUSTER_LABEL);
      expect(c.topProducts.length).toBeGreaterThan(0);
      expect(c.averageOrderValue).toBeGreaterThan(0);
      // The label says what the cluster's own figures say, next to the whole population's.
      const own = clusters.get(Number(c.id))!;
      expect(c.averageRecencyDays).toBeCloseTo(own.recency, 6);
      expect(c.averageFrequency).toBeCloseTo(own.frequency, 6);
      expect(/^Recent/.test(c.label)).toBe(own.recency <= (2 / 3) * population.recency);
      expect(/^Lapsed/.test(c.label)).toBe(own.recency >= 1.5 * population.recency);
      expect(/high-spending/i.test(c.label)).toBe(own.spend >= 1.5 * population.spend);
      expect(/low-spending/i.test(c.label)).toBe(own.spend <= (2 / 3) * population.spend);
      expect(/one-off/i.test(c.label)).toBe(own.frequency < 1.5);
    }
    expect(segments.clusters.map((c) => c.id).sort()).toEqual([...clusters.keys()].map(String).sort());
    // Between three and eight clusters, each with its own label.
    expect(segments.clusters.length).toBeGreaterThanOrEqual(3);
    expect(segments.clusters.length).toBeLessThanOrEqual(8);
    expect(new Set(segments.clusters.map((c) => c.label)).size).toBe(segments.clusters.length);
    // Clusters differ in what they are about: the highest-revenue one has the highest frequency.
    const byRevenue = [...segments.clusters].sort((a, b) => b.revenue / b.size - a.revenue / a.size);
    expect(byRevenue[0].averageFrequency).toBeGreaterThan(byRevenue.at(-1)!.averageFrequency);
  });
  it("counts a live purchase and a renamed product at once, though it is computed once between writes", async () => {
    const before = (await h.data<SegmentsResult>(SEGMENTS)).segments;
    expect((await h.data<SegmentsResult>(SEGMENTS)).segments).toEqual(before);
    const customers = (rfm: RfmSegmentSummary[]) => rfm.reduce((sum, g) => sum + g.customers, 0);
    await h.data(`mutation { recordInteraction(input: { customerId: "segments-newcomer", productId: "1001", type: PURCHASE }) { id } }`);
    const afterPurchase = (await h.data<SegmentsResult>(SEGMENTS)).segments;
    expect(customers(afterPurchase.rfm)).toBe(customers(before.rfm) + 1);
    const top = afterPurchase.clusters[0].topProducts[0].id;
    await h.data(`mutation ($id: ID!) { upsertProducts(inputs: [{ id: $id, name: "Renamed for segments" }]) { id } }`, { id: top });
    const renamed = (
      await h.data<{ segments: { clusters: { topProducts: { id: string; name: string }[] }[] } }>(
        `{ segments { clusters { topProducts { id name } } } }`,
      )
    ).segments;
    expect(renamed.clusters[0].topProducts.find((p) => p.id === top)!.name).toBe("Renamed for segments");
  });
});

describe("segment(customerId)", () => {
  it("returns the customer's RFM and cluster", async () => {
    const customer = shop.purchases[0].customer_id;
    const { segment } = await h.data<{ segment: { rfm: Omit<RfmSegment, "action">; cluster: ClusterShape } }>(
      `query ($id: ID!) { segment(customerId: $id) { rfm { recencyDays frequency monetary r f m label } cluster { ${CLUSTER_FIELDS} } } }`,
      { id: customer },
    );
    expect(segment.rfm.label).toMatch(/\w/);
    expect(segment.cluster).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      label: expect.stringMatching(/buyers/),
      size: expect.any(Number),
    });
    // The RFM label is the segment of the customer's scores against the model's thresholds.
    const thresholds = h.store.models.load()!.stats.rfmThresholds as RfmThresholds;
    const { recencyDays, frequency, monetary } = segment.rfm;
    expect(segment.rfm).toEqual(scoreCustomer({ recencyDays, frequency, monetary }, thresholds));
    // The cluster is one that `segments` lists, under the label the shop's figures give it.
    const { segments } = await h.data<SegmentsResult>(SEGMENTS);
    expect(segments.clusters).toContainEqual(segment.cluster);
    expect(segment.cluster.label).toMatch(CLUSTER_LABEL);
  });
});

describe("recommendations for customers with little history", () => {
  const QUERY = `query ($id: ID!) { recommendations(customerId: $id, k: 5) { product { id } source } }`;
  const littleHistory = () => {
    const counts = new Map<string, number>();
    for (const p of shop.purchases) counts.set(p.customer_id, distinctProducts(p.customer_id).size);
    return [...counts].filter(([, n]) => n < 3).map(([id]) => id);
  };

  it("come from their own vector, as any customer's do, without what they bought", async () => {
    const customer = littleHistory()[0];
    const { recommendations } = await h.data<Recs>(QUERY, { id: customer });
    expect(recommendations.map((r) => r.source)).toEqual(Array(5).fill("PERSONALIZED"));
    const bought = distinctProducts(customer);
    for (const r of recommendations) expect(bought.has(r.product.id)).toBe(false);
    // That they are the ranker's top 5, as tuning scored it, is test/training/ranker-contract.test.ts's.
  });

  it("come from their cluster's top products when the model has no vector for them", async () => {
    const customer = littleHistory()[1];
    const { segment } = await h.data<{ segment: { cluster: Pick<Cluster, "id"> } }>(
      `query ($id: ID!) { segment(customerId: $id) { cluster { id } } }`,
      { id: customer },
    );
    // As for a customer whose every interaction weighs nothing: a zero vector scores no product.
    const model = h.holder.latest();
    model.setCustomerVector(customer, new Float32Array(model.k));
    const { recommendations } = await h.data<Recs>(QUERY, { id: customer });
    expect(recommendations.map((r) => r.source)).toEqual(Array(5).fill("CLUSTER"));
    const bought = distinctProducts(customer);
    const clusterTop = h.store.segments
      .clusters(h.store.models.latestId()!)
      .find((c) => String(c.clusterId) === segment.cluster.id)!.topProducts;
    expect(recommendations.map((r) => r.product.id)).toEqual(clusterTop.filter((id) => !bought.has(id)).slice(0, 5));
  });
});
