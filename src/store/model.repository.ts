/**
 * Model versions: factors, id↔index maps, popularity, each customer's trained row and item neighbours, written in one
 * transaction with the version's segments and rules, so that a reader (the server) sees either the old
 * model or the new one, never half of one.
 */
import type { Db } from "./database";
import { IdIndex } from "./id-index";
import { type CustomerRowTerms, type NewModel, readModelStats, type StoredModel } from "./model-records";
import type { AnnRepository } from "./ann.repository";
import type { RepurchaseRepository } from "./repurchase.repository";
import type { RuleRepository } from "./rule.repository";
import type { SegmentRepository } from "./segment.repository";
import { decodeFloat64, decodeInt32, decodeVectorInto, encodeTyped, encodeVector } from "./vectors";

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
const MODEL_VERSIONS_KEPT = 2;

export class ModelRepository {
  private readonly customerRowStmt;
  private readonly customerIdxStmt;
  private readonly updateVectorStmt;
  private readonly nextCustomerIdxStmt;
  private readonly insertCustomerStmt;
  private readonly latestIdStmt;
  private readonly vectorStmt;

  constructor(
    private readonly db: Db,
    private readonly segments: SegmentRepository,
    private readonly rules: RuleRepository,
    private readonly repurchase: RepurchaseRepository,
    private readonly ann: AnnRepository,
  ) {
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
    this.latestIdStmt = db.prepare<[], { id: number | null }>(`SELECT MAX(id) AS id FROM models`);
    this.vectorStmt = db
      .prepare<[number, string], Buffer>(`SELECT vector FROM model_customers WHERE model_id = ? AND customer_id = ?`)
      .pluck();
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
      this.segments.insert(id, model);
      this.rules.insert(id, model.rules);
      this.repurchase.insert(id, model.repurchase ?? []);
      for (const graph of model.ann ?? []) this.ann.insert(id, graph, model.productIds.length);
      const insRow = this.db.prepare(
        `INSERT INTO model_customer_rows (model_id, customer_id, items, decaying, fixed) VALUES (?, ?, ?, ?, ?)`,
      );
      for (const r of model.customerRows ?? []) {
        const encode = (a: Float64Array | null) => (a === null ? null : encodeTyped(a));
        insRow.run(id, r.customerId, encodeTyped(r.items), encode(r.decaying), encode(r.fixed));
      }
      const nb = model.neighbours;
      if (nb) {
        if (nb.rows !== model.productIds.length || nb.cols !== model.productIds.length)
          throw new Error("neighbour lists do not match products");
        this.db
          .prepare(`INSERT INTO model_neighbours (model_id, indptr, indices, similarities) VALUES (?, ?, ?, ?)`)
          .run(id, encodeTyped(nb.indptr), encodeTyped(nb.indices), encodeTyped(nb.data));
      }
      this.db.prepare(`DELETE FROM models WHERE id NOT IN (SELECT id FROM models ORDER BY id DESC LIMIT ?)`).run(MODEL_VERSIONS_KEPT);
      return id;
    });
    return write.immediate();
  }

  latestId(): number | null {
    return this.latestIdStmt.get()!.id;
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
      const nb = this.db
        .prepare<[number], { indptr: Buffer; indices: Buffer; similarities: Buffer }>(
          `SELECT indptr, indices, similarities FROM model_neighbours WHERE model_id = ?`,
        )
        .get(row.id);
      const neighbours = nb
        ? {
            rows: products.size,
            cols: products.size,
            indptr: decodeInt32(nb.indptr),
            indices: decodeInt32(nb.indices),
            data: decodeFloat64(nb.similarities),
          }
        : null;
      return {
        id: row.id,
        createdAt: row.created_at,
        factors: k,
        params: JSON.parse(row.params),
        stats: readModelStats(row.stats),
        source: JSON.parse(row.source),
        lastInteractionId: row.last_interaction_id,
        referenceDate: row.reference_date,
        customers,
        customerFactors,
        products,
        productFactors,
        buyers,
        hasCustomerRows: row.has_customer_rows === 1,
        neighbours,
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

  /** A customer's vector as stored in a model version (its trained one, or the last one folded in), or undefined when it has none. */
  customerVector(modelId: number, customerId: string, k: number): Float32Array | undefined {
    const blob = this.vectorStmt.get(modelId, customerId);
    if (blob === undefined) return undefined;
    const vector = new Float32Array(k);
    decodeVectorInto(blob, k, vector, 0);
    return vector;
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
}
