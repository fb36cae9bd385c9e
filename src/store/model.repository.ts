/**
 * Model versions: factors, id↔index maps, popularity and RFM, written in one transaction so that a
 * reader (the server) sees either the old model or the new one, never half of one.
 */
import type { Db } from "./database";
import { IdIndex } from "./id-index";
import { decodeFloat64, decodeInt32, decodeVectorInto, encodeTyped, encodeVector } from "./vectors";

export interface RfmRow {
  customerId: string;
  recencyDays: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  label: string;
}

/** What describes a model version besides its arrays. */
export interface ModelHeader {
  factors: number;
  params: Record<string, unknown>;
  stats: Record<string, unknown>;
  source: Record<string, unknown>;
  /** The newest interaction the model was trained on; later ones were recorded after it. */
  lastInteractionId: number;
  referenceDate: number | null;
}

/** What a training run hands to storage. Vectors are row-major, `factors` wide. */
export interface NewModel extends ModelHeader {
  customerIds: readonly string[];
  customerFactors: ArrayLike<number>;
  productIds: readonly string[];
  productFactors: ArrayLike<number>;
  /** Distinct customers who interacted positively with each product, aligned with productIds. */
  buyers: ArrayLike<number>;
  rfm: readonly RfmRow[];
  rules: readonly RuleRow[];
  clusters: readonly ClusterRow[];
  clusterOf: readonly { customerId: string; clusterId: number }[];
  /** Each customer's row as trained on (see CustomerRowTerms); omit for a model without them. */
  customerRows?: readonly CustomerRowTerms[];
}

/**
 * One customer's summed interaction weights per trained product (any sign, so a later event can still
 * tip a returned product positive), as of the model's data cut. `decaying` holds the timed part,
 * decayed to the model's data end; `fixed` the part recency weighting does not touch. Either is null
 * when it is all zeros.
 */
export interface CustomerRowTerms {
  customerId: string;
  /** Product indices of the model, ascending. */
  items: Int32Array;
  decaying: Float64Array | null;
  fixed: Float64Array | null;
}

/** A behaviour cluster as stored: its figures and description. */
export interface ClusterRow {
  clusterId: number;
  label: string;
  size: number;
  revenue: number;
  revenueShare: number;
  averageOrderValue: number;
  averageRecencyDays: number;
  averageFrequency: number;
  /** Categories by share of the cluster's purchases, most first. */
  topCategories: { category: string; share: number }[];
  /** Product ids by buyers in the cluster, most first. */
  topProducts: string[];
  /** Mean log(1 + page views) and log(1 + time spent) of its members, where the data has them. */
  browsing: { logPageViews: number | null; logTimeSpent: number | null };
}

/** A pairwise association rule between two products, by id. */
export interface RuleRow {
  antecedent: string;
  consequent: string;
  count: number;
  support: number;
  confidence: number;
  lift: number;
}

export interface StoredModel extends ModelHeader {
  id: number;
  createdAt: number;
  customers: IdIndex;
  customerFactors: Float32Array;
  products: IdIndex;
  productFactors: Float32Array;
  buyers: Int32Array;
  /** Whether the version stores its customers' rows (versions trained before they existed do not). */
  hasCustomerRows: boolean;
}

interface ModelRow {
  id: number;
  created_at: number;
  factors: number;
  params: string;
  stats: string;
  source: string;
  last_interaction_id: number;
  reference_date: number | null;
  has_customer_rows: number;
}

/** How many model versions a file keeps; older ones are deleted when a new one is saved. */
export const MODEL_VERSIONS_KEPT = 2;

export class ModelRepository {
  private readonly customerRowStmt;
  private readonly customerIdxStmt;
  private readonly updateVectorStmt;
  private readonly nextCustomerIdxStmt;
  private readonly insertCustomerStmt;
  private readonly upsertRfmStmt;
  private readonly upsertClusterStmt;

