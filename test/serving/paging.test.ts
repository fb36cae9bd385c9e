import { describe, expect, it } from "vitest";
import { checkOffset, pageOf } from "../../src/serving/paging";

describe("pageOf", () => {
  it("takes k items and says there is more when the window holds one past them", () => {
    expect(pageOf([1, 2, 3, 4], 10, 3)).toEqual({ items: [1, 2, 3], offset: 10, k: 3, hasMore: true });
    expect(pageOf([1, 2, 3], 10, 3)).toEqual({ items: [1, 2, 3], offset: 10, k: 3, hasMore: false });
    expect(pageOf([1], 0, 3)).toEqual({ items: [1], offset: 0, k: 3, hasMore: false });
    expect(pageOf([], 0, 3).hasMore).toBe(false);
  });

  it("offers no next page that would start past the largest offset", () => {
    expect(pageOf([1, 2, 3], 997, 2, 1000).hasMore).toBe(true); // the next page starts at 999
    expect(pageOf([1, 2, 3], 998, 2, 1000).hasMore).toBe(true); // at 1000
    expect(pageOf([1, 2, 3], 999, 2, 1000).hasMore).toBe(false); // at 1001, which would be refused
  });
});

describe("checkOffset", () => {
  it("defaults to 0 and refuses what is not an integer in range", () => {
    expect(checkOffset(undefined)).toBe(0);
    expect(checkOffset(1000)).toBe(1000);
    expect(() => checkOffset(1001)).toThrow(/offset must be an integer from 0 to 1000, got 1001/);
    expect(() => checkOffset(-1)).toThrow(/offset/);
    expect(() => checkOffset(1.5)).toThrow(/offset/);
    expect(() => checkOffset(5000, 100_000)).not.toThrow();
  });
});
