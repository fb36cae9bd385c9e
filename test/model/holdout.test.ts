import { describe, expect, it } from "vitest";
import { csrFromTriples } from "../../src/model/csr";
import { chooseHoldout, hashString, heldOutCount, withoutHeldOut } from "../../src/model/holdout";

/** A customers × products matrix of what each bought: row u holds the products in rows[u]. */
function boughtOf(rows: number[][], cols: number) {
  const r = rows.flatMap((ps, u) => ps.map(() => u));
  const c = rows.flat();
  return csrFromTriples(
    rows.length,
    cols,
    r,
    c,
    c.map(() => 1),
  );
}

describe("a random per-customer holdout", () => {
  it("holds out a fifth of a customer's products, at least one, always leaving one, none of a single product", () => {
    expect([1, 2, 3, 5, 7, 10, 12].map((n) => heldOutCount(n, 0.2))).toEqual([0, 1, 1, 1, 1, 2, 2]);
    expect(heldOutCount(2, 0.9)).toBe(1);
    expect(heldOutCount(0, 0.2)).toBe(0);
  });

  it("holds out that many of each customer's own products", () => {
    const bought = boughtOf([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [3], [2, 7]], 10);
    const held = chooseHoldout(bought, ["a", "b", "c"], 0.2, 1);
    expect(held.map((h) => h.length)).toEqual([2, 0, 1]);
    expect([2, 7]).toContain(held[2][0]);
    for (const h of held) expect([...h]).toEqual([...h].sort((x, y) => x - y));
    expect(new Set(held[0]).size).toBe(2);
  });

  it("chooses by the seed and the customer's own id, whatever the other customers", () => {
    const rows = Array.from({ length: 40 }, (_, u) => [u % 7, 7 + (u % 5), 12 + (u % 3), 15, 16]);
    const ids = rows.map((_, u) => `c${u}`);
    const held = chooseHoldout(boughtOf(rows, 17), ids, 0.4, 9);
    expect(chooseHoldout(boughtOf(rows, 17), ids, 0.4, 9)).toEqual(held);
    // The last customer alone, at another row: the same choice.
    expect(chooseHoldout(boughtOf([rows[39]], 17), [ids[39]], 0.4, 9)[0]).toEqual(held[39]);
    expect(chooseHoldout(boughtOf(rows, 17), ids, 0.4, 10)).not.toEqual(held);
  });

  it("takes the held-out entries out of a matrix and keeps every other value", () => {
    const m = csrFromTriples(3, 4, [0, 0, 0, 1, 2, 2], [0, 1, 3, 2, 0, 3], [5, 6, 7, 8, 9, 10]);
    const out = withoutHeldOut(m, [[1, 3], [], [0]]);
    expect(Array.from(out.indptr)).toEqual([0, 1, 2, 3]);
    expect(Array.from(out.indices)).toEqual([0, 2, 3]);
    expect(Array.from(out.data)).toEqual([5, 8, 10]);
    // Held-out columns a row does not have change nothing.
    expect(Array.from(withoutHeldOut(m, [[2], [0]]).data)).toEqual([5, 6, 7, 8, 9, 10]);
  });

  it("hashes strings as FNV-1a", () => {
    expect(hashString("")).toBe(0x811c9dc5);
    expect(hashString("a")).toBe(0xe40c292c);
    expect(hashString("foobar")).toBe(0xbf9cf968);
  });
});
