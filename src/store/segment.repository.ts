/** A model version's customer segments: RFM scores and behaviour clusters, kept current by live purchases. */
import type { Db } from "./database";
import type { ClusterRow, NewModel, RfmRow } from "./model-records";
import { IS_PURCHASE } from "./sql";

const RFM_COLUMNS = `customer_id AS customerId, recency_days AS recencyDays, frequency, monetary, r, f, m, label`;

interface StoredClusterRow extends Omit<ClusterRow, "topCategories" | "topProducts" | "browsing"> {
  topCategories: string;
  topProducts: string;
  browsing: string | null;
}

export class SegmentRepository {
  private readonly insertRfmStmt;
  private readonly upsertRfmStmt;
  private readonly insertClusterStmt;
  private readonly insertMemberStmt;
  private readonly upsertMemberStmt;
  private readonly rfmStmt;
  private readonly allRfmStmt;
  private readonly clusterOfStmt;
  private readonly clustersStmt;
  private readonly membersStmt;
  private readonly categoryCountsStmt;

  constructor(db: Db) {
    const rfmValues = `VALUES (@modelId, @customerId, @recencyDays, @frequency, @monetary, @r, @f, @m, @label)`;
    this.insertRfmStmt = db.prepare(
      `INSERT INTO customer_rfm (model_id, customer_id, recency_days, frequency, monetary, r, f, m, label) ${rfmValues}`,
    );
    this.upsertRfmStmt = db.prepare(
      `INSERT INTO customer_rfm (model_id, customer_id, recency_days, frequency, monetary, r, f, m, label) ${rfmValues}
       ON CONFLICT(model_id, customer_id) DO UPDATE SET recency_days = excluded.recency_days,
         frequency = excluded.frequency, monetary = excluded.monetary,
         r = excluded.r, f = excluded.f, m = excluded.m, label = excluded.label`,
    );
    this.insertClusterStmt = db.prepare(
      `INSERT INTO model_clusters (model_id, cluster_id, label, size, revenue, revenue_share, average_order_value,
         average_recency_days, average_frequency, top_categories, top_products, browsing)
       VALUES (@modelId, @clusterId, @label, @size, @revenue, @revenueShare, @averageOrderValue,
         @averageRecencyDays, @averageFrequency, @topCategories, @topProducts, @browsing)`,
    );
    this.insertMemberStmt = db.prepare(`INSERT INTO customer_clusters (model_id, customer_id, cluster_id) VALUES (?, ?, ?)`);
    this.upsertMemberStmt = db.prepare(
      `INSERT INTO customer_clusters (model_id, customer_id, cluster_id) VALUES (?, ?, ?)
       ON CONFLICT(model_id, customer_id) DO UPDATE SET cluster_id = excluded.cluster_id`,
    );
    this.rfmStmt = db.prepare<[number, string], RfmRow>(`SELECT ${RFM_COLUMNS} FROM customer_rfm WHERE model_id = ? AND customer_id = ?`);
    this.allRfmStmt = db.prepare<[number], RfmRow>(`SELECT ${RFM_COLUMNS} FROM customer_rfm WHERE model_id = ?`);
    this.clusterOfStmt = db.prepare<[number, string], { c: number }>(
      `SELECT cluster_id AS c FROM customer_clusters WHERE model_id = ? AND customer_id = ?`,
    );
    this.clustersStmt = db.prepare<[number], StoredClusterRow>(
      `SELECT cluster_id AS clusterId, label, size, revenue, revenue_share AS revenueShare,
              average_order_value AS averageOrderValue, average_recency_days AS averageRecencyDays,
              average_frequency AS averageFrequency, top_categories AS topCategories, top_products AS topProducts, browsing
       FROM model_clusters WHERE model_id = ? ORDER BY cluster_id`,
    );
    this.membersStmt = db.prepare<[number], { customerId: string; clusterId: number }>(
      `SELECT customer_id AS customerId, cluster_id AS clusterId FROM customer_clusters WHERE model_id = ?`,
    );
    this.categoryCountsStmt = db.prepare<[number], { label: string; category: string; purchases: number }>(
      `SELECT r.label AS label, p.category AS category, COUNT(*) AS purchases
       FROM customer_rfm r
       JOIN interactions i ON i.customer_id = r.customer_id AND ${IS_PURCHASE}
       JOIN products p ON p.id = i.product_id
       WHERE r.model_id = ? AND p.category IS NOT NULL
       GROUP BY r.label, p.category`,
    );
  }

  /** Writes a new model version's RFM rows, clusters and memberships (inside its save transaction). */
  insert(modelId: number, model: Pick<NewModel, "rfm" | "clusters" | "clusterOf">): void {
    for (const row of model.rfm) this.insertRfmStmt.run({ modelId, ...row });
    for (const c of model.clusters) {
      this.insertClusterStmt.run({
        modelId,
        ...c,
        topCategories: JSON.stringify(c.topCategories),
        topProducts: JSON.stringify(c.topProducts),
        browsing: JSON.stringify(c.browsing),
      });
    }
    for (const m of model.clusterOf) this.insertMemberStmt.run(modelId, m.customerId, m.clusterId);
  }

  /** Replaces one customer's RFM row in a model version (live purchases keep segments current). */
  saveRfm(modelId: number, row: RfmRow): void {
    this.upsertRfmStmt.run({ modelId, ...row });
  }

  /** Sets one customer's behaviour cluster in a model version (live purchases keep it current). */
  saveCluster(modelId: number, customerId: string, clusterId: number): void {
    this.upsertMemberStmt.run(modelId, customerId, clusterId);
  }

  rfm(modelId: number, customerId: string): RfmRow | undefined {
    return this.rfmStmt.get(modelId, customerId);
  }

  /** Every RFM row of a model version. */
  allRfm(modelId: number): RfmRow[] {
    return this.allRfmStmt.all(modelId);
  }

  clusterOf(modelId: number, customerId: string): number | undefined {
    return this.clusterOfStmt.get(modelId, customerId)?.c;
  }

  clusters(modelId: number): ClusterRow[] {
    return this.clustersStmt.all(modelId).map((r) => ({
      ...r,
      topCategories: JSON.parse(r.topCategories),
      topProducts: JSON.parse(r.topProducts),
      browsing: r.browsing ? JSON.parse(r.browsing) : { logPageViews: null, logTimeSpent: null },
    }));
  }

  /** Cluster of every clustered customer in a model version. */
  clusterAssignments(modelId: number): Map<string, number> {
    return new Map(this.membersStmt.all(modelId).map((r) => [r.customerId, r.clusterId]));
  }

  /** Purchases per RFM segment and category in a model version (for segment summaries). */
  segmentCategoryCounts(modelId: number): { label: string; category: string; purchases: number }[] {
    return this.categoryCountsStmt.all(modelId);
  }
}
