/**
 * Checks merchandising rules as the API gives them and turns them into stored records. Every failure
 * is an InvalidInputError naming the field (`rules[2].pin.pins[1].position`), and nothing is stored.
 */
import { checkLabel } from "../domain/attribution";
import { InvalidInputError } from "../domain/errors";
import {
  type MerchandisingRule,
  type ProductCondition,
  RULE_QUERY_KINDS,
  type RuleAction,
  type RuleQueryKind,
  type RuleScope,
} from "../domain/merchandising";
import { RFM_SEGMENTS } from "../model/rfm";
import { MAX_OFFSET } from "./paging";
import { requireId } from "./validation";

export interface ConditionInput {
  productIds?: readonly string[] | null;
  categories?: readonly string[] | null;
  attributes?: readonly { name: string; value: string }[] | null;
  minPrice?: number | null;
  maxPrice?: number | null;
}

export interface RuleInput {
  name: string;
  description?: string | null;
  enabled?: boolean | null;
  activeFrom?: Date | null;
  activeTo?: Date | null;
  ruleSet?: string | null;
  scope?: {
    placements?: readonly string[] | null;
    queries?: readonly RuleQueryKind[] | null;
    seedCategories?: readonly string[] | null;
    segments?: readonly string[] | null;
    clusters?: readonly number[] | null;
  } | null;
  pin?: { pins: readonly { productId: string; position: number }[] } | null;
  boost?: { condition: ConditionInput; factor: number } | null;
  bury?: { condition: ConditionInput; factor?: number | null } | null;
  exclude?: { condition: ConditionInput } | null;
  diversity?: { attribute?: string | null; maxPerValue: number; withinFirst?: number | null } | null;
  promotion?: { condition: ConditionInput; slots: number; per?: number | null } | null;
  curated?: { seedProductId: string; productIds: readonly string[]; mode?: "replace" | "lead" | null } | null;
}

const ACTIONS = ["pin", "boost", "bury", "exclude", "diversity", "promotion", "curated"] as const;
const MAX_IDS = 1000;
const MAX_VALUES = 100;
const MAX_PINS = 20;
const MAX_TEXT = 500;
/** The most positions a diversity or promotion rule spans. */
const MAX_WINDOW = 100;
export const DEFAULT_WINDOW = 10;

/** Whether a product id is in the catalogue. */
export type KnownProduct = (id: string) => boolean;

const fail = (where: string, message: string): never => {
  throw new InvalidInputError(`${where} ${message}`);
};

function list<T>(values: readonly T[] | null | undefined, where: string, max: number, each: (v: T, at: string) => T): T[] | null {
  if (values == null) return null;
  if (values.length === 0 || values.length > max) fail(where, `must list 1 to ${max} values, got ${values.length}`);
  return values.map((v, i) => each(v, `${where}[${i}]`));
}

const label = (value: string, where: string) => checkLabel(value, where);
const text = (value: string, where: string) => {
  const t = value.trim();
  if (t === "" || t.length > MAX_TEXT) fail(where, `must be 1 to ${MAX_TEXT} characters`);
  return t;
};

function product(id: string, where: string, known: KnownProduct): string {
  let checked = "";
  try {
    checked = requireId(id, where);
  } catch (error) {
    fail("", (error as Error).message);
  }
  if (!known(checked)) fail(where, `names "${checked}", which is not in the catalogue`);
  return checked;
}

function int(value: number, where: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) fail(where, `must be an integer from ${min} to ${max}, got ${value}`);
  return value;
}

function price(value: number | null | undefined, where: string): number | null {
  if (value == null) return null;
  if (!(Number.isFinite(value) && value >= 0)) fail(where, `must be zero or more, got ${value}`);
  return value;
}

export function checkCondition(input: ConditionInput | null | undefined, where: string, known: KnownProduct): ProductCondition {
  if (!input) return fail(where, "is required");
  const condition: ProductCondition = {
    productIds: list(input.productIds, `${where}.productIds`, MAX_IDS, (id, at) => product(id, at, known)),
    categories: list(input.categories, `${where}.categories`, MAX_VALUES, text),
    attributes: list(input.attributes, `${where}.attributes`, 20, (a, at) => ({
      name: text(a.name, `${at}.name`),
      value: text(a.value, `${at}.value`),
    })),
    minPrice: price(input.minPrice, `${where}.minPrice`),
    maxPrice: price(input.maxPrice, `${where}.maxPrice`),
  };
  if (condition.minPrice !== null && condition.maxPrice !== null && condition.minPrice > condition.maxPrice)
    fail(`${where}.minPrice`, `(${condition.minPrice}) is above maxPrice (${condition.maxPrice})`);
  if (Object.values(condition).every((v) => v === null))
    fail(where, "must give at least one of productIds, categories, attributes, minPrice, maxPrice");
  return condition;
}

function checkScope(input: RuleInput["scope"], where: string): RuleScope {
  const scope = input ?? {};
  const segments = Object.keys(RFM_SEGMENTS);
  return {
    placements: list(scope.placements, `${where}.placements`, MAX_VALUES, label),
    queries: list(scope.queries, `${where}.queries`, RULE_QUERY_KINDS.length, (q, at) =>
      RULE_QUERY_KINDS.includes(q) ? q : fail(at, `must be one of ${RULE_QUERY_KINDS.join(", ")}`),
    ),
    seedCategories: list(scope.seedCategories, `${where}.seedCategories`, MAX_VALUES, text),
    segments: list(scope.segments, `${where}.segments`, segments.length, (s, at) =>
      segments.includes(s) ? s : fail(at, `must be an RFM segment (${segments.join(", ")}), got "${s}"`),
    ),
    clusters: list(scope.clusters, `${where}.clusters`, MAX_VALUES, (c, at) => int(c, at, 0, 1_000_000)),
  };
}

