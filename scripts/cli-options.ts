/** Command-line options shared by the scripts: the ALS settings, the data source, and number parsers. */
import { DEFAULT_ANN_MIN_PRODUCTS } from "../src/model/ann-index";
import { type Command, InvalidArgumentError, Option } from "commander";
import { DATA_FORMATS, type DataFormat } from "../src/importers";
import { parseDay } from "../src/domain/interaction-bounds";
import { thresholdProblem } from "../src/model/rfm";
import { DEFAULT_TRAINING_OPTIONS, type TrainingOptions } from "../src/training/training.service";
import { DEFAULT_TUNING_OPTIONS, type TunedSettings, type TuningProgress } from "../src/training/tuning.service";
import { describeSplit } from "../src/training/validation-split";

export function positiveInt(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer`);
    return n;
  };
}

export function nonNegative(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number ≥ 0`);
    return n;
  };
}

export function positive(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a number > 0`);
    return n;
  };
}

/** A date (YYYY-MM-DD or an ISO date-time, UTC) as ms since the epoch. */
export function date(name: string) {
  return (value: string) => {
    const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
    if (!Number.isFinite(ms)) throw new InvalidArgumentError(`${name} must be a date like 2011-11-01`);
    return ms;
  };
}

/** What addDataOptions adds. */
export interface DataOptions {
  format: DataFormat;
  input: string;
  /** --earliest-date, as ms since the epoch. */
  earliestDate?: number;
}

/** What addAutoTuningOptions adds. */
export interface AutoTuningOptions {
  /** --tune (or --auto) true, --no-tune false, neither undefined. */
  tune?: boolean;
  auto?: boolean;
  trials: number;
  tuneBudget?: number;
}

export function addAutoTuningOptions(command: Command, what: string): Command {
  return command
    .option("--tune", `tune the settings first, ${what}`)
    .option("--auto", "the same as --tune")
    .option("--no-tune", "do not tune: use the stored or default settings and the flags given")
    .option("--trials <n>", "settings to try when tuning", positiveInt("--trials"), DEFAULT_TUNING_OPTIONS.trials)
    .option(
      "--tune-budget <seconds>",
      "work tuning may do, in seconds of the reference machine class, comparing rankers included: the same data and seed choose the same settings however busy the machine (the wall clock stops it at 3 times the budget, and at least a minute more)",
      positive("--tune-budget"),
    );
}

/** Whether the flags ask for tuning (true), forbid it (false) or leave it to the default (undefined). */
export function tuneFlag(o: AutoTuningOptions): boolean | undefined {
  return o.auto ? true : o.tune;
}

export function addDataOptions(command: Command, defaults: { input?: string } = {}): Command {
  command.addOption(new Option("--format <format>", "input format").choices(Object.keys(DATA_FORMATS)).default("trio"));
  const input = new Option("--input <path>", "input file or folder (trio: a folder)");
  command.option("--earliest-date <YYYY-MM-DD>", "rows dated before this day are counted as bad (default 1990-01-01)", (text: string) => {
    const day = parseDay(text);
    if (day === null) throw new InvalidArgumentError("--earliest-date must be a day written YYYY-MM-DD");
    return day;
  });
  return command.addOption(defaults.input ? input.default(defaults.input) : input.makeOptionMandatory());
}

/** The ALS flags. Without a default here, a flag left out keeps whatever the caller's base settings say. */
export function addAlsOptions(command: Command): Command {
  const d = DEFAULT_TRAINING_OPTIONS;
  return command
    .option("--factors <n>", `embedding size (default ${d.factors})`, positiveInt("--factors"))
    .option("--iterations <n>", `ALS sweeps (default ${d.iterations})`, positiveInt("--iterations"))
    .option("--alpha <x>", `confidence scale α (default ${d.alpha})`, nonNegative("--alpha"))
    .addOption(
      new Option("--scaling <kind>", `confidence: linear 1 + αw, or log 1 + α·log(1 + w/ε) (default ${d.scaling})`).choices([
        "linear",
        "log",
      ]),
    )
    .option("--epsilon <x>", `ε of log scaling (default ${d.epsilon})`, positive("--epsilon"))
    .addOption(
      new Option("--count-weighting <kind>", "weigh summed counts before confidence: raw, or bm25 (default raw)").choices(["raw", "bm25"]),
    )
    .option("--regularization <x>", `L2 regularization λ (default ${d.regularization})`, nonNegative("--regularization"))
    .option(
      "--regularization-exponent <x>",
      `frequency scaling ν: λ_u = λ·(Σ_i c_ui)^ν (default ${d.regularizationExponent})`,
      nonNegative("--regularization-exponent"),
    )
    .option(
      "--recency-half-life <days>",
      `recency weighting: an order's weight halves every this many days; 0 = off (default ${d.recencyHalfLifeDays})`,
      nonNegative("--recency-half-life"),
    )
    .option("--seed <n>", `random seed (default ${d.seed})`, positiveInt("--seed"))
    .addOption(new Option("--solver <solver>", `per-row solver (default ${d.solver})`).choices(["cg", "cholesky"]))
    .option("--cg-steps <n>", `conjugate-gradient steps per row (default ${d.cgSteps})`, positiveInt("--cg-steps"))
    .option(
      "--threads <n>",
      "threads that solve ALS rows; the model is the same whatever the number (default: every core)",
      positiveInt("--threads"),
    )
    .option(
      "--ann-min-products <n>",
      `build HNSW graphs for approximate ranking from this many products on (default ${DEFAULT_ANN_MIN_PRODUCTS}; docs/scaling.md)`,
      positiveInt("--ann-min-products"),
    );
}

