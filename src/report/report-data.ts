/**
 * What the report's sheets share, read once from a model file and its newest model version: the
 * catalogue, the customers, the served RFM rows, the clusters, the basket rules and the experiments.
 */
import type { Store } from "../store";
import { servedRfmRows } from "../rfm/customer-rfm";
import { type ExperimentResults, experimentResults } from "../model/experiment-results";
import { priorTable } from "../model/buy-again";
import { type DuePair, DueList } from "../model/due-list";
import { DAY_MS } from "../domain/time";

/** The due-for-repurchase sheet's window, from the data's end (never after now), and its length. */
const DUE_WINDOW_DAYS = 30;
const DUE_ROWS = 5000;

type StoredModel = NonNullable<ReturnType<Store["models"]["load"]>>;

export interface ReportData {
  store: Store;
  model: StoredModel;
  products: ReturnType<Store["reports"]["products"]>;
  customers: ReturnType<Store["reports"]["customers"]>;
  totals: ReturnType<Store["reports"]["totals"]>;
  /** RFM rows as served, the largest spenders first (ties by customer id). */
  rfm: ReturnType<typeof servedRfmRows>;
  clusters: ReturnType<Store["segments"]["clusters"]>;
  rules: ReturnType<Store["rules"]["all"]>;
  /** Every A/B experiment, the newest first, with its arms' figures. */
  experiments: ExperimentResults[];
  /** The customer–product pairs expected to be bought again in the window (ms), most likely first. */
  due: { from: number; to: number; pairs: readonly DuePair[] };
  productName(productId: string): string;
  /** The label of a customer's behaviour cluster, or null when they have none. */
  clusterLabelOf(customerId: string): string | null;
}

export function readReportData(store: Store): ReportData {
  const model = store.models.load();
  if (!model) throw new Error("the model file holds no trained model; run `npm run train` first");
  const products = store.reports.products();
  const names = new Map(products.map((p) => [p.productId, p.name]));
  const clusterOf = store.segments.clusterAssignments(model.id);
  const clusters = store.segments.clusters(model.id);
  const clusterLabel = new Map(clusters.map((c) => [c.clusterId, c.label]));
  const rfm = servedRfmRows(store, model, store.segments.allRfm(model.id)).sort(
    (a, b) => b.monetary - a.monetary || (a.customerId < b.customerId ? -1 : 1),
  );
  return {
    store,
    model,
    products,
    customers: store.reports.customers(),
    totals: store.reports.totals(),
    rfm,
    clusters,
    rules: store.rules.all(model.id),
    experiments: store.experiments.all().map((e) => experimentResults(e, store.experiments.armCounts(e.id))),
    due: dueForRepurchase(store, model),
    productName: (id) => names.get(id) ?? id,
    clusterLabelOf: (id) => clusterLabel.get(clusterOf.get(id) ?? -1) ?? null,
  };
}

/** The pairs expected in the 30 days from the model's data end (or now, if sooner), as dueForRepurchase lists them. */
function dueForRepurchase(store: Store, model: StoredModel): ReportData["due"] {
  const from = Math.min(Date.now(), model.stats.dataEnd ?? Date.now());
  const to = from + DUE_WINDOW_DAYS * DAY_MS;
  const priors = priorTable(store.repurchase.counts(model.id));
  const list = new DueList(DUE_ROWS, from / DAY_MS, from / DAY_MS, to / DAY_MS);
  store.repurchase.forEachHistory({}, (h) => {
    if (h.days.length > 0) list.offer(h, priors.byProduct.get(h.productId) ?? priors.shop);
  });
  return { from, to, pairs: list.pairs };
}
