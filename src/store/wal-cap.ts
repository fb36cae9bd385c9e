/**
 * A bound on the write-ahead log for a connection that leaves checkpoints to another process: the
 * server's workers (src/workers.ts) all serve one file, and only one of them runs the background
 * checkpointer (checkpointer.ts), whose serving connection also rewinds the log when it grows. Should
 * that process be gone (restarting after a crash) or take no writes while the others write without a
 * pause, nothing would rewind the log, and it would grow without end. So every `intervalMs` this
 * connection looks at the log file's size and, past `capBytes`, copies it into the database and
 * truncates it itself (a TRUNCATE checkpoint, waiting at most BUSY_MS for readers to move on; if they
 * do not, it tries again at the next look). The cap sits well above the size the checkpointing process
 * keeps the log at, so while that process works, this never runs.
 */
import fs from "node:fs";
import type { Db } from "./database";

/** How long the truncating checkpoint waits for other connections' locks. */
const BUSY_MS = 100;

export class WalCap {
  private readonly timer: NodeJS.Timeout;
  private failed = false;

  constructor(
    private readonly db: Db,
    private readonly path: string,
    private readonly capBytes: number,
    intervalMs = 1000,
  ) {
    this.timer = setInterval(() => this.check(), intervalMs);
    this.timer.unref();
  }

  /** Truncates the log if its file has passed the cap; returns whether it did. */
  check(): boolean {
    if (!this.db.open || this.db.inTransaction) return false;
    try {
      if (logBytes(this.path) <= this.capBytes) return false;
      const timeout = this.db.pragma("busy_timeout", { simple: true }) as number;
      this.db.pragma(`busy_timeout = ${BUSY_MS}`);
      try {
        const [{ busy }] = this.db.pragma("wal_checkpoint(TRUNCATE)") as { busy: number }[];
        return busy === 0;
      } finally {
        this.db.pragma(`busy_timeout = ${timeout}`);
      }
    } catch (error) {
      if (!this.failed) console.error(`WAL size check failed (will retry): ${(error as Error).message}`);
      this.failed = true;
      return false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

function logBytes(path: string): number {
  try {
    return fs.statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
}
