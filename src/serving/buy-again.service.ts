/**
 * Buy again: which of a customer's own products they will buy again, and when (model/buy-again.ts),
 * from their purchases as the file holds them now (a live purchase moves the dates at once) and the
 * product priors trained with the served model version. Replenishment reminders for marketing:
 * every customer's products expected in a window.
 */
import { DAY_MS } from "../domain/time";
import { DEFAULT_BUY_AGAIN_HORIZON_DAYS, MAX_BUY_AGAIN_DAYS } from "../domain/buy-again";
import { InvalidInputError } from "../domain/errors";
import type { ProductRecord } from "../domain/records";
import {
  type BuyAgainEstimate,
  buyAgainEstimate,
  compareBuyAgain,
  FALLBACK_PRIOR,
  orderDaysOf,
  orderWindowDays,
  type PriorTable,
  priorTable,
  type RepurchasePrior,
} from "../model/buy-again";
import { DueList } from "../model/due-list";
import type { Store } from "../store";
import type { StoredModel } from "../store/model-records";
import type { PairHistory } from "../store/repurchase.repository";
import type { LiveModel } from "./live-model";
import type { ModelHolder } from "./model-holder";
import { arrangeList } from "./merchandised-list";
import { ActiveRules } from "./merchandising-rules";
import type { MerchandisingState } from "./merchandising-state";
import { type Page, pageOf } from "./paging";
import { checkPage, filterMask, type PageOptions } from "./product-filter";
import { giveMask } from "./mask-pool";
import { requireId, requireK } from "./validation";
import { checkLabel, DEFAULT_PLACEMENT } from "../domain/attribution";

export interface BuyAgainItem {
  product: ProductRecord;
  /** P(they buy it again within the horizon). */
  probability: number;
  /** ms since the epoch; null without dates. */
  expectedNextPurchase: number | null;
  lastPurchased: number | null;
  timesBought: number;
  /** Their typical days between purchases of it (their own, shrunk towards every buyer's). */
  typicalIntervalDays: number | null;
  /** The product's index in the served model. */
  index: number;
  rules: string[];
}

export interface BuyAgainPage extends Page<BuyAgainItem> {
  /** Whether the customer's purchases have dates (without, the list ranks by how often they bought, and no dates are given). */
  dated: boolean;
  /** "Today" for the estimates (ms). */
  asOf: number;
  /** The horizon the probabilities are for (days); null without dates. */
  horizonDays: number | null;
}

export interface BuyAgainOptions extends PageOptions {
  /** Days ahead the probability is for; by default the customer's next-order window, at most the setting. */
  horizonDays?: number | null;
  /** "Today" (ms); by default the later of the model's data end and the customer's last purchase, never after now. */
  asOf?: number | null;
  placement?: string | null;
}

export interface DueItem {
  customerId: string;
  product: ProductRecord;
  /** P(they buy it within the window). */
  probability: number;
  expectedNextPurchase: number;
  lastPurchased: number;
  timesBought: number;
  typicalIntervalDays: number;
}

/** The most pairs dueForRepurchase ranks past its page's end (offset + k ≤ this). */
const MAX_DUE_RANK = 10_000;

export class BuyAgainService {
  private readonly priors = new WeakMap<StoredModel, PriorTable>();