  constructor(private readonly db: Db) {
    this.customerRowStmt = db.prepare<[number, string], { items: Buffer; decaying: Buffer | null; fixed: Buffer | null }>(
      `SELECT items, decaying, fixed FROM model_customer_rows WHERE model_id = ? AND customer_id = ?`,
    );
    this.customerIdxStmt = db.prepare<[number, string], { idx: number }>(
      `SELECT idx FROM model_customers WHERE model_id = ? AND customer_id = ?`,
    );
    this.updateVectorStmt = db.prepare(`UPDATE model_customers SET vector = ? WHERE model_id = ? AND idx = ?`);
    this.nextCustomerIdxStmt = db.prepare<[number], { idx: number }>(
      `SELECT COALESCE(MAX(idx) + 1, 0) AS idx FROM model_customers WHERE model_id = ?`,
    );
    this.insertCustomerStmt = db.prepare(`INSERT INTO model_customers (model_id, idx, customer_id, vector) VALUES (?, ?, ?, ?)`);
    this.upsertClusterStmt = db.prepare(
      `INSERT INTO customer_clusters (model_id, customer_id, cluster_id) VALUES (?, ?, ?)
       ON CONFLICT(model_id, customer_id) DO UPDATE SET cluster_id = excluded.cluster_id`,
    );
    this.upsertRfmStmt = db.prepare(
      `INSERT INTO customer_rfm (model_id, customer_id, recency_days, frequency, monetary, r, f, m, label)
       VALUES (@modelId, @customerId, @recencyDays, @frequency, @monetary, @r, @f, @m, @label)
       ON CONFLICT(model_id, customer_id) DO UPDATE SET recency_days = excluded.recency_days,
         frequency = excluded.frequency, monetary = excluded.monetary,
         r = excluded.r, f = excluded.f, m = excluded.m, label = excluded.label`,
    );
  }