function distinct<T>(values: readonly T[], where: (i: number) => string, what: string): void {
  const seen = new Map<T, number>();
  values.forEach((v, i) => {
    const earlier = seen.get(v);
    if (earlier !== undefined) fail(where(i), `repeats ${what} ${String(v)} of ${where(earlier)}`);
    seen.set(v, i);
  });
}

function checkAction(input: RuleInput, where: string, known: KnownProduct): RuleAction {
  const given = ACTIONS.filter((a) => input[a] != null);
  if (given.length !== 1)
    fail(where, `must give exactly one action (${ACTIONS.join(", ")}), got ${given.length === 0 ? "none" : given.join(" and ")}`);
  const at = `${where}.${given[0]}`;
  if (input.pin) {
    const pins = input.pin.pins;
    if (pins.length === 0 || pins.length > MAX_PINS) fail(`${at}.pins`, `must list 1 to ${MAX_PINS} pins`);
    const checked = pins.map((p, i) => ({
      productId: product(p.productId, `${at}.pins[${i}].productId`, known),
      position: int(p.position, `${at}.pins[${i}].position`, 1, MAX_OFFSET + MAX_WINDOW),
    }));
    distinct(
      checked.map((p) => p.position),
      (i) => `${at}.pins[${i}].position`,
      "position",
    );
    distinct(
      checked.map((p) => p.productId),
      (i) => `${at}.pins[${i}].productId`,
      "product",
    );
    return { kind: "pin", pins: checked };
  }
  if (input.boost) {
    const { factor } = input.boost;
    if (!(Number.isFinite(factor) && factor > 1 && factor <= 1000)) fail(`${at}.factor`, `must be above 1 and at most 1000, got ${factor}`);
    return { kind: "boost", condition: checkCondition(input.boost.condition, `${at}.condition`, known), factor };
  }
  if (input.bury) {
    const factor = input.bury.factor ?? null;
    if (factor !== null && !(factor > 0 && factor < 1))
      fail(`${at}.factor`, `must be between 0 and 1 (or left out: to the end), got ${factor}`);
    return { kind: "bury", condition: checkCondition(input.bury.condition, `${at}.condition`, known), factor };
  }
  if (input.exclude) return { kind: "exclude", condition: checkCondition(input.exclude.condition, `${at}.condition`, known) };
  if (input.diversity) {
    const d = input.diversity;
    const withinFirst = int(d.withinFirst ?? DEFAULT_WINDOW, `${at}.withinFirst`, 2, MAX_WINDOW);
    const maxPerValue = int(d.maxPerValue, `${at}.maxPerValue`, 1, withinFirst - 1);
    return { kind: "diversity", attribute: d.attribute == null ? null : text(d.attribute, `${at}.attribute`), maxPerValue, withinFirst };
  }
  if (input.promotion) {
    const p = input.promotion;
    const per = int(p.per ?? DEFAULT_WINDOW, `${at}.per`, 1, MAX_WINDOW);
    if (!Number.isInteger(p.slots) || p.slots < 1 || p.slots > per)
      fail(`${at}.slots`, `must be an integer from 1 to per (${per}): a share of at most 100%, got ${p.slots}`);
    return { kind: "promotion", condition: checkCondition(p.condition, `${at}.condition`, known), slots: p.slots, per };
  }
  const c = input.curated!;
  const seedProductId = product(c.seedProductId, `${at}.seedProductId`, known);
  const productIds = list(c.productIds, `${at}.productIds`, MAX_VALUES, (id, a) => product(id, a, known))!;
  distinct(productIds, (i) => `${at}.productIds[${i}]`, "product");
  const seedAt = productIds.indexOf(seedProductId);
  if (seedAt >= 0) fail(`${at}.productIds[${seedAt}]`, "is the seed product itself");
  return { kind: "curated", seedProductId, productIds, mode: c.mode ?? "lead" };
}

/** One rule as given, checked on its own; `where` names it in errors ("rules[0]"). */
export function checkRule(input: RuleInput, where: string, known: KnownProduct, now: number): MerchandisingRule {
  const from = input.activeFrom?.getTime() ?? null;
  const to = input.activeTo?.getTime() ?? null;
  for (const [name, value] of [
    ["activeFrom", from],
    ["activeTo", to],
  ] as const)
    if (value !== null && !Number.isFinite(value)) fail(`${where}.${name}`, "is not a valid date");
  if (from !== null && to !== null && from >= to) fail(`${where}.activeFrom`, "must be before activeTo");
  const action = checkAction(input, where, known);
  const scope = checkScope(input.scope, `${where}.scope`);
  if (action.kind === "curated") {
    const refused = scope.queries?.find((q) => q === "recommendations");
    if (refused) fail(`${where}.scope.queries`, "of a curated list may name similarProducts and frequentlyBoughtTogether only");
    scope.queries ??= ["similarProducts", "frequentlyBoughtTogether"];
  }
  return {
    name: label(input.name, `${where}.name`),
    description: input.description == null ? null : text(input.description, `${where}.description`),
    enabled: input.enabled ?? true,
    activeFrom: from,
    activeTo: to,
    ruleSet: input.ruleSet == null ? null : label(input.ruleSet, `${where}.ruleSet`),
    scope,
    action,
    updatedAt: now,
  };
}
