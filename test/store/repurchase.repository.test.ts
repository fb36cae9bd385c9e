import { beforeEach, describe, expect, it } from "vitest";
import type { InteractionRecord } from "../../src/domain/records";
import { Store } from "../../src/store";
import type { PairHistory } from "../../src/store/repurchase.repository";

const DAY = 86_400_000;
let store: Store;

function purchase(customerId: string, productId: string, day: number, basketId: string | null): InteractionRecord {
  return { customerId, productId, type: "purchase", quantity: 1, unitPrice: 1, occurredAt: day * DAY, basketId, weight: null };
}

beforeEach(() => {
  store = Store.open(":memory:");
  store.catalog.upsertProducts(["A", "B", "C"].map((id) => ({ id, name: id, category: null, price: 1, rating: null })));
  const customers = ["1", "10", "2", "3", "30", "4"];
  store.customers.upsert(customers.map((id) => ({ id })));
  const rows: InteractionRecord[] = [];
  customers.forEach((c, n) => {
    for (let i = 0; i <= n; i++) rows.push(purchase(c, ["A", "B", "C"][i % 3], 1 + 7 * i, `inv-${c}-${i}`));
  });
  rows.push({ ...purchase("2", "A", 40, null), type: "view" });
  store.imports.insertMany(rows, "import");
});

const all = () => {
  const out: PairHistory[] = [];
  store.repurchase.forEachHistory({}, (h) => out.push(h));
  return out;
};

describe("a sliced scan of purchase histories", () => {
  it("visits every history once, in the order a single scan does, whatever the slice size", async () => {
    const whole = all();
    expect(whole.length).toBeGreaterThan(10);
    for (const rows of [1, 2, 3, 5, 1000]) {
      const sliced: PairHistory[] = [];
      await store.repurchase.forEachHistorySliced((h) => sliced.push(h), rows);
      expect(sliced, `${rows} rows a slice`).toEqual(whole);
    }
  });

  it("lets other work run between slices", async () => {
    let ticks = 0;
    let running = true;
    const tick = () => {
      ticks++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const seen: number[] = [];
    let visited = 0;
    try {
      await store.repurchase.forEachHistorySliced(() => {
        visited++;
        seen.push(ticks);
      }, 1);
    } finally {
      running = false;
    }
    expect(visited).toBe(all().length);
    // Slices of one customer each: the other work ran while the scan was in its middle.
    expect(new Set(seen).size).toBeGreaterThan(1);
  });

  it("counts a write landing between slices for the customers not read yet", async () => {
    let wrote = false;
    const seen: PairHistory[] = [];
    await store.repurchase.forEachHistorySliced((h) => {
      seen.push(h);
      if (!wrote) {
        wrote = true;
        store.imports.insertMany([purchase("4", "A", 90, "late")], "import");
      }
    }, 1);
    const last = seen.filter((h) => h.customerId === "4" && h.productId === "A")[0];
    expect(last.days.at(-1)).toBe(90);
  });
});
