import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { CostCache, costShape } from "../../src/http/cost-cache";

describe("the cost estimates kept per document", () => {
  it("see variables as the estimators do: numbers, booleans and list lengths, not a string's content", () => {
    expect(costShape({ id: "customer-1", k: 10 })).toBe(costShape({ id: "someone else", k: 10 }));
    expect(costShape({ id: "a", k: 10 })).not.toBe(costShape({ id: "a", k: 11 }));
    expect(costShape({ ids: ["a", "b"] })).not.toBe(costShape({ ids: ["a", "b", "c"] }));
    expect(costShape({ flag: true })).not.toBe(costShape({ flag: false }));
    expect(costShape({ inputs: [{ id: "x" }] })).not.toBe(costShape({ inputs: { id: "x" } }));
  });

  it("answer only for the same document, operation and shape, and keep nothing for variables too long to key", () => {
    const cache = new CostCache();
    const document = parse("query A($k: Int) { recommendations(k: $k) { score } } query B { modelInfo { version } }");
    cache.set(document, "A", { k: 10, id: "one" }, 42);
    expect(cache.get(document, "A", { k: 10, id: "two" })).toBe(42);
    expect(cache.get(document, "A", { k: 11, id: "one" })).toBeUndefined();
    expect(cache.get(document, "B", { k: 10, id: "one" })).toBeUndefined();
    expect(cache.get(parse("{ modelInfo { version } }"), "A", { k: 10, id: "one" })).toBeUndefined();
    const long = { ids: Array.from({ length: 500 }, () => "p") };
    cache.set(document, "A", long, 7);
    expect(cache.get(document, "A", long)).toBeUndefined();
  });

  it("keep at most 64 shapes per document, letting the least recently used go", () => {
    const cache = new CostCache();
    const document = parse("query ($k: Int) { recommendations(k: $k) { score } }");
    for (let k = 0; k < 64; k++) cache.set(document, undefined, { k }, k);
    expect(cache.get(document, undefined, { k: 0 })).toBe(0); // now the most recently used
    cache.set(document, undefined, { k: 64 }, 64);
    expect(cache.get(document, undefined, { k: 1 })).toBeUndefined();
    expect(cache.get(document, undefined, { k: 0 })).toBe(0);
    expect(cache.get(document, undefined, { k: 64 })).toBe(64);
  });
});
