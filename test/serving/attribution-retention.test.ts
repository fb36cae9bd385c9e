/** How long served recommendation lists are kept (ATTRIBUTION_RETENTION_DAYS). */
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
