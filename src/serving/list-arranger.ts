/**
 * Places a ranked list's products as pins, promotions and diversity rules say, position by position
 * from the first: what lands at a position depends only on what came before it (and on the pins), so
 * the first n positions are the same however long the list is built, and a page never repeats an item
 * of the page before it.
 *
 *   - A pin holds its position (pinned products are nowhere else in the list).
 *   - A promotion of `slots` of every `per` positions reserves, in each block of `per`, the positions
 *     ⌊(j + ½)·per/slots⌋ (j = 0 … slots − 1; 2 of 10: the 3rd and 8th), each taken by the promotion's
 *     best-ranked product not yet placed (a pinned position moves the reservation to the next free one).
 *   - Every other position takes the best-ranked product left whose value (category or attribute)
 *     has not reached a diversity rule's cap within its first positions, counting the pins there, among
 *     the next 5 × withinFirst ranked products; when none of them keeps every cap, the best-ranked one
 *     (the list is never cut short).
 */

/** How far past the best-ranked product left a diversity cap looks for one that keeps it, in multiples of the cap's positions. */
export const DIVERSITY_LOOKAHEAD = 5;

export interface Placed {
  /** The product's index in the served model. */
  index: number;
  /** The merchandising rules that changed its place, by name. */
  rules: string[];
}

export interface ArrangePlan<T extends Placed> {
  /** How many positions to fill. */
  length: number;
  /** 1-based positions; products already checked as allowed in the list. Earlier pins win a position. */
  pins: readonly { position: number; index: number; rule: string }[];
  promotions: readonly { rule: string; slots: number; per: number; pool: readonly T[] }[];
  /** `values[index]`: the product's value a cap counts (null: not capped). */
  diversity: readonly { rule: string; withinFirst: number; maxPerValue: number; values: readonly (string | null)[] }[];
  /** An item for a pinned product the ranking did not hold. */
  make: (index: number) => T;
}

/** Whether a plan changes anything. */
export function arranges<T extends Placed>(plan: ArrangePlan<T>): boolean {
  return plan.pins.length > 0 || plan.promotions.length > 0 || plan.diversity.length > 0;
}

/** The reserved 0-based positions of a promotion below `length`. */
function reservations(slots: number, per: number, length: number): number[] {
  const out: number[] = [];
  for (let block = 0; block < length; block += per)
    for (let j = 0; j < slots; j++) {
      const p = block + Math.floor(((j + 0.5) * per) / slots);
      if (p < length) out.push(p);
    }
  return out;
}

export function arrange<T extends Placed>(main: readonly T[], plan: ArrangePlan<T>): T[] {
  const { length } = plan;
  const slots: (T | null)[] = new Array<T | null>(length).fill(null);
  const taken = new Set<number>();
  const known = new Map<number, T>();
  for (const item of [...main, ...plan.promotions.flatMap((p) => p.pool)]) if (!known.has(item.index)) known.set(item.index, item);
  const pinned = new Map<number, { index: number; rule: string }>();
  for (const pin of plan.pins) {
    if (pinned.has(pin.position - 1) || [...pinned.values()].some((p) => p.index === pin.index)) continue;
    pinned.set(pin.position - 1, pin);
    taken.add(pin.index);
  }
  // Which promotion each position is reserved for.
  const reservedFor = new Map<number, number>();
  plan.promotions.forEach((promo, n) => {
    for (let p of reservations(promo.slots, promo.per, length)) {
      const blockEnd = Math.min(length, (Math.floor(p / promo.per) + 1) * promo.per);
      while (p < blockEnd && (pinned.has(p) || reservedFor.has(p))) p++;
      if (p < blockEnd) reservedFor.set(p, n);
    }
  });
  const poolAt = plan.promotions.map(() => 0);
  const counts = plan.diversity.map(() => new Map<string, number>());
  const count = (index: number, position: number) =>
    plan.diversity.forEach((d, n) => {
      const value = d.values[index] ?? null;
      if (value !== null && position < d.withinFirst) counts[n].set(value, (counts[n].get(value) ?? 0) + 1);
    });
  for (const [position, pin] of pinned) count(pin.index, position);
  const withRule = (item: T, rule: string) => {
    if (!item.rules.includes(rule)) item.rules.push(rule);
    return item;
  };
  const lookahead = Math.max(0, ...plan.diversity.map((d) => DIVERSITY_LOOKAHEAD * d.withinFirst));
  let head = 0;
  for (let p = 0; p < length; p++) {
    const pin = pinned.get(p);
    if (pin) {
      slots[p] = withRule(known.get(pin.index) ?? plan.make(pin.index), pin.rule);
      continue;
    }
    const promo = reservedFor.get(p);
    if (promo !== undefined) {
      const { pool, rule } = plan.promotions[promo];
      while (poolAt[promo] < pool.length && taken.has(pool[poolAt[promo]].index)) poolAt[promo]++;
      if (poolAt[promo] < pool.length) {
        const item = withRule(pool[poolAt[promo]++], rule);
        taken.add(item.index);
        count(item.index, p);
        slots[p] = item;
        continue;
      }
    }
    while (head < main.length && taken.has(main[head].index)) head++;
    if (head >= main.length) continue;
    let chosen = -1;
    const passed: [T, string][] = [];
    // A fixed look-ahead, so that a list built longer (a later page) makes the same choices.
    for (let c = head; c < Math.min(main.length, head + lookahead) && chosen < 0; c++) {
      const item = main[c];
      if (taken.has(item.index)) continue;
      let capped = false;
      plan.diversity.forEach((d, n) => {
        const value = d.values[item.index] ?? null;
        if (value === null || p >= d.withinFirst || (counts[n].get(value) ?? 0) < d.maxPerValue) return;
        capped = true;
        passed.push([item, d.rule]);
      });
      if (!capped) chosen = c;
    }
    // The products a cap moved down (none when no product keeps every cap: the best-ranked goes first).
    if (chosen >= 0) for (const [moved, rule] of passed) withRule(moved, rule);
    const item = main[chosen < 0 ? head : chosen];
    taken.add(item.index);
    count(item.index, p);
    slots[p] = item;
  }
  return slots.filter((s): s is T => s !== null);
}
