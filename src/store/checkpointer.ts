/**
 * WAL checkpoints off the request path. SQLite's automatic checkpoint runs inside whichever commit
 * pushes the log past its threshold (1,000 pages), and that commit waits for the checkpoint's fsyncs,
 * paid by one unlucky write in a few hundred (docs/performance.md). A serving connection instead
 * turns automatic checkpoints off and leaves the work to a worker thread with its own connection:
 *
 * - every interval, the worker runs a PASSIVE checkpoint: it copies what it can and never blocks
 *   readers or the writer, then publishes the log's size in shared memory;
 * - the log is rewound by the next write after a checkpoint that copied everything. Under writes with
 *   no pause between them that never happens, so once the log passes `RESTART_WAL_PAGES` the serving
 *   connection, before its next write, takes a RESTART checkpoint itself. By then the worker has
 *   copied nearly everything, so that write waits briefly, once per several hundred writes at full
 *   load. (The worker taking the RESTART instead would make the writer wait far longer: SQLite's busy
 *   handler sleeps in coarse steps.) If the worker is checkpointing at that moment, the
 *   serving connection does not wait: it tries again before the next write.
 *
 * Should the worker stop, the serving connection turns SQLite's own checkpoints back on.
 */
import { Worker } from "node:worker_threads";
import type { Db } from "./database";

/** Log size (in 4 KiB pages, about 32 MiB) past which the serving connection rewinds the log. */
export const RESTART_WAL_PAGES = 8192;

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
const status = new Int32Array(workerData.status);
const timer = setInterval(() => {
  try {
    const [{ log }] = db.pragma("wal_checkpoint(PASSIVE)");
    Atomics.store(status, 0, log);
  } catch (error) {
    parentPort.postMessage(String(error));
  }
}, workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export class BackgroundCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  /** [0]: the log's size in pages at the worker's last checkpoint. */
  private readonly status = new Int32Array(new SharedArrayBuffer(4));
  private stopping = false;

  /** @param onStopped called if the worker ends without being asked to (the caller's own checkpoints should resume) */
  constructor(
    path: string,
    intervalMs: number,
    onStopped: () => void,
    private readonly restartPages = RESTART_WAL_PAGES,
  ) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, intervalMs, status: this.status.buffer, driver: require.resolve("better-sqlite3") },
    });
    this.worker.on("message", (message) => console.error(`background WAL checkpoint failed (will retry): ${message}`));
    this.worker.on("error", (error) => console.error("background WAL checkpointer stopped:", error));
    this.exited = new Promise<void>((resolve) =>
      this.worker.once("exit", () => {
        if (!this.stopping) onStopped();
        resolve();
      }),
    );
    this.worker.unref();
  }

  /**
   * Call before a write on the serving connection: rewinds the log when it has grown past the limit,
   * without waiting if another connection holds a lock it needs.
   */
  restartIfDue(db: Db): void {
    if (db.inTransaction || Atomics.load(this.status, 0) <= this.restartPages) return;
    const timeout = db.pragma("busy_timeout", { simple: true }) as number;
    db.pragma("busy_timeout = 0");
    try {
      const [{ busy }] = db.pragma("wal_checkpoint(RESTART)") as { busy: number }[];
      if (busy === 0) Atomics.store(this.status, 0, 0);
    } finally {
      db.pragma(`busy_timeout = ${timeout}`);
    }
  }

  /** Asks the worker to close its connection and end; resolves when it has. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.worker.postMessage("stop");
    await this.exited;
  }
}