  /** Writes a complete model version atomically and returns its id. */
  save(model: NewModel, now = Date.now()): number {
    const k = model.factors;
    if (model.customerFactors.length !== model.customerIds.length * k) throw new Error("customer factors do not match ids");
    if (model.productFactors.length !== model.productIds.length * k) throw new Error("product factors do not match ids");
    const write = this.db.transaction(() => {
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO models (created_at, factors, params, stats, source, last_interaction_id, reference_date, has_customer_rows)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            now,
            k,
            JSON.stringify(model.params),
            JSON.stringify(model.stats),
            JSON.stringify(model.source),
            model.lastInteractionId,
            model.referenceDate,
            model.customerRows ? 1 : 0,
          ).lastInsertRowid,
      );
      const insCustomer = this.db.prepare(`INSERT INTO model_customers (model_id, idx, customer_id, vector) VALUES (?, ?, ?, ?)`);
      model.customerIds.forEach((cid, idx) => insCustomer.run(id, idx, cid, encodeVector(model.customerFactors, idx * k, k)));
      const insProduct = this.db.prepare(`INSERT INTO model_products (model_id, idx, product_id, vector, buyers) VALUES (?, ?, ?, ?, ?)`);
      model.productIds.forEach((pid, idx) =>
        insProduct.run(id, idx, pid, encodeVector(model.productFactors, idx * k, k), model.buyers[idx]),
      );
      const insRfm = this.db.prepare(
        `INSERT INTO customer_rfm (model_id, customer_id, recency_days, frequency, monetary, r, f, m, label)
         VALUES (@modelId, @customerId, @recencyDays, @frequency, @monetary, @r, @f, @m, @label)`,
      );
      for (const row of model.rfm) insRfm.run({ modelId: id, ...row });
      const insRule = this.db.prepare(
        `INSERT INTO model_rules (model_id, antecedent, consequent, count, support, confidence, lift)
         VALUES (@modelId, @antecedent, @consequent, @count, @support, @confidence, @lift)`,
      );
      for (const rule of model.rules) insRule.run({ modelId: id, ...rule });
      const insCluster = this.db.prepare(
        `INSERT INTO model_clusters (model_id, cluster_id, label, size, revenue, revenue_share, average_order_value,
           average_recency_days, average_frequency, top_categories, top_products, browsing)
         VALUES (@modelId, @clusterId, @label, @size, @revenue, @revenueShare, @averageOrderValue,
           @averageRecencyDays, @averageFrequency, @topCategories, @topProducts, @browsing)`,
      );
      for (const c of model.clusters) {
        insCluster.run({
          modelId: id,
          ...c,
          topCategories: JSON.stringify(c.topCategories),
          topProducts: JSON.stringify(c.topProducts),
          browsing: JSON.stringify(c.browsing),
        });
      }
      const insMember = this.db.prepare(`INSERT INTO customer_clusters (model_id, customer_id, cluster_id) VALUES (?, ?, ?)`);
      for (const m of model.clusterOf) insMember.run(id, m.customerId, m.clusterId);
      const insRow = this.db.prepare(
        `INSERT INTO model_customer_rows (model_id, customer_id, items, decaying, fixed) VALUES (?, ?, ?, ?, ?)`,
      );
      for (const r of model.customerRows ?? []) {
        const encode = (a: Float64Array | null) => (a === null ? null : encodeTyped(a));
        insRow.run(id, r.customerId, encodeTyped(r.items), encode(r.decaying), encode(r.fixed));
      }
      this.db.prepare(`DELETE FROM models WHERE id NOT IN (SELECT id FROM models ORDER BY id DESC LIMIT ?)`).run(MODEL_VERSIONS_KEPT);
      return id;
    });
    return write.immediate();
  }

  latestId(): number | null {
    return this.db.prepare<[], { id: number | null }>(`SELECT MAX(id) AS id FROM models`).get()!.id;
  }

  /** Loads a model version (the newest by default) in one read transaction; null when there is none. */
  load(id?: number): StoredModel | null {
    const read = this.db.transaction((): StoredModel | null => {
      const row =
        id === undefined
          ? this.db.prepare<[], ModelRow>(`SELECT * FROM models ORDER BY id DESC LIMIT 1`).get()
          : this.db.prepare<[number], ModelRow>(`SELECT * FROM models WHERE id = ?`).get(id);
      if (!row) return null;
      const k = row.factors;
      const customers = new IdIndex();
      const customerRows = this.db
        .prepare<[number], { customer_id: string; vector: Buffer }>(
          `SELECT customer_id, vector FROM model_customers WHERE model_id = ? ORDER BY idx`,
        )
        .all(row.id);
      const customerFactors = new Float32Array(customerRows.length * k);
      customerRows.forEach((r, idx) => {
        customers.add(r.customer_id);
        decodeVectorInto(r.vector, k, customerFactors, idx * k);
      });
      const products = new IdIndex();
      const productRows = this.db
        .prepare<[number], { product_id: string; vector: Buffer; buyers: number }>(
          `SELECT product_id, vector, buyers FROM model_products WHERE model_id = ? ORDER BY idx`,
        )
        .all(row.id);
      const productFactors = new Float32Array(productRows.length * k);
      const buyers = new Int32Array(productRows.length);
      productRows.forEach((r, idx) => {
        products.add(r.product_id);
        decodeVectorInto(r.vector, k, productFactors, idx * k);
        buyers[idx] = r.buyers;
      });
      return {
        id: row.id,
        createdAt: row.created_at,
        factors: k,
        params: JSON.parse(row.params),
        stats: JSON.parse(row.stats),
        source: JSON.parse(row.source),
        lastInteractionId: row.last_interaction_id,
        referenceDate: row.reference_date,
        customers,
        customerFactors,
        products,
        productFactors,
        buyers,
        hasCustomerRows: row.has_customer_rows === 1,
      };
    });
    return read();
  }

  /** A customer's stored row in a model version (see CustomerRowTerms), or undefined when it has none. */
  customerRow(modelId: number, customerId: string): CustomerRowTerms | undefined {
    const r = this.customerRowStmt.get(modelId, customerId);
    if (!r) return undefined;
    return {
      customerId,
      items: decodeInt32(r.items),
      decaying: r.decaying === null ? null : decodeFloat64(r.decaying),
      fixed: r.fixed === null ? null : decodeFloat64(r.fixed),
    };
  }

  /** Stores a customer's re-solved vector in a model version, appending the customer if new; returns its index. */
  saveCustomerVector(modelId: number, customerId: string, vector: ArrayLike<number>): number {
    const blob = encodeVector(vector);
    const existing = this.customerIdxStmt.get(modelId, customerId);
    if (existing) {
      this.updateVectorStmt.run(blob, modelId, existing.idx);
      return existing.idx;
    }
    const next = this.nextCustomerIdxStmt.get(modelId)!.idx;
    this.insertCustomerStmt.run(modelId, next, customerId, blob);
    return next;
  }

  /** Sets one customer's behaviour cluster in a model version (live purchases keep it current). */
  saveCluster(modelId: number, customerId: string, clusterId: number): void {
    this.upsertClusterStmt.run(modelId, customerId, clusterId);
  }

  /** Replaces one customer's RFM row in a model version (live purchases keep segments current). */
  saveRfm(modelId: number, row: RfmRow): void {
    this.upsertRfmStmt.run({ modelId, ...row });
  }

  clusters(modelId: number): ClusterRow[] {
    return this.db
      .prepare<[number], Record<string, unknown>>(
        `SELECT cluster_id AS clusterId, label, size, revenue, revenue_share AS revenueShare,
                average_order_value AS averageOrderValue, average_recency_days AS averageRecencyDays,
                average_frequency AS averageFrequency, top_categories AS topCategories, top_products AS topProducts, browsing
         FROM model_clusters WHERE model_id = ? ORDER BY cluster_id`,
      )
      .all(modelId)
      .map(
        (r) =>
          ({
            ...r,
            topCategories: JSON.parse(r.topCategories as string),
            topProducts: JSON.parse(r.topProducts as string),
            browsing: r.browsing ? JSON.parse(r.browsing as string) : { logPageViews: null, logTimeSpent: null },
          }) as ClusterRow,
      );
  }

  clusterOf(modelId: number, customerId: string): number | undefined {
    return this.db
      .prepare<[number, string], { c: number }>(`SELECT cluster_id AS c FROM customer_clusters WHERE model_id = ? AND customer_id = ?`)
      .get(modelId, customerId)?.c;
  }

  /** Purchases per RFM segment and category in a model version (for segment summaries). */
  segmentCategoryCounts(modelId: number): { label: string; category: string; purchases: number }[] {
    return this.db
      .prepare<[number], { label: string; category: string; purchases: number }>(
        `SELECT r.label AS label, p.category AS category, COUNT(*) AS purchases
         FROM customer_rfm r
         JOIN interactions i ON i.customer_id = r.customer_id AND i.type = 'purchase' AND i.quantity > 0
         JOIN products p ON p.id = i.product_id
         WHERE r.model_id = ? AND p.category IS NOT NULL
         GROUP BY r.label, p.category`,
      )
      .all(modelId);
  }

  /** Every RFM row of a model version. */
  allRfm(modelId: number): RfmRow[] {
    return this.db
      .prepare<[number], RfmRow>(
        `SELECT customer_id AS customerId, recency_days AS recencyDays, frequency, monetary, r, f, m, label
         FROM customer_rfm WHERE model_id = ?`,
      )
      .all(modelId);
  }

  rfm(modelId: number, customerId: string): RfmRow | undefined {
    return this.db
      .prepare<[number, string], RfmRow>(
        `SELECT customer_id AS customerId, recency_days AS recencyDays, frequency, monetary, r, f, m, label
         FROM customer_rfm WHERE model_id = ? AND customer_id = ?`,
      )
      .get(modelId, customerId);
  }
}

