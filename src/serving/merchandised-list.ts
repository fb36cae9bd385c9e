/**
 * The plan (list-arranger.ts) a list's active rules make: pins of products the list may hold,
 * promotions' pools ranked as the list is, diversity's values. Shared by recommendations,
 * similarProducts and frequentlyBoughtTogether.
 */
import type { LiveModel } from "./live-model";
import { arrange, type ArrangePlan, arranges, DIVERSITY_LOOKAHEAD, type Placed } from "./list-arranger";
import { type ActiveRules, conditionMask } from "./merchandising-rules";

export interface ListRules<T extends Placed> {
  rules: ActiveRules;
  /** How many positions the list is built to (the page's end, and one more). */
  length: number;
  /** Whether a product may be pinned into this list (allowed by the filter and every exclusion). */
  pinnable: (index: number) => boolean;
  /** The best-ranked products of a promotion, as the list ranks: `skip` flags those it must leave out. */
  pool: (skip: Uint8Array, wanted: number) => T[];
  /** An item for a pinned product the ranking did not hold. */
  make: (index: number) => T;
  /** The flags the pools start from: set for every product the list may not hold. */
  excluded: Uint8Array;
}

/** Products beyond the page the ranking should hold so that pins, promotions and diversity caps still fill it. */
export function extraCandidates(rules: ActiveRules, length: number): number {
  if (rules.empty) return 0;
  let extra = 0;
  for (const r of rules.of("pin")) extra += r.action.pins.length;
  for (const r of rules.of("promotion")) extra += Math.ceil((length * r.action.slots) / r.action.per);
  for (const r of rules.of("diversity")) extra += DIVERSITY_LOOKAHEAD * r.action.withinFirst;
  return extra;
}

const diversityValues = new WeakMap<LiveModel, Map<string | null, readonly (string | null)[]>>();

/**
 * Every product's value for a diversity cap: its category, or an attribute, in lower case (null: not
 * capped); computed once per model and attribute.
 */
function valuesOf(model: LiveModel, attribute: string | null): readonly (string | null)[] {
  let byAttribute = diversityValues.get(model);
  if (!byAttribute) diversityValues.set(model, (byAttribute = new Map()));
  let values = byAttribute.get(attribute);
  if (!values) {
    values = model.productRecords.map((p) => {
      const value = attribute === null ? p.category : p.attributes?.[attribute];
      return value == null ? null : String(value).toLowerCase();
    });
    byAttribute.set(attribute, values);
  }
  return values;
}

export function planOf<T extends Placed>(model: LiveModel, list: ListRules<T>): ArrangePlan<T> {
  const { rules, length } = list;
  const pins = rules
    .of("pin")
    .flatMap((r) => r.action.pins.map((p) => ({ position: p.position, index: model.products.indexOf(p.productId), rule: r.name })))
    .filter((p): p is { position: number; index: number; rule: string } => p.index !== undefined && list.pinnable(p.index));
  const promotions = rules.of("promotion").map((r) => {
    const { mask } = conditionMask(model, r.action.condition);
    const skip = list.excluded.slice();
    for (let i = 0; i < skip.length; i++) if (!mask[i]) skip[i] = 1;
    const wanted = Math.ceil((length * r.action.slots) / r.action.per) + pins.length;
    return { rule: r.name, slots: r.action.slots, per: r.action.per, pool: list.pool(skip, wanted) };
  });
  const diversity = rules.of("diversity").map((r) => ({
    rule: r.name,
    withinFirst: r.action.withinFirst,
    maxPerValue: r.action.maxPerValue,
    values: valuesOf(model, r.action.attribute),
  }));
  return { length, pins, promotions, diversity, make: list.make };
}

/** The ranked items as the active rules place them (as ranked when no pin, promotion or diversity rule applies). */
export function arrangeList<T extends Placed>(model: LiveModel, ranked: T[], list: ListRules<T>): T[] {
  if (list.rules.empty) return ranked;
  const plan = planOf(model, list);
  return arranges(plan) ? arrange(ranked, plan) : ranked;
}

/** The flags of the products a mask leaves out. */
export function invert(mask: Uint8Array): Uint8Array {
  return mask.map((m) => (m ? 0 : 1));
}

/**
 * A list about one product with its curated list, if a rule gives one: "lead" puts the curated
 * products first (those the list may hold), then the ranked ones not among them; "replace" serves the
 * curated products alone.
 */
export function withCurated<T extends Placed>(
  rules: ActiveRules,
  seedProductId: string,
  ranked: T[],
  allowed: (index: number) => boolean,
  make: (index: number) => T,
): T[] {
  const rule = rules.of("curated").find((r) => r.action.seedProductId === seedProductId);
  if (!rule) return ranked;
  const { model } = rules;
  const byIndex = new Map(ranked.map((item) => [item.index, item]));
  const curated: T[] = [];
  for (const id of rule.action.productIds) {
    const index = model.products.indexOf(id);
    if (index === undefined || !allowed(index)) continue;
    const item = byIndex.get(index) ?? make(index);
    item.rules.push(rule.name);
    curated.push(item);
  }
  if (rule.action.mode === "replace") return curated;
  const chosen = new Set(curated.map((c) => c.index));
  return [...curated, ...ranked.filter((item) => !chosen.has(item.index))];
}
