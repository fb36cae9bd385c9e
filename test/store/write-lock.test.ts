import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { Store } from "../../src/store";
import { tempDir } from "../helpers/paths";

const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

function open(): { file: string; store: Store } {
  const file = path.join(tempDir(), "shop.db");
  const store = Store.open(file);
  stores.push(store);
  return { file, store };
}

const customers = (store: Store) => store.db.prepare("SELECT id FROM customers ORDER BY id").pluck().all();

describe("Store.transaction", () => {
  it("stores nothing when the work throws, and leaves no transaction open", () => {
    const { store } = open();
    expect(() =>
      store.transaction(() => {
        store.customers.ensure("a");
        throw new Error("half way");
      }),
    ).toThrow("half way");
    expect(store.db.inTransaction).toBe(false);
    expect(customers(store)).toEqual([]);
    store.transaction(() => store.customers.ensure("b"));
    expect(customers(store)).toEqual(["b"]);
  });

  it("runs inside another transaction as a part of it that can fail alone", () => {
    const { store } = open();
    store.transaction(() => {
      store.customers.ensure("outer");
      expect(() =>
        store.transaction(() => {
          store.customers.ensure("inner");
          throw new Error("inner fails");
        }),
      ).toThrow("inner fails");
    });
    expect(customers(store)).toEqual(["outer"]);
  });

  it("waits for another connection's write lock to be released, then writes", async () => {
    const { file, store } = open();
    // Another connection (on a thread, so that it can let go while this one waits) holds the lock for a while.
    const holder = new Worker(
      `const { parentPort, workerData } = require("node:worker_threads");
       const db = new (require(workerData.driver))(workerData.file);
       db.exec("BEGIN IMMEDIATE");
       db.prepare("INSERT INTO customers (id, created_at) VALUES ('first', 0)").run();
       parentPort.postMessage("locked");
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
       db.exec("COMMIT");
       db.close();`,
      { eval: true, workerData: { file, driver: require.resolve("better-sqlite3") } },
    );
    try {
      await new Promise((resolve) => holder.once("message", resolve));
      store.transaction(() => store.customers.ensure("second"));
      expect(customers(store)).toEqual(["first", "second"]);
    } finally {
      await holder.terminate();
    }
  });
});
