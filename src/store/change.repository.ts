/**
 * What changed in the model file since a server process last looked. A server keeps part of the file
 * in memory (the served model's customer vectors); several processes may serve one file (src/workers.ts),
 * and each holds in memory only the vectors it folded in itself. These queries tell it when, and what,
 * to read again.
 */
import type { Db } from "./database";

/**
 * Two counters that together move whenever the file's content does: `others`, SQLite's data_version,
 * moves when another connection (another process, a training run) commits; `own` counts the rows this
 * connection has written (total_changes()), which data_version leaves out.
 */
export interface ChangeMark {
  others: number;
  own: number;
}

export class ChangeRepository {
  private readonly markStmt;
  private readonly lastInteractionStmt;
  private readonly liveCustomersStmt;

  constructor(db: Db) {
    this.markStmt = db.prepare<[], ChangeMark>(`SELECT data_version AS others, total_changes() AS own FROM pragma_data_version`);
    this.lastInteractionStmt = db.prepare<[], number | null>(`SELECT MAX(id) FROM interactions`).pluck();
    // No DISTINCT: with it, SQLite reads the whole customer index rather than the few rows past the id.
    this.liveCustomersStmt = db.prepare<[number], string>(`SELECT customer_id FROM interactions WHERE id > ? AND origin = 'live'`).pluck();
  }

  /** The file's change counters now, in one prepared statement (cheap enough to run on every request). */
  mark(): ChangeMark {
    return this.markStmt.get()!;
  }

  /** The newest interaction's id (0 for none). Ids only grow (AUTOINCREMENT): every row with a smaller id was committed before it. */
  lastInteractionId(): number {
    return this.lastInteractionStmt.get() ?? 0;
  }

  /** The customers of the interactions recorded through the API with an id above `id`. */
  liveCustomersAfter(id: number): string[] {
    return [...new Set(this.liveCustomersStmt.all(id))];
  }
}
