/**
 * The imported rows: bulk inserts of interactions and anonymous order lines, and a new import brought
 * in as its difference from the previous one.
 *
 * Why a difference: a model version's data cut is the id of the newest interaction it was trained on
 * (`lastInteractionId`), and ids only grow (AUTOINCREMENT, migration 13: an id is never given twice),
 * so every row with an id up to the cut is one the version was trained on. An import that deleted the
 * previous import and inserted it again would give the very same rows new ids, above the cut of the
 * version a server is serving, and for as long as no newer version is written (a training takes
 * seconds to minutes, and may be killed) the file would no longer say which rows that version holds.
 * So a row the new import brings again, equal in every column of its content, is kept with its id;
 * only rows the new import no longer holds are deleted, and only rows it adds are inserted.
 * (Serving folds in only what the API recorded after the cut anyway, never imported rows: see
 * AFTER_CUT in sql.ts. Anonymous order lines are not interactions and belong to no cut: they are
 * replaced whole.)
 */
import type { AnonymousLine, InteractionRecord } from "../domain/records";
import type { Db } from "./database";
import type { InteractionOrigin } from "./interaction.repository";

/** What a new import changed among the imported interactions. */
export interface ImportChange {
  /** Rows the previous import held too: kept, with their ids. */
  kept: number;
  /** Rows of the previous import that the new one no longer holds. */
  removed: number;
  inserted: number;
}

/** An interaction's content: the columns an import writes, in InteractionRecord's order. */
const CONTENT_COLUMNS = "customer_id, product_id, type, quantity, unit_price, occurred_at, basket_id, weight";

type Content = [string, string, string, number, number | null, number | null, string | null, number | null];

/** Which of them SQLite stores as text. */
const TEXT_COLUMNS = [true, true, true, false, false, false, true, false];

function contentOf(r: InteractionRecord): Content {
  return [r.customerId, r.productId, r.type, r.quantity, r.unitPrice, r.occurredAt, r.basketId, r.weight];
}

function sameContent(a: Content, b: Content): boolean {
  for (let c = 0; c < 8; c++) if (a[c] !== b[c]) return false;
  return true;
}

/**
 * A content as one string, equal for two contents exactly when they are equal as SQLite stores them:
 * text as text (a TEXT column stores a number given to it as its text), each text prefixed with its
 * length so that no text can pass for two fields, null apart from every value.
 */
function contentKey(content: Content): string {
  let key = "";
  content.forEach((v, c) => {
    if (v == null) key += "~,";
    else if (TEXT_COLUMNS[c]) key += `${String(v).length}:${v},`;
    else key += `${v},`;
  });
  return key;
}

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
    const values = (r: InteractionRecord) => [...contentOf(r), origin];
    return insertBatched(this.db, `INSERT INTO interactions (${CONTENT_COLUMNS}, origin) VALUES`, 9, records, values);
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

  /**
   * Makes the imported interactions those of `records` (see the file's comment): each record equal to
   * a previously imported row keeps that row, one for one (three equal records where two equal rows
   * were keep both and add one); the previous rows left over are deleted; the other records are
   * inserted, in their order, with ids above every id given before. Within a write transaction; when it
   * writes at least as many rows as it leaves, the indexes are dropped and built again once, at the end.
   * Interactions recorded live are not touched.
   */
  replaceImported(records: readonly InteractionRecord[]): ImportChange {
    if (!this.db.inTransaction) throw new Error("replaceImported: only within a transaction");
    // The previous rows, in the order they were imported in, and the records are walked in step while
    // they are equal: a file exported again (grown at its end, perhaps) is compared line by line. Rows
    // out of step wait, by content, for a record equal to them.
    const waiting = new Map<string, number[]>();
    let next = 0; // the first record not matched in step
    const rows = this.db
      .prepare<[], [number, ...Content]>(`SELECT id, ${CONTENT_COLUMNS} FROM interactions WHERE origin = 'import' ORDER BY id`)
      .raw()
      .iterate();
    for (const [id, ...content] of rows) {
      if (next < records.length && sameContent(content, contentOf(records[next]))) {
        next++;
        continue;
      }
      const key = contentKey(content);
      const ids = waiting.get(key);
      if (ids) ids.push(id);
      else waiting.set(key, [id]);
    }
    const added: InteractionRecord[] = [];
    for (let r = next; r < records.length; r++) {
      const ids = waiting.size > 0 ? waiting.get(contentKey(contentOf(records[r]))) : undefined;
      if (ids !== undefined && ids.length > 0) ids.pop();
      else added.push(records[r]);
    }
    const removed = [...waiting.values()].flat();
    const total = this.db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM interactions`).get()!.n;
    const rebuild = removed.length + added.length >= total - removed.length ? this.dropIndexes() : null;
    if (removed.length > 0) {
      this.db.prepare(`DELETE FROM interactions WHERE id IN (SELECT value FROM json_each(?))`).run(JSON.stringify(removed));
    }
    this.insertMany(added, "import");
    rebuild?.();
    return { kept: records.length - added.length, removed: removed.length, inserted: added.length };
  }

  /** Replaces the anonymous order lines of the previous import with these. */
  replaceAnonymousLines(lines: Iterable<AnonymousLine>): number {
    this.db.prepare(`DELETE FROM anonymous_lines WHERE origin = 'import'`).run();
    return this.insertAnonymousLines(lines, "import");
  }

  insertAnonymousLines(lines: Iterable<AnonymousLine>, origin: InteractionOrigin): number {
    const columns = "basket_id, product_id, quantity, unit_price, occurred_at, origin";
    const values = (l: AnonymousLine) => [l.basketId, l.productId, l.quantity, l.unitPrice, l.occurredAt, origin];
    return insertBatched(this.db, `INSERT INTO anonymous_lines (${columns}) VALUES`, 6, lines, values);
  }
}