/** Four ascending numbers, comma-separated. */
export function fourNumbers(name: string) {
  return (value: string) => {
    const cuts = value.split(",").map((v) => Number(v.trim()));
    const problem = thresholdProblem({ recency: cuts, frequency: [0, 0, 0, 0], monetary: [0, 0, 0, 0] });
    if (problem) throw new InvalidArgumentError(`${name} takes four ascending numbers, e.g. 30,90,180,365`);
    return cuts;
  };
}

/** RFM reference date and hand-set score thresholds. */
export function addRfmOptions(command: Command): Command {
  return command
    .option(
      "--rfm-reference-date <date>",
      "RFM reference date (default: the day after the imported data's last purchase; live purchases do not move it)",
      date("--rfm-reference-date"),
    )
    .option(
      "--rfm-recency <days>",
      "RFM: four ascending day counts splitting R scores 5|4|3|2|1 (default: quintiles)",
      fourNumbers("--rfm-recency"),
    )
    .option(
      "--rfm-frequency <orders>",
      "RFM: four ascending order counts splitting F scores 1|2|3|4|5 (default: quintiles)",
      fourNumbers("--rfm-frequency"),
    )
    .option(
      "--rfm-monetary <spend>",
      "RFM: four ascending amounts splitting M scores 1|2|3|4|5 (default: quintiles)",
      fourNumbers("--rfm-monetary"),
    );
}

/** Event weights: how much a view, a cart add and a purchase count, and how quantity counts. */
export function addWeightOptions(command: Command): Command {
  const w = DEFAULT_TRAINING_OPTIONS.eventWeights;
  return command
    .option("--weight-view <w>", `weight of a view (default ${w.view})`, nonNegative("--weight-view"))
    .option("--weight-cart <w>", `weight of an add-to-cart (default ${w.cart})`, nonNegative("--weight-cart"))
    .option("--weight-purchase <w>", `weight of a purchase (default ${w.purchase})`, nonNegative("--weight-purchase"))
    .option(
      "--quantity-exponent <e>",
      `an order of quantity q weighs q^e times its type's weight; 0 ignores quantity (default ${w.quantityExponent})`,
      nonNegative("--quantity-exponent"),
    );
}

/** How many behaviour clusters: a number from 1 to 50, or "auto". */
export function addClusterOptions(command: Command): Command {
  return command.option(
    "--clusters <k>",
    'behaviour clusters: a number, or "auto" to choose by silhouette over 2-8 (default auto)',
    (value: string) => {
      if (value === "auto") return value;
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 50)
        throw new InvalidArgumentError('--clusters takes a whole number from 1 to 50, or "auto"');
      return n;
    },
  );
}

/** Everything a training run takes: ALS, event weights, rules, RFM and cluster settings. */
export function addTrainingOptions(command: Command): Command {
  return addClusterOptions(addRfmOptions(addRuleOptions(addWeightOptions(addAlsOptions(command)))));
}

