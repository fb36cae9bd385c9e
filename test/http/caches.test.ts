import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { BoundedCache, documentBytes } from "../../src/http/caches";

describe("a bounded cache", () => {
  it("keeps what its entries are charged within its bytes, letting the least recently used go first", async () => {
    const cache = new BoundedCache<string>(100, (value) => value.length);
    await cache.set("a", "x".repeat(30)); // 30 + 2 for the key
    await cache.set("b", "y".repeat(30));
    await cache.set("c", "z".repeat(30));
    expect(cache.bytes).toBe(96);
    expect(await cache.get("a")).toBe("x".repeat(30)); // now the most recently used
    await cache.set("d", "w".repeat(30));
    expect([await cache.get("a"), await cache.get("b"), await cache.get("c"), await cache.get("d")]).toEqual([
      "x".repeat(30),
      undefined,
      "z".repeat(30),
      "w".repeat(30),
    ]);
    expect(cache.bytes).toBe(96);
    expect(await cache.delete("c")).toBe(true);
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBe(64);
  });

  it("does not keep a value larger than the whole cache, nor count a value set twice twice", async () => {
    const cache = new BoundedCache<string>(100, (value) => value.length);
    await cache.set("a", "x".repeat(99));
    expect(await cache.get("a")).toBeUndefined();
    expect(cache.bytes).toBe(0);
    await cache.set("b", "y".repeat(10));
    await cache.set("b", "y".repeat(20));
    expect(cache.bytes).toBe(22);
  });
});

describe("a parsed document", () => {
  it("is charged for its text and each of its tokens, comments included, which the JSON of its tree does not show", () => {
    const plain = parse("{ modelInfo { version } }");
    const padded = parse(`{ modelInfo { version } }${"\n#".repeat(1000)}`);
    expect(JSON.stringify(padded).length - JSON.stringify(plain).length).toBeLessThan(10);
    // 25 characters and 8 tokens (the start and the end of the text are tokens too); then 2,000 characters and 1,000 comments more.
    expect(documentBytes(plain)).toBe(2 * 25 + 200 * 8);
    expect(documentBytes(padded) - documentBytes(plain)).toBe(2 * 2000 + 200 * 1000);
  });
});
