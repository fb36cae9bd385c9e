/**
 * WAL checkpoints off the request path. SQLite's automatic checkpoint runs inside whichever commit
 * pushes the log past its threshold (1,000 pages), and that commit waits for the checkpoint's fsyncs:
 * 10–17 ms on our machines, paid by one unlucky write in a few hundred. A serving connection instead
 * turns automatic checkpoints off and leaves them to a worker thread with its own connection:
 *
 * - every interval, a PASSIVE checkpoint: copies what it can, never blocks readers or the writer;
 * - the log is rewound by the next write after a checkpoint that copied everything. Under writes with
 *   no pause between them that never happens, so once the log passes `RESTART_WAL_PAGES` the worker
 *   takes a RESTART checkpoint: it waits for the write lock, and one write waits for it in turn (the
 *   copy is mostly done by then, so that wait is one fsync, not a whole checkpoint).
 *
 * Should the worker stop, the serving connection turns SQLite's own checkpoints back on.
 */
import { Worker } from "node:worker_threads";

/** Log size (in 4 KiB pages, about 64 MiB) past which the worker forces the log to be rewound. */
export const RESTART_WAL_PAGES = 16_384;

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
const timer = setInterval(() => {
  try {
    const [{ log }] = db.pragma("wal_checkpoint(PASSIVE)");
    if (log > workerData.restartPages) db.pragma("wal_checkpoint(RESTART)");
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
  private stopping = false;

  /** @param onStopped called if the worker ends without being asked to (the caller's own checkpoints should resume) */
  constructor(path: string, intervalMs: number, onStopped: () => void, restartPages = RESTART_WAL_PAGES) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, intervalMs, restartPages, driver: require.resolve("better-sqlite3") },
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

  /** Asks the worker to close its connection and end; resolves when it has. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.worker.postMessage("stop");
    await this.exited;
  }
}
