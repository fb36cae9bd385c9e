/**
 * The model version being served, shared by the services that read and write it. When training writes
 * a newer version into the file, refresh() loads it, lets the caller bring it up to date (re-applying
 * what was recorded after its data was cut), and only then swaps it in, in one synchronous step:
 * a request sees the old version or the new one, never a mix. Other processes may serve and write the
 * same file (src/workers.ts): what they fold in is taken in before the next request (peer-writes.ts).
 */
import { AnnIndex, type AnnMetric } from "../model/ann-index";
import type { ProductRecord } from "../domain/records";
import type { ChangeMark, Store, StoredModel } from "../store";
import { LiveModel } from "./live-model";
import { PeerWrites } from "./peer-writes";

export interface Swap {
  from: number;
  to: number;
  /** Customers re-folded into the new version from interactions recorded after its data cut. */
  replayedCustomers: number;
}

export class ModelHolder {
  private model: LiveModel;
  private prepare: (candidate: LiveModel) => number = () => 0;
  private readonly listeners: ((swap: Swap) => void)[] = [];
  /** The catalogue version the served model's product records were read at. */
  private catalogVersion: number;
  /** The file's change counters when latest() last found the served model current. */
  private checked: ChangeMark;
  private readonly peers: PeerWrites;

  constructor(private readonly store: Store) {
    this.peers = new PeerWrites(store);
    this.checked = store.changes.mark();
    const mark = this.peers.mark();
    const latest = this.store.models.latestId();
    if (latest === null) throw new Error("the model file holds no trained model; run `npm run train` first");
    this.catalogVersion = this.store.catalog.version();
    this.model = this.load(latest);
    this.peers.seenUpTo(mark);
  }

  /**
   * The file's change counters as latest() last saw them: a new object only when the file changed, so
   * what else a process keeps from the file (merchandising-state.ts) knows when to look again.
   */
  get fileMark(): ChangeMark {
    return this.checked;
  }

  /** The version being served, without looking for a newer one. */
  get current(): LiveModel {
    return this.model;
  }

  /**
   * The version to serve a request with: the newest in the file, with the current catalogue and every
   * customer folded in by any process. Every request looks: one prepared statement says whether the
   * file changed since the last look (ChangeRepository.mark); only then does it look for a newer
   * version, take in what other processes folded in, and read the catalogue's version. So a retrain
   * that deleted the served version is noticed before a request can read or write it.
   */
  latest(): LiveModel {
    const now = this.store.changes.mark();
    if (now.others === this.checked.others && now.own === this.checked.own) return this.model;
    // A version written while catching up is switched to, then caught up with (a few tries at most).
    for (let tries = 1; ; tries++) {
      this.refresh();
      if (now.others === this.checked.others || this.peers.catchUp(this.model) || tries === 3) break;
    }
    this.refreshCatalog();
    this.checked = now;
    return this.model;
  }

  /**
   * Whether `model` is what latest() would serve now: the newest version, read with the current
   * catalogue. A write checks inside its transaction, where nothing can change it, that it folds into
   * the version every process will serve.
   */
  isCurrent(model: LiveModel): boolean {
    return model === this.model && this.store.models.latestId() === model.id && this.store.catalog.version() === this.catalogVersion;
  }

  /**
   * Takes in catalogue changes (made through the API, by this process or another) if the catalogue
   * changed since the served model read it: the same version, with every product's current record
   * and availability, and new products with their category's vector. Customers folded in so far stay.
   */
  refreshCatalog(): void {
    const version = this.store.catalog.version();
    if (version === this.catalogVersion) return;
    this.catalogVersion = version;
    const { records, untrained } = this.catalogOf(this.model.stored);
    this.model = this.model.withCatalog(records, untrained);
  }

  /** What to do with a new version before it is served (re-applying recent interactions); returns customers re-folded. */
  onNewVersion(prepare: (candidate: LiveModel) => number): void {
    this.prepare = prepare;
  }

  /** Called after every swap, whichever request or timer noticed the new version. */
  onSwap(listener: (swap: Swap) => void): void {
    this.listeners.push(listener);
  }

  /** Switches to the newest version in the file if it is newer than the one served. */
  refresh(): Swap | null {
    const latest = this.store.models.latestId();
    if (latest === null || latest <= this.model.id) return null;
    const mark = this.peers.mark();
    this.catalogVersion = this.store.catalog.version();
    const candidate = this.load(latest);
    const replayedCustomers = this.prepare(candidate);
    const swap = { from: this.model.id, to: candidate.id, replayedCustomers };
    this.model = candidate;
    this.peers.seenUpTo(mark);
    for (const listener of this.listeners) listener(swap);
    return swap;
  }

  private load(id: number): LiveModel {
    const stored = this.store.models.load(id);
    if (!stored) throw new Error(`model version ${id} is gone from the file`);
    const { records, untrained } = this.catalogOf(stored);
    const graph = (metric: AnnMetric) => {
      const g = this.store.ann.load(id, metric, (layout) => AnnIndex.emptyGraph(layout, stored.factors));
      return g ? AnnIndex.of(g.graph, stored.productFactors, stored.factors, stored.products.ids, g) : null;
    };
    return new LiveModel(stored, records, untrained, undefined, { ip: graph("ip"), cosine: graph("cosine") });
  }

  /** The catalogue's records of a version's trained products, in its order, and every other product. */
  private catalogOf(stored: StoredModel): { records: ProductRecord[]; untrained: ProductRecord[] } {
    const records = this.store.catalog.products(stored.products.ids);
    if (records.length !== stored.products.size) throw new Error("the model refers to products missing from the catalogue");
    const untrained = this.store.catalog.allProducts().filter((p) => stored.products.indexOf(p.id) === undefined);
    return { records, untrained };
  }
}
