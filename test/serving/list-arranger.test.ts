import { describe, expect, it } from "vitest";
import { arrange, type ArrangePlan, type Placed } from "../../src/serving/list-arranger";

/** Products 0…n−1 ranked in order; product i's category is CATEGORY[i % 3]. */
const ranked = (n: number, skip: number[] = []): Placed[] =>
  Array.from({ length: n }, (_, index) => ({ index, rules: [] })).filter((p) => !skip.includes(p.index));
const CATEGORY = ["a", "b", "c"];
const CATEGORIES = Array.from({ length: 300 }, (_, i) => CATEGORY[i % 3]);
const plan = (length: number, extra: Partial<ArrangePlan<Placed>> = {}): ArrangePlan<Placed> => ({
  length,
  pins: [],
  promotions: [],
  diversity: [],
  make: (index) => ({ index, rules: [] }),
  ...extra,
});
const indices = (items: Placed[]) => items.map((i) => i.index);

describe("arranging a list", () => {
  it("holds a pin at its position, and the pinned product nowhere else", () => {
    const out = arrange(ranked(10), plan(6, { pins: [{ position: 2, index: 7, rule: "pin" }] }));
    expect(indices(out)).toEqual([0, 7, 1, 2, 3, 4]);
    expect(out[1].rules).toEqual(["pin"]);
    // A product the ranking did not hold is made for its pin.
    expect(indices(arrange(ranked(3), plan(4, { pins: [{ position: 1, index: 99, rule: "pin" }] })))).toEqual([99, 0, 1, 2]);
  });

  it("gives a promotion of 2 in 10 the 3rd and 8th positions of every block, with its best-ranked products", () => {
    const pool = ranked(30).filter((p) => p.index >= 20);
    const out = arrange(
      ranked(30).filter((p) => p.index < 20),
      plan(20, { promotions: [{ rule: "promo", slots: 2, per: 10, pool }] }),
    );
    expect(
      indices(out)
        .map((i, p) => (i >= 20 ? p + 1 : null))
        .filter((p) => p !== null),
    ).toEqual([3, 8, 13, 18]);
    expect(indices(out).filter((i) => i >= 20)).toEqual([20, 21, 22, 23]);
    expect(out[2].rules).toEqual(["promo"]);
  });

  it("moves a reservation that meets a pin to the next free position of its block", () => {
    const pool = [{ index: 50, rules: [] }];
    const out = arrange(
      ranked(10),
      plan(10, { pins: [{ position: 3, index: 40, rule: "pin" }], promotions: [{ rule: "promo", slots: 1, per: 10, pool }] }),
    );
    // 1 of 10 reserves the 6th position; a pin there would move it to the 7th.
    expect(indices(out).indexOf(50) + 1).toBe(6);
    const moved = arrange(
      ranked(10),
      plan(10, { pins: [{ position: 6, index: 40, rule: "pin" }], promotions: [{ rule: "promo", slots: 1, per: 10, pool }] }),
    );
    expect(indices(moved).indexOf(50) + 1).toBe(7);
  });

  it("caps a category within the first positions, counting the pins, and marks the products it moved down", () => {
    // Ranked 0, 3, 6, 9 are all "a": at most 1 "a" in the first 3 positions, and a pinned "a" counts.
    const main = [0, 3, 6, 1, 2, 4, 5].map((index) => ({ index, rules: [] as string[] }));
    const diversity = [{ rule: "div", withinFirst: 3, maxPerValue: 1, values: CATEGORIES }];
    expect(indices(arrange(main, plan(5, { diversity })))).toEqual([0, 1, 2, 3, 6]);
    const pinned = arrange(main, plan(4, { diversity, pins: [{ position: 2, index: 9, rule: "pin" }] }));
    expect(indices(pinned)).toEqual([1, 9, 2, 0]);
    expect(pinned.find((p) => p.index === 0)!.rules).toEqual(["div"]);
  });

  it("never cuts a list short: when no product keeps the cap, the best-ranked goes first", () => {
    const main = [0, 3, 6, 9].map((index) => ({ index, rules: [] as string[] }));
    const diversity = [{ rule: "div", withinFirst: 4, maxPerValue: 1, values: CATEGORIES }];
    const out = arrange(main, plan(4, { diversity }));
    expect(indices(out)).toEqual([0, 3, 6, 9]);
    expect(out.every((p) => p.rules.length === 0)).toBe(true);
  });

  it("places the first positions alike however long the list is built, so pages never repeat an item", () => {
    const main = ranked(200);
    const pool = ranked(200).filter((p) => p.index % 7 === 0);
    const extra = (length: number) =>
      plan(length, {
        pins: [
          { position: 4, index: 150, rule: "pin" },
          { position: 15, index: 3, rule: "pin2" },
        ],
        promotions: [{ rule: "promo", slots: 2, per: 10, pool: pool.map((p) => ({ ...p, rules: [] })) }],
        diversity: [{ rule: "div", withinFirst: 10, maxPerValue: 3, values: CATEGORIES }],
      });
    const fresh = () => main.map((p) => ({ ...p, rules: [] }));
    const long = indices(arrange(fresh(), extra(41)));
    for (const length of [11, 21, 31]) expect(indices(arrange(fresh(), extra(length)))).toEqual(long.slice(0, length));
    expect(new Set(long).size).toBe(long.length);
  });
});
