import { describe, expect, it } from "vitest";
import { AttributionService } from "../../src/serving/attribution.service";
import type { Store } from "../../src/store";

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
