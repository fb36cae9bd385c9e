/**
 * WAL checkpoints off the request path. SQLite's automatic checkpoint runs inside whichever commit
 * pushes the log past its threshold (1,000 pages), and that commit waits for the checkpoint's fsyncs:
 * 10–15 ms on our machines, paid by one unlucky write in a few hundred. A serving connection instead
 * leaves checkpoints to a worker thread with its own connection, which runs a PASSIVE checkpoint
 * (never blocks readers or the writer) every interval. The serving connection keeps a far higher
 * threshold of its own as a safety net, should the worker fall behind or die.
 */
import { once } from "node:events";
import { Worker } from "node:worker_threads";

/** The serving connection's own checkpoint threshold, in pages (4 KiB each): about 64 MiB of log. */
export const SAFETY_NET_WAL_PAGES = 16_384;

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
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
  private readonly exited: Promise<unknown>;

  constructor(path: string, intervalMs = 1000) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, intervalMs, driver: require.resolve("better-sqlite3") } });
    this.worker.on("message", (message) => console.error(`background WAL checkpoint failed (will retry): ${message}`));
    this.worker.on("error", (error) => console.error("background WAL checkpointer stopped:", error));
    this.worker.unref();
    this.exited = once(this.worker, "exit");
  }

  /** Asks the worker to close its connection and end; resolves when it has. */
  async stop(): Promise<void> {
    this.worker.postMessage("stop");
    await this.exited;
  }
}
