/**
 * The merchandising rules that shape one list: those enabled, in their schedule and scope, and in the
 * rule sets the list's experiment arm names, with each condition compiled to a mask over the served
 * model's products (once per model version and catalogue, for each rule).
 *
 * Rules compose in this order: curated lists (similarProducts, frequentlyBoughtTogether), exclusions,
 * boosts and buries (every matching factor multiplies the score; a negative score is divided, so a boost
 * always raises it), then the ranking, promotions' reserved slots, diversity over the rest, and pins at
 * their positions last. Within one kind, rules apply in name order.
 */
import type { MerchandisingRule, ProductCondition, RuleActionKind, RuleQueryKind } from "../domain/merchandising";
import type { ProductRecord } from "../domain/records";
import type { LiveModel } from "./live-model";

/** What a list is and for whom: what the rules' scopes are matched against. */
export interface ListContext {
  query: RuleQueryKind;
  placement: string | null;
  /** The rule sets of the visitor's experiment arm (empty outside experiments). */
  ruleSets: readonly string[];
  now: number;
  /** similarProducts and frequentlyBoughtTogether: the category of the product the list is about. */
  seedCategory?: string | null;
  /** recommendations of a known customer: their RFM segment and cluster, read only if a rule asks. */
  segment?: () => string | null;
  cluster?: () => number | null;
}

const KIND_ORDER: readonly RuleActionKind[] = ["curated", "exclude", "boost", "bury", "promotion", "diversity", "pin"];

interface Compiled {
  mask: Uint8Array;
  indices: Int32Array;
}

const compiled = new WeakMap<LiveModel, WeakMap<ProductCondition, Compiled>>();
const boostedOrders = new WeakMap<LiveModel, Map<string, Int32Array>>();
const MAX_ORDERS = 16;

/** Whether a product's card meets a condition (texts compared without regard to case). */
export function meets(condition: ProductCondition, p: ProductRecord): boolean {
  const { productIds, categories, attributes, minPrice, maxPrice } = condition;
  if (productIds && !productIds.includes(p.id)) return false;
  if (categories && !categories.some((c) => c.toLowerCase() === (p.category ?? "").toLowerCase())) return false;
  if (attributes) {
    for (const a of attributes) {
      const value = p.attributes?.[a.name];
      if (value == null || String(value).toLowerCase() !== a.value.toLowerCase()) return false;
    }
  }
  if (minPrice !== null && !(p.price !== null && p.price >= minPrice)) return false;
  if (maxPrice !== null && !(p.price !== null && p.price <= maxPrice)) return false;
  return true;
}

/** A condition as a mask over a model's products, and the indices it holds. */
export function conditionMask(model: LiveModel, condition: ProductCondition): Compiled {
  let byCondition = compiled.get(model);
  if (!byCondition) compiled.set(model, (byCondition = new WeakMap()));
  let c = byCondition.get(condition);
  if (!c) {
    const mask = new Uint8Array(model.productCount);
    const candidates = condition.productIds
      ? condition.productIds.map((id) => model.products.indexOf(id)).filter((i): i is number => i !== undefined)
      : Array.from({ length: model.productCount }, (_, i) => i);
    const indices: number[] = [];
    for (const i of candidates) {
      if (meets(condition, model.productRecords[i])) {
        mask[i] = 1;
        indices.push(i);
      }
    }
    c = { mask, indices: Int32Array.from(indices.sort((a, b) => a - b)) };
    byCondition.set(condition, c);
  }
  return c;
}

/** score · f, or score / f for a negative score: a factor above 1 always raises a score, one below lowers it. */
export function scaleScore(score: number, factor: number): number {
  return score >= 0 ? score * factor : score / factor;
}

function inScope(rule: MerchandisingRule, ctx: ListContext): boolean {
  if (!rule.enabled) return false;
  if (rule.activeFrom !== null && ctx.now < rule.activeFrom) return false;
  if (rule.activeTo !== null && ctx.now >= rule.activeTo) return false;
  if (rule.ruleSet !== null && !ctx.ruleSets.includes(rule.ruleSet)) return false;
  const { placements, queries, seedCategories, segments, clusters } = rule.scope;
  if (queries && !queries.includes(ctx.query)) return false;
  if (placements && (ctx.placement === null || !placements.includes(ctx.placement))) return false;
  if (seedCategories) {
    const seed = (ctx.seedCategory ?? "").toLowerCase();
    if (!seedCategories.some((c) => c.toLowerCase() === seed)) return false;
  }
  if (segments) {
    const segment = ctx.segment?.() ?? null;
    if (segment === null || !segments.includes(segment)) return false;
  }
  if (clusters) {
    const cluster = ctx.cluster?.() ?? null;
    if (cluster === null || !clusters.includes(cluster)) return false;
  }
  return true;
}

