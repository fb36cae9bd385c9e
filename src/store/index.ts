/** The storage layer: one SQLite file per shop holding its data and its trained models. */
import { AnnRepository } from "./ann.repository";
import { AttributionRepository } from "./attribution.repository";
import { CatalogRepository } from "./catalog.repository";
import { CustomerRepository } from "./customer.repository";
import { ChangeRepository } from "./change.repository";
import { BackgroundCheckpointer } from "./checkpointer";
import { type Db, openDatabase, type OpenOptions } from "./database";
import { ExperimentRepository } from "./experiment.repository";
import { ImportRepository } from "./import.repository";
import { InteractionRepository } from "./interaction.repository";
import { MerchandisingRepository } from "./merchandising.repository";
import { ModelRepository } from "./model.repository";
import { ReportRepository } from "./report.repository";
import { RepurchaseRepository } from "./repurchase.repository";
import { RuleRepository } from "./rule.repository";
import { SegmentRepository } from "./segment.repository";
import { TuningRepository } from "./tuning.repository";
import { WalCap } from "./wal-cap";
import { beginImmediate } from "./write-lock";

/** The page cache of a bulk write, in SQLite's units: negative means KiB (here 256 MiB). */
const BULK_CACHE_SIZE = -256 * 1024;

export class Store {
  /** Products. */
  readonly catalog: CatalogRepository;
  readonly customers: CustomerRepository;
  readonly interactions: InteractionRepository;
  /** The import's bulk writes. */
  readonly imports: ImportRepository;
  /** Model versions: settings, figures, vectors and each customer's trained row. */
  readonly models: ModelRepository;
  /** Each version's RFM scores and behaviour clusters. */
  readonly segments: SegmentRepository;
  /** Each version's association rules. */
  readonly rules: RuleRepository;
  /** Buy again: each customer's purchase days of each product, and each version's repurchase figures. */
  readonly repurchase: RepurchaseRepository;
  /** Each version's HNSW graph over its products, when it was trained with one. */
  readonly ann: AnnRepository;
  readonly tunings: TuningRepository;
  readonly reports: ReportRepository;
  readonly attribution: AttributionRepository;
  /** Merchandising rules, and the counter their and the experiments' changes move. */
  readonly merchandising: MerchandisingRepository;
  readonly experiments: ExperimentRepository;
  /** What changed in the file since a server process last looked (several processes may serve one file). */
  readonly changes: ChangeRepository;

  constructor(
    readonly db: Db,
    private readonly checkpointer: BackgroundCheckpointer | null = null,
    private readonly walCap: WalCap | null = null,
  ) {
    this.catalog = new CatalogRepository(db);
    this.customers = new CustomerRepository(db);
    this.interactions = new InteractionRepository(db);
    this.imports = new ImportRepository(db);
    this.segments = new SegmentRepository(db);
    this.rules = new RuleRepository(db);
    this.repurchase = new RepurchaseRepository(db);
    this.ann = new AnnRepository(db);
    this.models = new ModelRepository(db, this.segments, this.rules, this.repurchase, this.ann);
    this.tunings = new TuningRepository(db);
    this.reports = new ReportRepository(db);
    this.attribution = new AttributionRepository(db);
    this.merchandising = new MerchandisingRepository(db);
    this.experiments = new ExperimentRepository(db);
    this.changes = new ChangeRepository(db);
  }

  static open(path: string, options: OpenOptions = {}): Store {
    const db = openDatabase(path, options);
    const ownFile = !options.readonly && path !== ":memory:";
    if (ownFile && options.walCapBytes) return new Store(db, null, new WalCap(db, path, options.walCapBytes));
    const interval = ownFile ? (options.checkpointIntervalMs ?? 0) : 0;
    if (interval === 0) return new Store(db);
    // If the worker ever stops, SQLite's own checkpoints (every 1,000 pages) take over again.
    return new Store(db, new BackgroundCheckpointer(path, interval, () => db.open && db.pragma("wal_autocheckpoint = 1000")));
  }

  /** Runs `work` in one read transaction: every query in it sees the file as it was at its first read. */
  snapshot<T>(work: () => T): T {
    return this.db.transaction(work).deferred();
  }

  /** Runs `work` in one write transaction: all of it lands, or none of it does. */
  transaction<T>(work: () => T): T {
    // Inside another transaction: a savepoint of it.
    if (this.db.inTransaction) return this.db.transaction(work)();
    this.checkpointer?.restartIfDue(this.db);
    beginImmediate(this.db);
    let result: T;
    try {
      result = this.db.transaction(work)();
      this.db.exec("COMMIT");
    } catch (error) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      throw error;
    }
    return result;
  }

  /**
   * A transaction that writes much data (an import): run with a page cache big enough for the tables
   * and indexes it rewrites, and for sorting when an index is built (the default is 16 MB).
   */
  bulkTransaction<T>(work: () => T): T {
    const previous = this.db.pragma("cache_size", { simple: true }) as number;
    this.db.pragma(`cache_size = ${BULK_CACHE_SIZE}`);
    try {
      return this.transaction(work);
    } finally {
      this.db.pragma(`cache_size = ${previous}`);
    }
  }

  close(): void {
    void this.checkpointer?.stop();
    this.walCap?.stop();
    this.db.close();
  }
}

export type { Db, OpenOptions } from "./database";
export type { ChangeMark } from "./change.repository";
export type {
  ClusteringInfo,
  ClusterRow,
  CustomerRowTerms,
  ModelSettings,
  ModelStats,
  NewModel,
  RfmRow,
  RuleRow,
  StoredModel,
  TuningRecord,
} from "./model-records";
export type { RuleQuery } from "./rule.repository";
export type { InteractionOrigin, OrderEvent, PurchaseSummary } from "./interaction.repository";
export { type InteractionFilter, intersectFilters } from "./interaction-filter";
export type { ImportChange } from "./import.repository";
export { IdIndex } from "./id-index";
export { PEER_SERVING_STORE, SERVING_STORE } from "./serving-options";
export type { StoredTuning } from "./tuning.repository";
export type { StoredAnn } from "./ann.repository";
export type { ServedList, SourcePerformance } from "./attribution.repository";
