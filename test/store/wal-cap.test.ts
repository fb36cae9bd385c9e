import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Store } from "../../src/store";
import { WalCap } from "../../src/store/wal-cap";
import { tempDir } from "../helpers/paths";

const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

/** A file whose log only grows: the writer never checkpoints, and a reader holds it open (nothing checkpoints on close). */
function growingLog(): { file: string; writer: Store } {
  const file = path.join(tempDir(), "shop.db");
  const writer = Store.open(file);
  writer.db.pragma("wal_autocheckpoint = 0");
  stores.push(writer);
  const rows = Array.from({ length: 5000 }, (_, i) => ({ id: `c${i}`, pageViews: i, timeSpent: i }));
  writer.transaction(() => writer.customers.upsert(rows));
  return { file, writer };
}

const logBytes = (file: string) => fs.statSync(`${file}-wal`).size;

describe("the log's cap for a connection that leaves checkpoints to another process", () => {
  it("turns SQLite's automatic checkpoints off", () => {
    const file = path.join(tempDir(), "shop.db");
    const store = Store.open(file, { walCapBytes: 1 << 20 });
    stores.push(store);
    expect(store.db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
  });

  it("copies and truncates the log once its file passes the cap, and leaves a smaller one alone", () => {
    const { file } = growingLog();
    const size = logBytes(file);
    expect(size).toBeGreaterThan(64 * 1024);
    const store = Store.open(file, { walCapBytes: size }); // at the cap, not past it
    stores.push(store);
    const below = new WalCap(store.db, file, size, 60_000);
    const above = new WalCap(store.db, file, 64 * 1024, 60_000);
    try {
      expect(below.check()).toBe(false);
      expect(logBytes(file)).toBe(size);
      expect(above.check()).toBe(true);
      expect(logBytes(file)).toBe(0);
      expect(store.db.prepare("SELECT COUNT(*) AS n FROM customers").get()).toEqual({ n: 5000 });
    } finally {
      below.stop();
      above.stop();
    }
  });
});
