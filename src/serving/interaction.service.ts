/**
 * The write path: stores interactions and folds the customers they concern back into the model at
 * once, so their next recommendations reflect them. One interaction or a batch, each all or nothing;
 * an idempotency key makes a retried request a no-op that answers with what was stored the first time.
 */
import { checkLabel } from "../domain/attribution";
import { InvalidInputError } from "../domain/errors";
import { type BoundsOptions, quantityProblem, timeProblem } from "../domain/interaction-bounds";
import { priceProblem } from "../domain/product-fields";
import { INTERACTION_KINDS, type InteractionKind, type InteractionRecord } from "../domain/records";
import { type ClusterPlacement, placeCustomer } from "../model/behaviour-clusters";
import type { RfmRow, Store } from "../store";
import { customerRow } from "./customer-row";
import { scoreCustomerRfm } from "../rfm/customer-rfm";
import type { LiveModel } from "./live-model";
import type { ModelHolder } from "./model-holder";
import { requireId } from "./validation";

export interface NewInteraction {
  customerId: string;
  productId: string;
  type: InteractionKind;
  quantity?: number | null;
  price?: number | null;
  occurredAt?: Date | null;
  /** A key unique to this interaction: sending it again stores nothing new. */
  idempotencyKey?: string | null;
  /** The recommendation list it followed (Recommendation.recommendationId), for attribution. */
  recommendationId?: string | null;
}

export interface RecordedInteraction {
  id: number;
  customerId: string;
  productId: string;
  type: InteractionKind;
  quantity: number;
  price: number | null;
  occurredAt: Date;
  customerCreated: boolean;
  /** True when an earlier request with the same idempotency key stored it; nothing was stored now. */
  replayed: boolean;
}

/** Most interactions in one batch. */
export const MAX_BATCH = 500;

/** Tries of a write whose model version or catalogue another process changed just before it; the last one writes regardless. */
const WRITE_ATTEMPTS = 3;

interface Prepared {
  record: InteractionRecord;
  key: string | null;
  recommendationId: string | null;
}

export class InteractionService {
  private readonly foldInObservers: ((seconds: number) => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly holder: ModelHolder,
    /** The bounds of an interaction's time (domain/interaction-bounds.ts). */
    private readonly bounds: BoundsOptions = {},
  ) {}

  /** Calls `observer` with the seconds each write spends folding its customers into the model (for metrics). */
  onFoldIn(observer: (seconds: number) => void): void {
    this.foldInObservers.push(observer);
  }

  recordInteraction(input: NewInteraction, now = Date.now()): RecordedInteraction {
    return this.write([this.prepare(input, now, "")], now)[0];
  }

  /** Records a batch in one transaction: every interaction is stored, or none is. */
  recordInteractions(inputs: readonly NewInteraction[], now = Date.now()): RecordedInteraction[] {
    if (inputs.length === 0) throw new InvalidInputError("inputs must hold at least one interaction");
    if (inputs.length > MAX_BATCH) throw new InvalidInputError(`a batch holds at most ${MAX_BATCH} interactions, got ${inputs.length}`);
    return this.write(
      inputs.map((input, i) => this.prepare(input, now, `inputs[${i}]: `)),
      now,
    );
  }

  /** Checks one input; errors name the input's place in a batch. */
  private prepare(input: NewInteraction, now: number, where: string): Prepared {
    const fail = (message: string): never => {
      throw new InvalidInputError(`${where}${message}`);
    };
    const check = <T>(f: () => T): T => {
      try {
        return f();
      } catch (error) {
        return fail((error as Error).message);
      }
    };
    const customerId = check(() => requireId(input.customerId, "customerId"));
    const productId = check(() => requireId(input.productId, "productId"));
    if (!INTERACTION_KINDS.includes(input.type)) fail(`type must be one of ${INTERACTION_KINDS.join(", ")}, got ${String(input.type)}`);
    // The bounds of domain/interaction-bounds.ts, as the importers check them.
    const quantity = input.quantity ?? 1;
    const quantityIssue = quantityProblem(quantity);
    if (quantityIssue) fail(`quantity ${quantityIssue}, got ${quantity}`);
    const priceIssue = input.price == null ? null : priceProblem(input.price);
    if (priceIssue) fail(`price ${priceIssue}`);
    const occurredAt = input.occurredAt ?? new Date(now);
    const time = occurredAt.getTime();
    const timeIssue = timeProblem(time, this.bounds, now);
    if (timeIssue) fail(`occurredAt ${timeIssue}${Number.isNaN(time) ? "" : `, got ${occurredAt.toISOString()}`}`);
    const key = input.idempotencyKey == null ? null : input.idempotencyKey.trim();
    if (key !== null && (key === "" || key.length > 200)) fail("idempotencyKey must be 1 to 200 characters");
    const product = this.holder.latest().product(productId);
    if (!product) fail(`unknown product "${productId}"; record interactions only for products in the catalogue`);
    // A list price out of bounds can only be one stored before list prices were checked.
    const listPriceIssue = input.price == null && product!.price !== null ? priceProblem(product!.price) : null;
    if (listPriceIssue) fail(`price is needed: the list price of "${productId}" ${listPriceIssue}`);
    const recommendationId = input.recommendationId == null ? null : check(() => checkLabel(input.recommendationId!, "recommendationId"));
    return {
      key,
      recommendationId,
      record: {
        customerId,
        productId,
        type: input.type,
        quantity,
        unitPrice: input.price ?? product!.price,
        occurredAt: occurredAt.getTime(),
        basketId: null,
        weight: null,
      },
    };
  }

