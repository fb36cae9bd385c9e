/** Opening a model file and bringing its schema up to date. */
import Database from "better-sqlite3";
import { MIGRATIONS } from "./migrations";

export type Db = Database.Database;

/** How long a statement waits for another connection's lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/** How much of the file SQLite maps into memory (the rest it reads with read()). */
const MMAP_BYTES = 1024 ** 3;

export interface OpenOptions {
  readonly?: boolean;
  /**
   * Checkpoint the WAL on a worker thread every this many ms (see checkpointer.ts) instead of in the
   * commit that crosses SQLite's threshold: for a long-running server, so no request waits on a
   * checkpoint's fsyncs. Unset: SQLite's automatic checkpoints.
   */
  checkpointIntervalMs?: number;
  /**
   * Another process checkpoints this file (the server's checkpointing worker, src/workers.ts): leave
   * SQLite's automatic checkpoints off too, and truncate the log only should its file pass this many
   * bytes (see wal-cap.ts).
   */
  walCapBytes?: number;
}

/** Opens (creating if needed) a model file in WAL mode, so readers never see a half-written model. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Read pages through a memory map: a customer's first request touches hundreds of scattered pages,
  // and a read() call for each was a visible share of a write's tail latency (docs/performance.md).
  db.pragma(`mmap_size = ${MMAP_BYTES}`);
  if (!options.readonly) {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    // The Store's worker checkpoints, or another process's does.
    if (options.checkpointIntervalMs || options.walCapBytes) db.pragma("wal_autocheckpoint = 0");
    migrate(db);
  }
  db.pragma("foreign_keys = ON");
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`model file schema version ${current} is newer than this program understands (${MIGRATIONS.length})`);
  }
  // A migration that rebuilds a table (13) copies its rows as they are; foreign keys are for rows being
  // written (better-sqlite3 turns them on by default; openDatabase turns them on again after this).
  if (current < MIGRATIONS.length) db.pragma("foreign_keys = OFF");
  // Each step reads the version inside its write transaction: processes opening one file at once (a
  // server's workers) each take the next step only if no other has taken it meanwhile.
  const step = db.transaction(() => {
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version >= MIGRATIONS.length) return false;
    db.exec(MIGRATIONS[version]);
    db.pragma(`user_version = ${version + 1}`);
    return true;
  });
  if (current < MIGRATIONS.length) while (step.immediate());
}
