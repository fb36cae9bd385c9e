/** The imported rows: bulk inserts of interactions and anonymous order lines, as an import writes them. */
import type { AnonymousLine, InteractionRecord } from "../domain/records";
import type { Db } from "./database";
import type { InteractionOrigin } from "./interaction.repository";

/** Rows per INSERT statement of a bulk insert. */
const INSERT_BATCH = 100;

/**
 * Inserts rows with `insert` ("INSERT INTO t (columns) VALUES") INSERT_BATCH at a time, in order;
 * returns how many. `values` gives a row's `width` values.
 */
function insertBatched<T>(db: Db, insert: string, width: number, rows: Iterable<T>, values: (row: T) => unknown[]): number {
  const placeholders = (n: number) => Array.from({ length: n }, () => `(${Array(width).fill("?").join(", ")})`).join(", ");
  const full = db.prepare(`${insert} ${placeholders(INSERT_BATCH)}`);
  let batch: unknown[] = [];
  let n = 0;
  for (const row of rows) {
    batch.push(...values(row));
    if (++n % INSERT_BATCH === 0) {
      full.run(batch);
      batch = [];
    }
  }
  if (batch.length > 0) db.prepare(`${insert} ${placeholders(batch.length / width)}`).run(batch);
  return n;
}

export class ImportRepository {
  constructor(private readonly db: Db) {}

  /**
   * Inserts many records, INSERT_BATCH rows per statement: one call into SQLite per row, binding an
   * object's named parameters, was most of the time of an import.
   */
  insertMany(records: Iterable<InteractionRecord>, origin: InteractionOrigin): number {
    const columns = "customer_id, product_id, type, quantity, unit_price, occurred_at, basket_id, weight, origin";
    const values = (r: InteractionRecord) => [
      r.customerId,
      r.productId,
      r.type,
      r.quantity,
      r.unitPrice,
      r.occurredAt,
      r.basketId,
      r.weight,
      origin,
    ];
    return insertBatched(this.db, `INSERT INTO interactions (${columns}) VALUES`, 9, records, values);
  }

  /**
   * Drops the interactions' indexes and returns what recreates them as they were (from their SQL in
   * the schema). Only within a transaction, so that no reader ever sees the table without them.
   */
  dropIndexes(): () => void {
    if (!this.db.inTransaction) throw new Error("dropIndexes: only within a transaction");
    const indexes = this.db
      .prepare<[], { name: string; sql: string }>(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'interactions' AND sql IS NOT NULL`,
      )
      .all();
    for (const { name } of indexes) this.db.exec(`DROP INDEX "${name}"`);
    return () => {
      for (const { sql } of indexes) this.db.exec(sql);
    };
  }

  deleteByOrigin(origin: InteractionOrigin): number {
    this.db.prepare(`DELETE FROM anonymous_lines WHERE origin = ?`).run(origin);
    return this.db.prepare(`DELETE FROM interactions WHERE origin = ?`).run(origin).changes;
  }

  insertAnonymousLines(lines: Iterable<AnonymousLine>, origin: InteractionOrigin): number {
    const columns = "basket_id, product_id, quantity, unit_price, occurred_at, origin";
    const values = (l: AnonymousLine) => [l.basketId, l.productId, l.quantity, l.unitPrice, l.occurredAt, origin];
    return insertBatched(this.db, `INSERT INTO anonymous_lines (${columns}) VALUES`, 6, lines, values);
  }
}
