/** Customer segments as the API shows them: one customer's RFM segment and cluster, and every segment at once. */
import { NotFoundError } from "../domain/errors";
import type { ProductRecord } from "../domain/records";
import { actionFor } from "../model/rfm";
import type { ClusterRow, RfmRow, Store } from "../store";
import type { ClusterCache } from "./cluster-cache";
import { servedRfm, servedRfmRows } from "../rfm/customer-rfm";
import type { ModelHolder } from "./model-holder";
import { type RfmGridCell, rfmGrid, type RfmSegmentSummary, summarizeSegments } from "../rfm/segment-summary";
import { requireId } from "./validation";

/** A customer's RFM figures, scores and segment, what to do about it, and the day recency counts to. */
export type RfmSegment = Omit<RfmRow, "customerId"> & { action: string; referenceDate: Date | null };

/** A behaviour cluster as served: its stored figures, with its top products as records. */
export type Cluster = Omit<ClusterRow, "clusterId" | "topProducts" | "browsing"> & { id: number; topProducts: ProductRecord[] };

export interface CustomerSegment {
  customerId: string;
  /** Null when the customer has no dated purchases in the model's data. */
  rfm: RfmSegment | null;
  /** Null for customers the model did not cluster (no purchases when it was trained). */
  cluster: Cluster | null;
}

export interface Segments {
  rfm: RfmSegmentSummary[];
  grid: RfmGridCell[];
  clusters: Cluster[];
}

/** How many of a cluster's top products it shows. */
const SHOWN_PRODUCTS = 5;

export class SegmentService {
  /**
   * The last answer of all(), with what it depends on: the model version, the last interaction
   * stored (live purchases re-score RFM rows) and the catalogue's version (top products' records).
   * Summing every customer takes most of a second on a large shop; between writes it is read once.
   */
  private summary: { key: string; value: Segments } | null = null;
  /** The last answer of samples(), with what it depends on (as for all()). */
  private sampled: { key: string; value: { customerId: string; label: string }[] } | null = null;

  constructor(
    private readonly store: Store,
    private readonly holder: ModelHolder,
    private readonly clusters: ClusterCache,
  ) {}

  segment(customerId: string): CustomerSegment {
    const id = requireId(customerId, "customerId");
    if (!this.store.customers.exists(id)) throw new NotFoundError(`no customer with id "${id}"`);
    const model = this.holder.latest();
    const modelId = model.id;
    const storedRow = this.store.segments.rfm(modelId, id);
    const row = storedRow && servedRfm(this.store, model.stored, storedRow);
    const clusterId = this.store.segments.clusterOf(modelId, id);
    const clusterRow = clusterId === undefined ? undefined : this.clusters.of(modelId).get(clusterId);
    const cluster = clusterRow ? this.describe(clusterRow, model) : null;
    if (!row) return { customerId: id, rfm: null, cluster };
    const { customerId: _c, ...figures } = row;
    const referenceDate = model.stored.referenceDate === null ? null : new Date(model.stored.referenceDate);
    return { customerId: id, rfm: { ...figures, action: actionFor(row.label), referenceDate }, cluster };
  }

  /** Per RFM segment and per behaviour cluster: customers, revenue, order value, recency, top categories. */
  all(): Segments {
    const model = this.holder.latest();
    const modelId = model.id;
    const key = `${modelId}:${this.store.interactions.maxId()}:${this.store.catalog.version()}`;
    if (this.summary?.key !== key) this.summary = { key, value: this.summarize(model) };
    return this.summary.value;
  }

  /** A few customers to try in a demo: the biggest spender of each RFM segment, for the `n` segments whose biggest spenders spend most (segments as served now). */
  samples(n: number): { customerId: string; label: string }[] {
    const model = this.holder.latest();
    const key = `${model.id}:${this.store.interactions.maxId()}:${n}`;
    if (this.sampled?.key !== key)
      this.sampled = { key, value: biggestSpenders(servedRfmRows(this.store, model.stored, this.store.segments.allRfm(model.id)), n) };
    return this.sampled.value;
  }

  private summarize(model: ReturnType<ModelHolder["latest"]>): Segments {
    const modelId = model.id;
    const rows = servedRfmRows(this.store, model.stored, this.store.segments.allRfm(modelId));
    return {
      rfm: summarizeSegments(rows, this.store.segments.segmentCategoryCounts(modelId)),
      grid: rfmGrid(rows),
      clusters: [...this.clusters.of(modelId).values()].map((c) => this.describe(c, model)),
    };
  }

  /** A cluster as served; its top products' records come from the served model, which keeps them current, not from a query. */
  private describe(c: ClusterRow, model: ReturnType<ModelHolder["latest"]>): Cluster {
    const { clusterId, topProducts, browsing: _browsing, ...figures } = c;
    const shown = topProducts.slice(0, SHOWN_PRODUCTS);
    const inModel = shown.map((id) => {
      const i = model.products.indexOf(id);
      return i === undefined ? undefined : model.productRecords[i];
    });
    if (inModel.every((p) => p !== undefined)) return { id: clusterId, ...figures, topProducts: inModel };
    // A product the model does not know (not expected: a version's clusters name its own products).
    return { id: clusterId, ...figures, topProducts: this.store.catalog.products(shown) };
  }
}

/** The biggest spender of each segment (the smaller id on a tie), for the `n` segments whose biggest spenders spend most. */
function biggestSpenders(rows: readonly RfmRow[], n: number): { customerId: string; label: string }[] {
  const best = new Map<string, RfmRow>();
  for (const row of rows) {
    const held = best.get(row.label);
    if (!held || row.monetary > held.monetary || (row.monetary === held.monetary && row.customerId < held.customerId))
      best.set(row.label, row);
  }
  return [...best.values()]
    .sort((a, b) => b.monetary - a.monetary)
    .slice(0, n)
    .map((row) => ({ customerId: row.customerId, label: row.label }));
}
