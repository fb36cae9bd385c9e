/** Market baskets: what is bought together with a product, and the shop's strongest association rules. */
import { InvalidInputError, NotFoundError } from "../domain/errors";
import type { ProductRecord } from "../domain/records";
import type { RuleRow, Store } from "../store";
import type { ModelHolder } from "./model-holder";
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
  limit?: number | null;
}

const MAX_RULES = 1000;

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
  frequentlyBoughtTogether(productId: string, k: number): BoughtTogether[] {
    const id = requireId(productId, "productId");
    requireK(k);
    if (!this.store.catalog.product(id)) throw new NotFoundError(`no product with id "${id}"`);
    // Unavailable and archived products are never recommended: ask for enough rules to drop them all.
    const model = this.holder.latest();
    const blocked = (productId: string) => {
      const i = model.products.indexOf(productId);
      return i !== undefined && model.blocked[i] === 1;
    };
    const rules = this.store.rules
      .forProduct(model.id, id, k + model.blockedCount)
      .filter((r) => !blocked(r.consequent))
      .slice(0, k);
    const products = this.productsOf(rules);
    return rules.map((r) => ({
      product: products.get(r.consequent)!,
      support: r.support,
      confidence: r.confidence,
      lift: r.lift,
      baskets: r.count,
    }));
  }

  /** Rules passing the thresholds (at least the model's own), highest lift first, then by confidence. */
  associationRules(filter: RuleFilter = {}): ProductRule[] {
    const share = (value: number | null | undefined, what: string) => {
      if (value == null) return 0;
      if (!(value >= 0 && value <= 1)) throw new InvalidInputError(`${what} must be between 0 and 1, got ${value}`);
      return value;
    };
    const minLift = filter.minLift ?? 0;
    if (!(minLift >= 0 && Number.isFinite(minLift))) throw new InvalidInputError(`minLift must be zero or more, got ${minLift}`);
    const limit = filter.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RULES)
      throw new InvalidInputError(`limit must be an integer from 1 to ${MAX_RULES}, got ${limit}`);
    const rules = this.store.rules.list(this.holder.latest().id, {
      minSupport: share(filter.minSupport, "minSupport"),
      minConfidence: share(filter.minConfidence, "minConfidence"),
      minLift,
      limit,
    });
    const products = this.productsOf(rules);
    return rules.map((r) => ({
      antecedent: products.get(r.antecedent)!,
      consequent: products.get(r.consequent)!,
      support: r.support,
      confidence: r.confidence,
      lift: r.lift,
      baskets: r.count,
    }));
  }

  /** The rules' products as records, by id. */
  private productsOf(rules: readonly RuleRow[]): Map<string, ProductRecord> {
    const ids = [...new Set(rules.flatMap((r) => [r.antecedent, r.consequent]))];
    return new Map(this.store.catalog.products(ids).map((p) => [p.id, p]));
  }
}
