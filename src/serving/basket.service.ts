/** Market baskets: what is bought together with a product, and the shop's strongest association rules. */
import { InvalidInputError, NotFoundError } from "../domain/errors";
import type { ProductRecord } from "../domain/records";
import type { RuleRow, Store } from "../store";
import type { LiveModel } from "./live-model";
import type { ModelHolder } from "./model-holder";
import { checkOffset, type Page, pageOf } from "./paging";
import { requireId, requireK } from "./validation";
import { checkLabel } from "../domain/attribution";
import type { Placed } from "./list-arranger";
import { arrangeList, withCurated } from "./merchandised-list";
import { ActiveRules } from "./merchandising-rules";
import type { MerchandisingState } from "./merchandising-state";

export interface BoughtTogether extends Placed {
  product: ProductRecord;
  /** Share of all baskets holding both products. */
  support: number;
  /** Share of the given product's baskets that also hold this one. */
  confidence: number;
  /** Confidence divided by this product's own support. */
  lift: number;
  /** Baskets holding both. */
  baskets: number;
}

export interface ProductRule {
  antecedent: ProductRecord;
  consequent: ProductRecord;
  support: number;
  confidence: number;
  lift: number;
  baskets: number;
}

export interface RuleFilter {
  minSupport?: number | null;
  minConfidence?: number | null;
  minLift?: number | null;
}

/** Most rules on one page. */
const MAX_RULES = 1000;
/** The furthest into the rules a page may start. */
const MAX_RULE_OFFSET = 100_000;
export const DEFAULT_RULES = 100;
/** The association rules of one product a merchandised list re-ranks, at the most. */
const MAX_MERCHANDISED_RULES = 2000;

export class BasketService {
  constructor(
    private readonly store: Store,
    private readonly holder: ModelHolder,
    private readonly state: MerchandisingState,
  ) {}

  /**
   * Products most often in the same basket as this one: its association rules, most confident first
   * (then by lift), leaving out products that are unavailable or archived, as the merchandising rules
   * of the placement shape them (boosts scale the confidence; a curated list leads or replaces them).
   * Empty for a product without rules above the model's thresholds, and without a curated list.
   */
  frequentlyBoughtTogether(productId: string, k: number, offset?: number | null, placement?: string | null): Page<BoughtTogether> {
    const id = requireId(productId, "productId");
    requireK(k);
    const from = checkOffset(offset);
    const where = placement == null ? null : checkLabel(placement, "placement");
    const model = this.holder.latest();
    const seed = model.product(id);
    if (!seed) throw new NotFoundError(`no product with id "${id}"`);
    const rules = ActiveRules.of(model, this.state.rules(), {
      query: "frequentlyBoughtTogether",
      placement: where,
      ruleSets: [],
      now: Date.now(),
      seedCategory: seed.category,
    });
    const length = from + k + 1;
    // Unavailable and archived products are never recommended: ask for enough rules to drop them all.
    const wanted = rules.empty ? length + model.blockedCount : MAX_MERCHANDISED_RULES;
    const found = this.store.rules.forProduct(model.id, id, wanted);
    const products = this.productsOf(model, found);
    const skip = model.blocked.slice();
    const seedIndex = model.products.indexOf(id);
    if (seedIndex !== undefined) skip[seedIndex] = 1;
    const buried = rules.removeInto(skip);
    const excluded = rules.empty ? skip : skip.slice();
    const item = (index: number, r?: RuleRow): BoughtTogether => ({
      product: products.get(r?.consequent ?? "") ?? model.productRecords[index],
      support: r?.support ?? 0,
      confidence: r?.confidence ?? 0,
      lift: r?.lift ?? 0,
      baskets: r?.count ?? 0,
      index,
      rules: rules.empty ? [] : rules.changedBy(index),
    });
    const candidates: BoughtTogether[] = [];
    for (const r of found) {
      const index = model.products.indexOf(r.consequent);
      if (index !== undefined && (!skip[index] || buried?.[index])) candidates.push(item(index, r));
    }
    const score = (c: BoughtTogether) => (buried?.[c.index] ? -Infinity : rules.scaledScore(c.index, c.confidence));
    if (!rules.empty) candidates.sort((a, b) => score(b) - score(a));
    const byIndex = new Map(candidates.map((c) => [c.index, c]));
    const allowed = (i: number) => !excluded[i] || buried?.[i] === 1;
    const list = withCurated(rules, id, candidates, allowed, (index) => item(index));
    const window = arrangeList(model, list, {
      rules,
      length,
      excluded,
      pinnable: allowed,
      pool: (poolSkip, n) => candidates.filter((c) => !poolSkip[c.index]).slice(0, n),
      make: (index) => byIndex.get(index) ?? item(index),
    });
    return pageOf(window.slice(from, length), from, k);
  }

  /**
   * Rules passing the thresholds (at least the model's own), highest lift first, then by confidence:
   * k of them (1 to 1000) from offset on (0 to 100,000).
   */
  associationRules(filter: RuleFilter = {}, k = DEFAULT_RULES, offset?: number | null): Page<ProductRule> {
    const share = (value: number | null | undefined, what: string) => {
      if (value == null) return 0;
      if (!(value >= 0 && value <= 1)) throw new InvalidInputError(`${what} must be between 0 and 1, got ${value}`);
      return value;
    };
    const minLift = filter.minLift ?? 0;
    if (!(minLift >= 0 && Number.isFinite(minLift))) throw new InvalidInputError(`minLift must be zero or more, got ${minLift}`);
    if (!Number.isInteger(k) || k < 1 || k > MAX_RULES)
      throw new InvalidInputError(`k must be an integer from 1 to ${MAX_RULES}, got ${k}`);
    const from = checkOffset(offset, MAX_RULE_OFFSET);
    const model = this.holder.latest();
    const rules = this.store.rules.list(model.id, {
      minSupport: share(filter.minSupport, "minSupport"),
      minConfidence: share(filter.minConfidence, "minConfidence"),
      minLift,
      limit: k + 1,
      offset: from,
    });
    const products = this.productsOf(model, rules);
    const window = rules.map((r) => ({
      antecedent: products.get(r.antecedent)!,
      consequent: products.get(r.consequent)!,
      support: r.support,
      confidence: r.confidence,
      lift: r.lift,
      baskets: r.count,
    }));
    return pageOf(window, from, k, MAX_RULE_OFFSET);
  }

  /** The rules' products as records, by id: from the served model's records, or the catalogue for one it lacks. */
  private productsOf(model: LiveModel, rules: readonly RuleRow[]): Map<string, ProductRecord> {
    const ids = [...new Set(rules.flatMap((r) => [r.antecedent, r.consequent]))];
    const records = new Map<string, ProductRecord>();
    const missing: string[] = [];
    for (const id of ids) {
      const record = model.product(id);
      if (record) records.set(id, record);
      else missing.push(id);
    }
    for (const p of missing.length > 0 ? this.store.catalog.products(missing) : []) records.set(p.id, p);
    return records;
  }
}
