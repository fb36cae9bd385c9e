/** AttributionService: the ids of served lists, and how long served lists are kept (ATTRIBUTION_RETENTION_DAYS). */
import { describe, expect, it } from "vitest";
import { DAY_MS } from "../../src/domain/time";
import { AttributionService } from "../../src/serving/attribution.service";
import { Store } from "../../src/store";

/** Serves one list now, writes what waits, and returns the ids of the lists the file keeps. */
function serveAndFlush(store: Store, service: AttributionService, now: number): string[] {
  const id = service.newListId();
  service.served({
    id,
    servedAt: now,
    placement: "home",
    customerId: null,
    firstPosition: 1,
    items: [{ productId: "p", source: "popular" }],
  });
  service.flush();
  return (store.db.prepare("SELECT id FROM recommendation_lists ORDER BY served_at").all() as { id: string }[]).map((r) => r.id);
}

describe("served recommendation lists", () => {
  it("are deleted once older than the retention period, as newer ones are written", () => {
    const store = Store.open(":memory:");
    let now = Date.UTC(2026, 10, 1);
    const service = new AttributionService(store, () => now, 7);
    const [first] = serveAndFlush(store, service, now);
    now += 6 * DAY_MS;
    const kept = serveAndFlush(store, service, now);
    expect(kept[0]).toBe(first);
    expect(kept).toHaveLength(2);
    now += 2 * DAY_MS; // the first is 8 days old now, the second 2
    const after = serveAndFlush(store, service, now);
    expect(after).toEqual(kept.slice(1).concat(after.slice(1)));
    expect(after).toHaveLength(2);
    store.close();
  });

  it("are kept 90 days unless the server is told otherwise", () => {
    const store = Store.open(":memory:");
    let now = Date.UTC(2026, 10, 1);
    const service = new AttributionService(store, () => now);
    serveAndFlush(store, service, now);
    now += 89 * DAY_MS;
    expect(serveAndFlush(store, service, now)).toHaveLength(2);
    now += 2 * DAY_MS;
    expect(serveAndFlush(store, service, now)).toHaveLength(2);
    store.close();
  });
});

describe("the ids of served recommendation lists", () => {
  it("are UUIDs of version 7 that sort in the order the lists were served, and never repeat", () => {
    let now = Date.UTC(2026, 10, 22, 3, 0, 0);
    const service = new AttributionService({} as Store, () => now);
    const ids: string[] = [];
    for (let i = 0; i < 2000; i++) {
      ids.push(service.newListId());
      if (i % 100 === 99) now += 1;
    }
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    const byMillisecond = (id: string) => id.slice(0, 13);
    expect(ids.map(byMillisecond)).toEqual([...ids.map(byMillisecond)].sort());
    expect(parseInt(ids[0].replace("-", "").slice(0, 12), 16)).toBe(Date.UTC(2026, 10, 22, 3, 0, 0));
  });
});
