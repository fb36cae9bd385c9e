/**
 * Merchandising rules over the API (the admin scope): stored in the shop's file, checked whole before
 * anything is written, and applied by every server process from its next request on (merchandising-state.ts).
 */
import { InvalidInputError, NotFoundError } from "../domain/errors";
import type { MerchandisingRule } from "../domain/merchandising";
import type { Store } from "../store";
import { checkRule, type RuleInput } from "./merchandising-check";
import { checkConflicts } from "./merchandising-conflicts";
import type { MerchandisingState } from "./merchandising-state";
import type { ModelHolder } from "./model-holder";
import { checkLabel } from "../domain/attribution";

/** The most rules one call may change. */
const MAX_BATCH = 50;

export class MerchandisingService {
  constructor(
    private readonly store: Store,
    private readonly holder: ModelHolder,
    private readonly state: MerchandisingState,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Every rule, by name. */
  rules(): MerchandisingRule[] {
    this.holder.latest();
    return [...this.state.rules()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Adds rules, or replaces those of the same name: all of them, or none when any is invalid or
   * conflicts with another (two pins on one position, promotions over 100% of the slots…).
   */
  upsert(inputs: readonly RuleInput[]): MerchandisingRule[] {
    if (inputs.length === 0 || inputs.length > MAX_BATCH)
      throw new InvalidInputError(`rules must list 1 to ${MAX_BATCH} rules, got ${inputs.length}`);
    const model = this.holder.latest();
    const now = this.clock();
    const known = (id: string) => model.product(id) !== undefined;
    const checked = inputs.map((input, i) => checkRule(input, `rules[${i}]`, known, now));
    const where = new Map(checked.map((rule, i) => [rule, `rules[${i}]`]));
    const names = new Map<string, number>();
    checked.forEach((rule, i) => {
      const earlier = names.get(rule.name);
      if (earlier !== undefined) throw new InvalidInputError(`rules[${i}].name "${rule.name}" repeats rules[${earlier}].name`);
      names.set(rule.name, i);
    });
    this.store.transaction(() => {
      const kept = this.store.merchandising.rules().filter((r) => !names.has(r.name));
      checkConflicts([...kept, ...checked], new Set(checked), (rule) => where.get(rule)!);
      this.store.merchandising.upsert(checked);
    });
    this.state.invalidate();
    return checked;
  }

  /** Deletes a rule by name. */
  delete(name: string): boolean {
    const checked = checkLabel(name, "name");
    const deleted = this.store.transaction(() => this.store.merchandising.delete(checked));
    if (!deleted) throw new NotFoundError(`no merchandising rule named "${checked}"`);
    this.state.invalidate();
    return true;
  }
}
