import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Store } from "../../src/store";
import { RESTART_WAL_PAGES } from "../../src/store/checkpointer";
import { tempDir } from "../helpers/paths";

/** Writes enough rows to fill a few hundred WAL pages, far below the serving connection's own threshold. */
function fillLog(store: Store): void {
  const rows = Array.from({ length: 20_000 }, (_, i) => ({ id: `c${i}`, pageViews: i, timeSpent: i }));
  store.transaction(() => store.catalog.upsertCustomers(rows));
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

describe("background WAL checkpoints", () => {
  it("copy committed pages into the database file from another thread", async () => {
    const file = path.join(tempDir(), "shop.db");
    const store = Store.open(file, { checkpointIntervalMs: 25 });
    const before = fs.statSync(file).size;
    fillLog(store);
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(100 * 4096); // the commit itself left it in the log
    expect(await waitFor(() => fs.statSync(file).size > before + 100 * 4096, 5000)).toBe(true);
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM customers").get()).toEqual({ n: 20_000 });
    store.close();
  });

  it("are what copies the log there: without them, and with SQLite's own turned off, the file stays as it was", async () => {
    const file = path.join(tempDir(), "shop.db");
    const store = Store.open(file);
    store.db.pragma("wal_autocheckpoint = 0");
    const before = fs.statSync(file).size;
    fillLog(store);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fs.statSync(file).size).toBe(before);
    store.close();
  });

  it("rewind the log even under writes that never pause", async () => {
    const file = path.join(tempDir(), "shop.db");
    const store = Store.open(file, { checkpointIntervalMs: 10 });
    const insert = store.db.prepare("INSERT INTO customers (id, created_at) VALUES (?, 0)");
    let written = 0;
    for (const end = Date.now() + 1000; Date.now() < end;) store.transaction(() => insert.run(`c${written++}`));
    const [{ log }] = store.db.pragma("wal_checkpoint(PASSIVE)") as { log: number }[]; // frames since the log was last rewound
    expect(written).toBeGreaterThan(1000);
    expect(log).toBeLessThan(written); // never rewound, it would hold at least a frame per write
    expect(log).toBeLessThan(2 * RESTART_WAL_PAGES);
    store.close();
  });

  it("hand checkpoints back to SQLite if the worker ends unasked", async () => {
    const file = path.join(tempDir(), "shop.db");
    const store = Store.open(file, { checkpointIntervalMs: 1000 });
    expect(store.db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    // As if the thread died: end it without asking it to stop.
    const worker = (store as unknown as { checkpointer: { worker: { terminate(): Promise<number> } } }).checkpointer.worker;
    await worker.terminate();
    expect(await waitFor(() => store.db.pragma("wal_autocheckpoint", { simple: true }) === 1000, 2000)).toBe(true);
    store.close();
  });
});