  constructor(
    private readonly store: Store,
    private readonly holder: ModelHolder,
    private readonly state: MerchandisingState,
    private readonly maxHorizonDays = DEFAULT_BUY_AGAIN_HORIZON_DAYS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The customer's own products, most likely bought again within the horizon first; empty for a customer who bought nothing. */
  buyAgain(customerId: string, k: number, options: BuyAgainOptions = {}): BuyAgainPage {
    requireK(k);
    const id = requireId(customerId, "customerId");
    const { filter, offset } = checkPage(options);
    const horizon = options.horizonDays == null ? null : checkDays(options.horizonDays, "horizonDays");
    const placement = options.placement == null ? DEFAULT_PLACEMENT : checkLabel(options.placement, "placement");
    const model = this.holder.latest();
    const rules = ActiveRules.of(model, this.state.rules(), {
      query: "buyAgain",
      placement,
      ruleSets: [],
      now: this.now(),
      segment: () => this.store.segments.rfm(model.id, id)?.label ?? null,
      cluster: () => this.store.segments.clusterOf(model.id, id) ?? null,
    });
    const skip = filterMask(model, filter);
    const buried = rules.removeInto(skip);
    const histories = this.store.repurchase.customerHistories(id);
    const days = orderDaysOf(histories);
    const asOf = this.asOf(model, options.asOf, days?.last ?? null);
    const asOfDay = asOf / DAY_MS;
    const orderGap = model.stored.stats.buyAgain?.orderGapDays ?? FALLBACK_PRIOR.meanGapDays;
    // Without dates the horizon is not used (the chance of buying again at all).
    const window = horizon ?? (days === null ? this.maxHorizonDays : orderWindowDays(days, orderGap, this.maxHorizonDays));
    const table = this.priorsOf(model);
    const ranked: { item: BuyAgainItem; estimate: BuyAgainEstimate; score: number; buried: boolean }[] = [];
    for (const h of histories) {
      const index = model.products.indexOf(h.productId);
      if (index === undefined || (skip[index] && !buried?.[index])) continue;
      const estimate = buyAgainEstimate(h, priorOf(table, h.productId), asOfDay, window);
      const item = itemOf(model, index, h, estimate);
      if (!rules.empty) item.rules.push(...rules.changedBy(index));
      ranked.push({ item, estimate, score: rules.scaledScore(index, estimate.probability), buried: buried?.[index] === 1 });
    }
    ranked.sort(
      (a, b) =>
        Number(a.buried) - Number(b.buried) ||
        b.score - a.score ||
        compareBuyAgain(
          { estimate: a.estimate, timesBought: a.item.timesBought },
          { estimate: b.estimate, timesBought: b.item.timesBought },
        ) ||
        (a.item.product.id < b.item.product.id ? -1 : 1),
    );
    const items = ranked.map((r) => r.item);
    const byIndex = new Map(items.map((item) => [item.index, item]));
    const arranged = arrangeList(model, items, {
      rules,
      length: offset + k + 1,
      excluded: skip,
      pinnable: (i) => byIndex.has(i),
      pool: (poolSkip, wanted) => items.filter((item) => !poolSkip[item.index]).slice(0, wanted),
      make: (i) => byIndex.get(i)!,
    });
    const dated = days !== null;
    giveMask(model, skip);
    return { ...pageOf(arranged.slice(offset, offset + k + 1), offset, k), dated, asOf, horizonDays: dated ? window : null };
  }

  /**
   * Customers and products whose next purchase is expected from `from` to `to` (ms), most likely to
   * fall in the window first: for a replenishment e-mail. Products bought without dates, unavailable
   * or archived ones, and those an exclusion rule for buy again leaves out are not listed. The
   * model version and rules are those of the call's start.
   */
  async dueForRepurchase(
    from: number,
    to: number,
    k: number,
    offset = 0,
    asOfGiven: number | null = null,
  ): Promise<Page<DueItem> & { asOf: number }> {
    requireK(k);
    if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) throw new InvalidInputError("to must be after from");
    if (to - from > MAX_BUY_AGAIN_DAYS * DAY_MS)
      throw new InvalidInputError(`the window from from to to is at most ${MAX_BUY_AGAIN_DAYS} days`);
    const start = checkPage({ offset }).offset;
    if (start + k > MAX_DUE_RANK) throw new InvalidInputError(`offset + k is at most ${MAX_DUE_RANK}`);
    const model = this.holder.latest();
    const asOf = this.asOf(model, asOfGiven, null);
    const skip = model.blocked.slice();
    ActiveRules.of(model, this.state.rules(), { query: "buyAgain", placement: null, ruleSets: [], now: this.now() }).removeInto(skip);
    const table = this.priorsOf(model);
    const list = new DueList(start + k + 1, asOf / DAY_MS, from / DAY_MS, to / DAY_MS);
    if (to > asOf) {
      // A slice of customers at a time: the scan leaves the requests that come meanwhile their turns.
      await this.store.repurchase.forEachHistorySliced((h) => {
        const index = model.products.indexOf(h.productId);
        if (index !== undefined && !skip[index] && h.days.length > 0) list.offer(h, priorOf(table, h.productId));
      });
    }
    const items = list.pairs.map((d): DueItem => ({
      customerId: d.history.customerId,
      product: model.productRecords[model.products.indexOf(d.history.productId)!],
      probability: d.probability,
      expectedNextPurchase: d.expectedDay * DAY_MS,
      lastPurchased: d.history.days[d.history.days.length - 1] * DAY_MS,
      timesBought: d.history.timesBought,
      typicalIntervalDays: d.typicalGapDays,
    }));
    return { ...pageOf(items.slice(start), start, k), asOf };
  }

  /** "Today": as given, or the later of the model's data end and the customer's last purchase day, never after now. */
  private asOf(model: LiveModel, given: number | null | undefined, lastDay: number | null): number {
    if (given != null) {
      if (!Number.isFinite(given)) throw new InvalidInputError("asOf must be a date");
      return given;
    }
    const clock = Math.max(model.dataEnd ?? 0, lastDay === null ? 0 : (lastDay + 1) * DAY_MS);
    return clock > 0 ? Math.min(this.now(), clock) : this.now();
  }

  private priorsOf(model: LiveModel): PriorTable {
    let table = this.priors.get(model.stored);
    if (!table) this.priors.set(model.stored, (table = priorTable(this.store.repurchase.counts(model.id))));
    return table;
  }
}

function priorOf(table: PriorTable, productId: string): RepurchasePrior {
  return table.byProduct.get(productId) ?? table.shop;
}

function checkDays(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_BUY_AGAIN_DAYS)
    throw new InvalidInputError(`${name} must be a whole number of days from 1 to ${MAX_BUY_AGAIN_DAYS}, got ${value}`);
  return value;
}

function itemOf(model: LiveModel, index: number, h: PairHistory, e: BuyAgainEstimate): BuyAgainItem {
  return {
    product: model.productRecords[index],
    probability: e.probability,
    expectedNextPurchase: e.expectedDay === null ? null : Math.round(e.expectedDay) * DAY_MS,
    lastPurchased: h.days.length > 0 ? h.days[h.days.length - 1] * DAY_MS : null,
    timesBought: h.timesBought,
    typicalIntervalDays: e.typicalGapDays,
    index,
    rules: [],
  };
}
