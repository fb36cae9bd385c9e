import { type DocumentNode, parse } from "graphql";
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

  /** The cache's answer, and whether it had to estimate (`fresh` is what a new estimate gives). */
  const ask = (cache: CostCache, document: DocumentNode, operation: string | undefined, variables: Record<string, unknown>, fresh = -1) => {
    let computed = false;
    const cost = cache.estimate(document, operation, variables, () => {
      computed = true;
      return fresh;
    });
    return computed ? undefined : cost;
  };

  it("answer only for the same document, operation and shape, and keep nothing for variables too long to key", () => {
    const cache = new CostCache();
    const document = parse("query A($k: Int) { recommendations(k: $k) { score } } query B { modelInfo { version } }");
    expect(ask(cache, document, "A", { k: 10, id: "one" }, 42)).toBeUndefined();
    expect(ask(cache, document, "A", { k: 10, id: "two" })).toBe(42);
    expect(ask(cache, document, "A", { k: 11, id: "one" })).toBeUndefined();
    expect(ask(cache, document, "B", { k: 10, id: "one" })).toBeUndefined();
    expect(ask(cache, parse("{ modelInfo { version } }"), "A", { k: 10, id: "one" })).toBeUndefined();
    const long = { ids: Array.from({ length: 500 }, () => "p") };
    expect(ask(cache, document, "A", long, 7)).toBeUndefined();
    expect(ask(cache, document, "A", long)).toBeUndefined();
  });

  it("keep no estimate that failed", () => {
    const cache = new CostCache();
    const document = parse("query ($k: Int) { recommendations(k: $k) { score } }");
    expect(() =>
      cache.estimate(document, undefined, { k: 1 }, () => {
        throw new Error("bad variables");
      }),
    ).toThrow("bad variables");
    expect(ask(cache, document, undefined, { k: 1 }, 5)).toBeUndefined();
    expect(ask(cache, document, undefined, { k: 1 })).toBe(5);
  });

  it("keep at most 64 shapes per document, letting the least recently used go", () => {
    const cache = new CostCache();
    const document = parse("query ($k: Int) { recommendations(k: $k) { score } }");
    for (let k = 0; k < 64; k++) ask(cache, document, undefined, { k }, k);
    expect(ask(cache, document, undefined, { k: 0 })).toBe(0); // now the most recently used
    ask(cache, document, undefined, { k: 64 }, 64);
    expect(ask(cache, document, undefined, { k: 1 })).toBeUndefined();
    expect(ask(cache, document, undefined, { k: 0 })).toBe(0);
    expect(ask(cache, document, undefined, { k: 64 })).toBe(64);
  });
});
