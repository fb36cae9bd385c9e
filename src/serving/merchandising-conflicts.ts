/**
 * Rules that cannot hold together: two pins on one position, promotions reserving more than every
 * slot, two curated lists for one product, where both rules may apply to the same list.
 */
import { InvalidInputError } from "../domain/errors";
import type { MerchandisingRule, RuleScope } from "../domain/merchandising";

/** The most rules a shop keeps. */
export const MAX_RULES = 200;

function intersects<T>(a: readonly T[] | null, b: readonly T[] | null, same: (x: T, y: T) => boolean = (x, y) => x === y): boolean {
  return a === null || b === null || a.some((x) => b.some((y) => same(x, y)));
}

const sameText = (x: string, y: string) => x.toLowerCase() === y.toLowerCase();

function scopesMeet(a: RuleScope, b: RuleScope): boolean {
  return (
    intersects(a.placements, b.placements) &&
    intersects(a.queries, b.queries) &&
    intersects(a.seedCategories, b.seedCategories, sameText) &&
    intersects(a.segments, b.segments) &&
    intersects(a.clusters, b.clusters)
  );
}

/** Whether one list could be shaped by both rules: both enabled, schedules overlapping, scopes meeting. */
export function mayApplyTogether(a: MerchandisingRule, b: MerchandisingRule): boolean {
  if (!a.enabled || !b.enabled) return false;
  if (a.ruleSet !== null && b.ruleSet !== null && a.ruleSet !== b.ruleSet) return false;
  const starts = (r: MerchandisingRule) => r.activeFrom ?? -Infinity;
  const ends = (r: MerchandisingRule) => r.activeTo ?? Infinity;
  if (starts(a) >= ends(b) || starts(b) >= ends(a)) return false;
  return scopesMeet(a.scope, b.scope);
}

/**
 * Checks the rules a change would leave (`all`), naming the changed rule's field (`where(rule)`, for
 * rules of the change) on a conflict; rules already stored are trusted with one another.
 */
export function checkConflicts(
  all: readonly MerchandisingRule[],
  changed: ReadonlySet<MerchandisingRule>,
  where: (rule: MerchandisingRule) => string,
): void {
  if (all.length > MAX_RULES) throw new InvalidInputError(`a shop keeps at most ${MAX_RULES} rules; this change would leave ${all.length}`);
  for (const rule of changed) {
    const others = all.filter((o) => o !== rule && mayApplyTogether(rule, o));
    const { action } = rule;
    if (action.kind === "pin") {
      action.pins.forEach((pin, i) => {
        for (const other of others) {
          if (other.action.kind === "pin" && other.action.pins.some((p) => p.position === pin.position))
            throw new InvalidInputError(
              `${where(rule)}.pin.pins[${i}].position ${pin.position} collides with rule "${other.name}", which pins the same position in lists both may shape`,
            );
        }
      });
    }
    if (action.kind === "promotion") {
      let share = action.slots / action.per;
      for (const other of others) if (other.action.kind === "promotion") share += other.action.slots / other.action.per;
      if (share > 1 + 1e-9)
        throw new InvalidInputError(
          `${where(rule)}.promotion.slots: with the promotions that may shape the same lists it reserves ${Math.round(share * 100)}% of the slots (at most 100%)`,
        );
    }
    if (action.kind === "curated") {
      const other = others.find((o) => o.action.kind === "curated" && o.action.seedProductId === action.seedProductId);
      if (other)
        throw new InvalidInputError(
          `${where(rule)}.curated.seedProductId "${action.seedProductId}" already has a curated list, rule "${other.name}"`,
        );
    }
  }
}
