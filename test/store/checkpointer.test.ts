import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Store } from "../../src/store";
import { RESTART_WAL_PAGES } from "../../src/store/checkpointer";
import { tempDir } from "../helpers/paths";

/** Writes enough rows to fill a few hundred WAL pages, far below the serving connection's own threshold. */
function fillLog(store: Store): void {
  const rows = Array.from({ length: 20_000 }, (_, i) => ({ id: `c${i}`, pageViews: i, timeSpent: i }));
  store.transaction(() => store.customers.upsert(rows));
}

/**
 * Polls `condition` every 10 ms until it holds or `ms` have passed; the default deadline is far beyond
 * what the checkpointer needs, so that a loaded 2-core machine only makes the test slower, not red.
 */
async function waitFor(condition: () => boolean, ms = 10_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return condition();
}

/** The WAL header's checkpoint sequence number (bytes 12–15, big-endian): SQLite adds one each time it rewinds the log. */
function logRewinds(file: string): number {
  const header = Buffer.alloc(16);
  const fd = fs.openSync(`${file}-wal`, "r");
  try {
    fs.readSync(fd, header, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  return header.readUInt32BE(12);
}

describe("background WAL checkpoints", () => {
  it("copy committed pages into the database file from another thread", async () => {
    const file = path.join(tempDir(), "shop.db");
    const store = Store.open(file, { checkpointIntervalMs: 25 });
    const before = fs.statSync(file).size;
    fillLog(store);
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(100 * 4096); // the commit itself left it in the log
    expect(await waitFor(() => fs.statSync(file).size > before + 100 * 4096)).toBe(true);
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM customers").get()).toEqual({ n: 20_000 });
    store.close();
  });

  it("are what copies the log there: without them, and with SQLite's own turned off, the file stays as it was", async () => {
    const file = path.join(tempDir(), "shop.db");
    const store = Store.open(file);
    store.db.pragma("wal_autocheckpoint = 0");
    const before = fs.statSync(file).size;
    // A second file with background checkpoints, filled just after: by the time its worker has copied its
    // log, this file has had as long for anything to copy its own.
    const withWorkerFile = path.join(tempDir(), "shop.db");
    const withWorker = Store.open(withWorkerFile, { checkpointIntervalMs: 25 });
    const withWorkerBefore = fs.statSync(withWorkerFile).size;
    fillLog(store);
    fillLog(withWorker);
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(100 * 4096);
    expect(await waitFor(() => fs.statSync(withWorkerFile).size > withWorkerBefore + 100 * 4096)).toBe(true);
    expect(fs.statSync(file).size).toBe(before);
    // The log was there to be copied: a checkpoint by hand does it.
    store.db.pragma("wal_checkpoint(PASSIVE)");
    expect(fs.statSync(file).size).toBeGreaterThan(before + 100 * 4096);
    withWorker.close();
    store.close();
  });

  it("rewind the log even under writes that never pause", () => {
    const file = path.join(tempDir(), "shop.db");
    const store = Store.open(file, { checkpointIntervalMs: 10 });
    const insert = store.db.prepare("INSERT INTO customers (id, created_at) VALUES (?, 0)");
    const rewindsBefore = logRewinds(file);
    // Write with no pause (the worker runs on its own thread) until the log has been rewound twice, and there
    // have been more writes than the bound below allows frames. The deadline only ends a run that would fail.
    let written = 0;
    const rewound = () => logRewinds(file) >= rewindsBefore + 2;
    for (const end = Date.now() + 30_000; Date.now() < end;) {
      store.transaction(() => insert.run(`c${written++}`));
      if (written % 100 === 0 && written > 2 * RESTART_WAL_PAGES && rewound()) break;
    }
    expect(rewound()).toBe(true);
    const [{ log }] = store.db.pragma("wal_checkpoint(PASSIVE)") as { log: number }[]; // frames since the log was last rewound
    expect(written).toBeGreaterThan(1000);
    expect(written).toBeGreaterThan(2 * RESTART_WAL_PAGES);
    expect(log).toBeLessThan(written); // never rewound, it would hold at least a frame per write
    expect(log).toBeLessThan(2 * RESTART_WAL_PAGES);
    store.close();
  }, 60_000);

  it("hand checkpoints back to SQLite if the worker ends unasked", async () => {
    const file = path.join(tempDir(), "shop.db");
    const store = Store.open(file, { checkpointIntervalMs: 1000 });
    expect(store.db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    // As if the thread died: end it without asking it to stop.
    const worker = (store as unknown as { checkpointer: { worker: { terminate(): Promise<number> } } }).checkpointer.worker;
    await worker.terminate();
    expect(await waitFor(() => store.db.pragma("wal_autocheckpoint", { simple: true }) === 1000)).toBe(true);
    store.close();
  });
});