/** The stored rules in the order they compose. */
export function ruleOrder(rules: readonly MerchandisingRule[]): MerchandisingRule[] {
  const rank = (r: MerchandisingRule) => KIND_ORDER.indexOf(r.action.kind);
  return [...rules].sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The rules that shape one list over one model, with their masks. */
export class ActiveRules {
  /** Boosts, and buries by a factor: every score they match is scaled. */
  private readonly scalers: { name: string; factor: number; c: Compiled }[] = [];
  /** Buries to the end and exclusions. */
  private readonly removers: { name: string; toEnd: boolean; c: Compiled }[] = [];

  constructor(
    readonly model: LiveModel,
    /** In composition order. */
    readonly rules: readonly MerchandisingRule[],
  ) {
    for (const rule of rules) {
      const a = rule.action;
      if (a.kind === "boost" || (a.kind === "bury" && a.factor !== null))
        this.scalers.push({ name: rule.name, factor: a.factor!, c: conditionMask(model, a.condition) });
      if (a.kind === "exclude" || (a.kind === "bury" && a.factor === null))
        this.removers.push({ name: rule.name, toEnd: a.kind === "bury", c: conditionMask(model, a.condition) });
    }
  }

  static none(model: LiveModel): ActiveRules {
    return new ActiveRules(model, []);
  }

  /** The rules of `ordered` (in composition order) that apply to a list in this context. */
  static of(model: LiveModel, ordered: readonly MerchandisingRule[], ctx: ListContext): ActiveRules {
    return ordered.length === 0
      ? ActiveRules.none(model)
      : new ActiveRules(
          model,
          ordered.filter((r) => inScope(r, ctx)),
        );
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  get scales(): boolean {
    return this.scalers.length > 0;
  }

  /** Whether the list needs every product's score (a boost or bury scales them, a promotion draws its pool from them), so no ANN graph may stand in. */
  get needsEveryScore(): boolean {
    return this.scales || this.rules.some((r) => r.action.kind === "promotion");
  }

  /** The rules of one kind. */
  of<K extends RuleActionKind>(kind: K): (MerchandisingRule & { action: Extract<MerchandisingRule["action"], { kind: K }> })[] {
    return this.rules.filter((r) => r.action.kind === kind) as never;
  }

  /** Sets `skip` for every product excluded or buried to the end; returns the buried ones' mask, or null. */
  removeInto(skip: Uint8Array): Uint8Array | null {
    if (this.removers.length === 0) return null;
    // Exclusions first: a product both excluded and buried is excluded.
    for (const { toEnd, c } of this.removers) if (!toEnd) for (const i of c.indices) skip[i] = 1;
    let buried: Uint8Array | null = null;
    for (const { toEnd, c } of this.removers) {
      if (!toEnd) continue;
      for (const i of c.indices) {
        if (skip[i] && !buried?.[i]) continue;
        buried ??= new Uint8Array(skip.length);
        buried[i] = 1;
        skip[i] = 1;
      }
    }
    return buried;
  }

  /** Scales the scores of every product a boost or bury matches. */
  scaleScores(scores: Float32Array): void {
    for (const { factor, c } of this.scalers) for (const i of c.indices) scores[i] = scaleScore(scores[i], factor);
  }

  /** A product's score as the boosts and buries scale it. */
  scaledScore(index: number, score: number): number {
    let s = score;
    for (const { factor, c } of this.scalers) if (c.mask[index]) s = scaleScore(s, factor);
    return s;
  }

  /** A scaled score as the model gave it. */
  modelScore(index: number, score: number): number {
    let s = score;
    for (const { factor, c } of this.scalers) if (c.mask[index]) s = scaleScore(s, 1 / factor);
    return s;
  }

  /** The boosts and buries that changed a product's place. */
  changedBy(index: number): string[] {
    const names: string[] = [];
    for (const { name, c } of this.scalers) if (c.mask[index]) names.push(name);
    for (const { name, toEnd, c } of this.removers) if (toEnd && c.mask[index]) names.push(name);
    return names;
  }

  /** The products from most to least bought, by popularity scaled as the boosts and buries say (cached per set of them). */
  popularOrder(): Int32Array {
    const { model } = this;
    if (this.scalers.length === 0) return model.popularOrder;
    const key = this.scalers.map((s) => s.name).join("\u0000");
    let orders = boostedOrders.get(model);
    if (!orders) boostedOrders.set(model, (orders = new Map()));
    let order = orders.get(key);
    if (!order) {
      const scaled = model.popularity.slice();
      this.scaleScores(scaled);
      const rank = new Int32Array(model.productCount);
      model.popularOrder.forEach((p, r) => (rank[p] = r));
      order = model.popularOrder.slice().sort((a, b) => scaled[b] - scaled[a] || rank[a] - rank[b]);
      if (orders.size >= MAX_ORDERS) orders.clear();
      orders.set(key, order);
    }
    return order;
  }
}
