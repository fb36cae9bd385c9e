/** What the model being served is: its version, settings, training figures and how it was tuned. */
import type { MetricSummary } from "../model/metrics";
import type { ModelSettings, ModelStats } from "../store";
import type { ModelHolder } from "./model-holder";

export interface TuningInfo {
  tunedAt: Date;
  validationCutoff: Date;
  trials: number;
  validation: MetricSummary[];
}

export interface ModelInfo {
  version: number;
  trainedAt: Date;
  factors: number;
  params: Partial<ModelSettings>;
  stats: ModelStats;
  source: Record<string, unknown>;
  customers: number;
  products: number;
  tuning: TuningInfo | null;
}

export class ModelInfoService {
  constructor(private readonly holder: ModelHolder) {}

  /** The newest model version in the file: the one requests are served from. */
  describe(): ModelInfo {
    const s = this.holder.latest().stored;
    const t = s.stats.tuning;
    return {
      version: s.id,
      trainedAt: new Date(s.createdAt),
      factors: s.factors,
      params: s.params,
      stats: s.stats,
      source: s.source,
      customers: s.customers.size,
      products: s.products.size,
      tuning: t && {
        tunedAt: new Date(t.tunedAt),
        validationCutoff: new Date(t.validationCutoff),
        trials: t.trials.length,
        validation: t.validation,
      },
    };
  }
}
