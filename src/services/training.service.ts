/**
 * Training: the store's interactions → a weight matrix on dense indices → ALS, popularity and RFM →
 * a new model version in the store, written atomically.
 */
import { type AlsIteration, type AlsOptions, DEFAULT_ALS_OPTIONS, trainAls } from "../model/als";
import { type Csr, csrFromTriples } from "../model/csr";
import { scoreRfm } from "../model/rfm";
import { DEFAULT_EVENT_WEIGHTS, type EventWeights } from "../domain/records";
import { IdIndex, type RfmRow, type Store } from "../store";
import { GrowableFloat64, GrowableInt32 } from "../model/growable";

export interface TrainingOptions extends AlsOptions {
  eventWeights: EventWeights;
  /** RFM reference date (ms); by default the day after the last purchase in the data. */
  referenceDate?: number;
  /** Where the data came from, recorded with the model. */
  source?: Record<string, unknown>;
}

export const DEFAULT_TRAINING_OPTIONS: TrainingOptions = {
  ...DEFAULT_ALS_OPTIONS,
  eventWeights: DEFAULT_EVENT_WEIGHTS,
};

export interface TrainingSummary {
  modelId: number;
  customers: number;
  products: number;
  interactions: number;
  /** Customer–product pairs with a positive weight: the non-zeros ALS learns from. */
  pairs: number;
  seconds: number;
  secondsPerIteration: number;
  finalLoss: number;
  segmentedCustomers: number;
}

const DAY_MS = 86_400_000;

/** Start of the UTC day after `time`. */
export function dayAfter(time: number): number {
  return Math.floor(time / DAY_MS) * DAY_MS + DAY_MS;
}

export interface TrainingProgress {
  onStart?(info: { customers: number; products: number; pairs: number; iterations: number }): void;
  onIteration?(info: AlsIteration): void;
}

export interface WeightMatrix {
  customers: IdIndex;
  products: IdIndex;
  /** customers × products, the summed positive weight of each pair. */
  weights: Csr;
}

/** The customer × product weight matrix over interactions with id ≤ upToId; pairs that net to ≤ 0 are left out. */
export function loadWeightMatrix(store: Store, eventWeights: EventWeights, upToId: number): WeightMatrix {
  const customers = new IdIndex();
  const products = new IdIndex();
  const rows = new GrowableInt32();
  const cols = new GrowableInt32();
  const values = new GrowableFloat64();
  store.interactions.forEachPairWeight(eventWeights, upToId, (customerId, productId, weight) => {
    if (weight <= 0) return;
    rows.push(customers.add(customerId));
    cols.push(products.add(productId));
    values.push(weight);
  });
  const weights = csrFromTriples(customers.size, products.size, rows.view(), cols.view(), values.view(), 0);
  return { customers, products, weights };
}

export function trainFromStore(store: Store, options: TrainingOptions, progress: TrainingProgress = {}): TrainingSummary {
  const started = performance.now();
  const lastInteractionId = store.interactions.maxId();
  const { customers, products, weights } = loadWeightMatrix(store, options.eventWeights, lastInteractionId);
  const pairCount = weights.indices.length;
  if (pairCount === 0) throw new Error("no interactions with a positive weight to train on; import some data first");
  progress.onStart?.({ customers: customers.size, products: products.size, pairs: pairCount, iterations: options.iterations });

  const als = trainAls(weights, options, progress.onIteration);

  const buyers = new Int32Array(products.size);
  for (const c of weights.indices) buyers[c]++;

  const summaries = store.interactions.purchaseSummaries(lastInteractionId);
  let lastPurchase = -Infinity;
  for (const s of summaries) lastPurchase = Math.max(lastPurchase, s.lastPurchase);
  const referenceDate = options.referenceDate ?? (summaries.length > 0 ? dayAfter(lastPurchase) : null);
  const rfm: RfmRow[] =
    referenceDate === null
      ? []
      : scoreRfm(
          summaries.map((s) => ({
            recencyDays: Math.max(0, Math.floor((referenceDate - s.lastPurchase) / DAY_MS)),
            frequency: s.orders,
            monetary: Math.round(s.spend * 100) / 100,
          })),
        ).map((score, i) => ({ customerId: summaries[i].customerId, ...score }));

  const seconds = (performance.now() - started) / 1000;
  const trainSeconds = als.history.reduce((s, h) => s + h.seconds, 0);
  const finalLoss = als.history.at(-1)?.loss ?? Number.NaN;
  const { source, referenceDate: _ref, ...params } = options;
  const stats = {
    customers: customers.size,
    products: products.size,
    interactions: store.interactions.count(),
    pairs: pairCount,
    seconds,
    secondsPerIteration: trainSeconds / Math.max(1, als.history.length),
    finalLoss,
    lossHistory: als.history.map((h) => h.loss),
  };
  const modelId = store.models.save({
    factors: options.factors,
    params,
    stats,
    source: source ?? {},
    lastInteractionId,
    referenceDate,
    customerIds: customers.ids,
    customerFactors: als.userFactors,
    productIds: products.ids,
    productFactors: als.itemFactors,
    buyers,
    rfm,
  });
  return {
    modelId,
    customers: customers.size,
    products: products.size,
    interactions: stats.interactions,
    pairs: pairCount,
    seconds: (performance.now() - started) / 1000,
    secondsPerIteration: stats.secondsPerIteration,
    finalLoss,
    segmentedCustomers: rfm.length,
  };
}