export interface RuleQuery {
  minSupport: number;
  minConfidence: number;
  minLift: number;
  limit: number;
}

export class RuleRepository {
  constructor(private readonly db: Db) {}

  /** The rules with `productId` as antecedent, most confident first (then by lift). */
  forProduct(modelId: number, productId: string, limit: number): RuleRow[] {
    return this.db
      .prepare<[number, string, number], RuleRow>(
        `SELECT antecedent, consequent, count, support, confidence, lift FROM model_rules
         WHERE model_id = ? AND antecedent = ? ORDER BY confidence DESC, lift DESC, consequent LIMIT ?`,
      )
      .all(modelId, productId, limit);
  }

  /** Rules passing the thresholds, highest lift first (then by confidence). */
  list(modelId: number, q: RuleQuery): RuleRow[] {
    return this.db
      .prepare<[number, number, number, number, number], RuleRow>(
        `SELECT antecedent, consequent, count, support, confidence, lift FROM model_rules
         WHERE model_id = ? AND support >= ? AND confidence >= ? AND lift >= ?
         ORDER BY lift DESC, confidence DESC, antecedent, consequent LIMIT ?`,
      )
      .all(modelId, q.minSupport, q.minConfidence, q.minLift, q.limit);
  }

  count(modelId: number): number {
    return this.db.prepare<[number], { n: number }>(`SELECT COUNT(*) AS n FROM model_rules WHERE model_id = ?`).get(modelId)!.n;
  }
}