/** Thresholds of the association rules kept at training time. */
export function addRuleOptions(command: Command): Command {
  const t = DEFAULT_TRAINING_OPTIONS.ruleThresholds;
  return command
    .option(
      "--rule-min-support <x>",
      `association rules: least share of baskets with both products (default ${t.minSupport})`,
      nonNegative("--rule-min-support"),
    )
    .option(
      "--rule-min-count <n>",
      `association rules: least number of baskets with both products (default ${t.minCount})`,
      positiveInt("--rule-min-count"),
    )
    .option(
      "--rule-min-confidence <x>",
      `association rules: least confidence (default ${t.minConfidence})`,
      nonNegative("--rule-min-confidence"),
    )
    .option("--rule-min-lift <x>", `association rules: least lift (default ${t.minLift})`, nonNegative("--rule-min-lift"));
}

const ALS_KEYS = [
  "factors",
  "iterations",
  "alpha",
  "scaling",
  "countWeighting",
  "epsilon",
  "regularization",
  "regularizationExponent",
  "seed",
  "solver",
  "cgSteps",
  "threads",
  "annMinProducts",
] as const;

/** The training flags the user actually gave. */
export function alsOverrides(opts: Record<string, unknown>): Partial<TrainingOptions> {
  const out: Record<string, unknown> = {};
  for (const key of ALS_KEYS) if (opts[key] !== undefined) out[key] = opts[key];
  if (opts.recencyHalfLife !== undefined) out.recencyHalfLifeDays = opts.recencyHalfLife;
  const rules: Record<string, unknown> = {};
  if (opts.ruleMinSupport !== undefined) rules.minSupport = opts.ruleMinSupport;
  if (opts.ruleMinCount !== undefined) rules.minCount = opts.ruleMinCount;
  if (opts.ruleMinConfidence !== undefined) rules.minConfidence = opts.ruleMinConfidence;
  if (opts.ruleMinLift !== undefined) rules.minLift = opts.ruleMinLift;
  if (Object.keys(rules).length > 0) out.ruleThresholds = { ...DEFAULT_TRAINING_OPTIONS.ruleThresholds, ...rules };
  if (opts.rfmReferenceDate !== undefined) out.referenceDate = opts.rfmReferenceDate;
  const rfm: Record<string, unknown> = {};
  if (opts.rfmRecency !== undefined) rfm.recency = opts.rfmRecency;
  if (opts.rfmFrequency !== undefined) rfm.frequency = opts.rfmFrequency;
  if (opts.rfmMonetary !== undefined) rfm.monetary = opts.rfmMonetary;
  if (Object.keys(rfm).length > 0) out.rfmThresholds = rfm;
  const weights: Record<string, unknown> = {};
  if (opts.weightView !== undefined) weights.view = opts.weightView;
  if (opts.weightCart !== undefined) weights.cart = opts.weightCart;
  if (opts.weightPurchase !== undefined) weights.purchase = opts.weightPurchase;
  if (opts.quantityExponent !== undefined) weights.quantityExponent = opts.quantityExponent;
  if (Object.keys(weights).length > 0) out.eventWeights = { ...DEFAULT_TRAINING_OPTIONS.eventWeights, ...weights };
  if (opts.clusters !== undefined) out.clustering = { ...DEFAULT_TRAINING_OPTIONS.clustering, clusters: opts.clusters as number | "auto" };
  return out as Partial<TrainingOptions>;
}

/** One line for a set of tuned settings. */
export function describeSettings(s: TunedSettings): string {
  return [
    `factors ${s.factors}`,
    `${s.scaling} confidence α ${s.alpha.toPrecision(3)}${s.scaling === "log" ? ` ε ${s.epsilon}` : ""}`,
    `λ ${s.regularization.toPrecision(3)}${s.regularizationExponent ? ` (frequency-scaled, ν ${s.regularizationExponent})` : ""}`,
    s.recencyHalfLifeDays ? `recency half-life ${s.recencyHalfLifeDays} d` : "no recency weighting",
    s.countWeighting === "bm25" ? "BM25-weighted counts" : "raw counts",
  ].join(", ");
}

/** Progress lines for a tuning run. */
export function tuningLog(log: (line: string) => void): TuningProgress {
  return {
    onSplit: (info) => log(`  validation: ${describeSplit(info.split)}, ${info.customers} customers, ${info.scored} scored`),
    onTrial: (trial, index, total, best) =>
      log(
        `  step ${String(index).padStart(2)}/${total}  ${String(trial.sweeps).padStart(2)} sweeps  NDCG@10 ${trial.ndcg.toFixed(4)}  best ${best ? best.ndcg.toFixed(4) : "  –   "}  ${trial.seconds.toFixed(1)} s  ${describeSettings(trial.settings)}`,
      ),
  };
}