  /**
   * Stores a batch and folds its customers into the served version. Another process may write a newer
   * model version, or change the catalogue, between this request's look at the file and its
   * transaction: the write then starts again on the version every process will serve (a few tries at
   * most), so that the vectors it stores are the ones other processes take in (peer-writes.ts).
   */
  private write(batch: readonly Prepared[], now: number): RecordedInteraction[] {
    for (let attempt = 1; ; attempt++) {
      const model = this.holder.latest();
      const written = this.writeInto(model, batch, now, attempt < WRITE_ATTEMPTS);
      if (written) return written;
    }
  }

  /** One try of write(): null, having stored nothing, when `model` turns out not to be current and `mustBeCurrent`. */
  private writeInto(model: LiveModel, batch: readonly Prepared[], now: number, mustBeCurrent: boolean): RecordedInteraction[] | null {
    const written = this.store.transaction(() => {
      if (mustBeCurrent && !this.holder.isCurrent(model)) return null;
      const results: RecordedInteraction[] = [];
      const touched = new Map<string, number | null>(); // customer → latest purchase time in this batch
      for (const { record, key, recommendationId } of batch) {
        const earlier = key === null ? undefined : this.store.interactions.byIdempotencyKey(key);
        if (earlier) {
          const same = earlier.customerId === record.customerId && earlier.productId === record.productId && earlier.type === record.type;
          if (!same) throw new InvalidInputError(`idempotencyKey "${key}" was already used for a different interaction`);
          results.push({ ...toResult(earlier), customerCreated: false, replayed: true });
          continue;
        }
        const customerCreated = this.store.customers.ensure(record.customerId, now);
        const id = this.store.interactions.insert(record, "live", key, recommendationId);
        results.push({ ...toResult({ ...record, id }), customerCreated, replayed: false });
        const latest = touched.get(record.customerId) ?? null;
        const purchase = record.type === "purchase" ? record.occurredAt : null;
        touched.set(record.customerId, purchase === null ? latest : Math.max(latest ?? purchase, purchase));
      }
      // Each customer is folded in once, from all their interactions, after the whole batch is in.
      const started = performance.now();
      const vectors = this.refold(model, touched);
      const seconds = (performance.now() - started) / 1000;
      for (const observe of this.foldInObservers) observe(seconds);
      return { results, vectors };
    });
    if (!written) return null;
    for (const [customerId, vector] of written.vectors) model.setCustomerVector(customerId, vector);
    return written.results;
  }

  /**
   * Brings a newly trained model version up to date before it is served: every customer with
   * interactions recorded through the API after its data was cut is folded in again (and re-scored if
   * they bought), so nothing recorded while it trained is forgotten, and nothing it was trained on is
   * counted twice. Returns how many customers it re-folded.
   */
  replaySince(model: LiveModel): number {
    const customers = this.store.interactions.customersAfterCut(model.stored.lastInteractionId);
    const vectors = this.store.transaction(() =>
      this.refold(
        model,
        customers.map((c) => [c.customerId, c.lastPurchase] as const),
      ),
    );
    for (const [customerId, vector] of vectors) model.setCustomerVector(customerId, vector);
    return customers.length;
  }

  /**
   * Inside a write transaction: folds each customer in again from all their interactions and stores
   * the vector, and re-scores the RFM and cluster of those who bought (at their latest purchase time,
   * null for none). Returns the vectors, for the served model once the transaction has committed.
   */
  private refold(model: LiveModel, customers: Iterable<readonly [string, number | null]>): Map<string, Float64Array> {
    const vectors = new Map<string, Float64Array>();
    for (const [customerId, purchasedAt] of customers) {
      const vector = model.foldInRow(customerRow(this.store, model, customerId));
      this.store.models.saveCustomerVector(model.id, customerId, vector);
      if (purchasedAt !== null) this.rescoreRfm(model, customerId, purchasedAt);
      vectors.set(customerId, vector);
    }
    return vectors;
  }

  /** Re-scores one customer's RFM after a purchase (see scoreCustomerRfm) and places them in a cluster again. */
  private rescoreRfm(model: LiveModel, customerId: string, purchasedAt: number): void {
    const row = scoreCustomerRfm(this.store, model.stored, customerId, purchasedAt);
    if (!row) return;
    this.store.segments.saveRfm(model.id, row);
    const placement = model.stored.stats.clusterPlacement;
    if (placement) this.store.segments.saveCluster(model.id, customerId, this.placeInCluster(model, placement, row));
  }

  /** The customer's behaviour cluster from their current figures, as training would place them. */
  private placeInCluster(model: LiveModel, placement: ClusterPlacement, rfm: RfmRow): number {
    const categoryIndex = new Map(placement.categories.map((c, j) => [c, j]));
    const categoryCounts = new Float64Array(placement.categories.length);
    const bought = placement.categories.length > 0 ? this.store.interactions.purchasedProducts(rfm.customerId) : [];
    for (const productId of bought) {
      const idx = model.products.indexOf(productId);
      const j = idx === undefined ? undefined : categoryIndex.get(model.productRecords[idx].category ?? "");
      if (j !== undefined) categoryCounts[j]++;
    }
    const activity = this.store.customers.activityOf(rfm.customerId);
    return placeCustomer(placement, {
      ...rfm,
      pageViews: activity?.pageViews ?? null,
      timeSpent: activity?.timeSpent ?? null,
      categoryCounts,
    });
  }
}

function toResult(r: InteractionRecord & { id: number }): Omit<RecordedInteraction, "customerCreated" | "replayed"> {
  return {
    id: r.id,
    customerId: r.customerId,
    productId: r.productId,
    type: r.type,
    quantity: r.quantity,
    price: r.unitPrice,
    occurredAt: new Date(r.occurredAt ?? 0),
  };
}
