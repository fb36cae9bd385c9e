/** Market baskets: what is bought together with a product, and the shop's strongest association rules. */
import { InvalidInputError, NotFoundError } from "../domain/errors";
import type { ProductRecord } from "../domain/records";
import type { RuleRow, Store } from "../store";
import type { LiveModel } from "./live-model";
import type { ModelHolder } from "./model-holder";
import { checkOffset, type Page, pageOf } from "./paging";
import { requireId, requireK } from "./validation";

export interface BoughtTogether {
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

export class BasketService {
  constructor(
    private readonly store: Store,
    private readonly holder: ModelHolder,
  ) {}

  /**
   * Products most often in the same basket as this one: its association rules, most confident first
   * (then by lift), leaving out products that are unavailable or archived. Empty for a product without
   * rules above the model's thresholds.
   */
  frequentlyBoughtTogether(productId: string, k: number, offset?: number | null): Page<BoughtTogether> {
    const id = requireId(productId, "productId");
    requireK(k);
    const from = checkOffset(offset);
    const model = this.holder.latest();
    if (!model.product(id)) throw new NotFoundError(`no product with id "${id}"`);
    // Unavailable and archived products are never recommended: ask for enough rules to drop them all.
    const blocked = (productId: string) => {
      const i = model.products.indexOf(productId);
      return i !== undefined && model.blocked[i] === 1;
    };
    const rules = this.store.rules
      .forProduct(model.id, id, from + k + 1 + model.blockedCount)
      .filter((r) => !blocked(r.consequent))
      .slice(from, from + k + 1);
    const products = this.productsOf(model, rules);
    const window = rules.map((r) => ({
      product: products.get(r.consequent)!,
      support: r.support,
      confidence: r.confidence,
      lift: r.lift,
      baskets: r.count,
    }));
    return pageOf(window, from, k);
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
