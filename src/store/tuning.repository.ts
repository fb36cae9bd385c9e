/** Hyperparameters chosen by tuning, kept in the model file so that later training runs use them. */
import type { MetricSummary } from "../model/metrics";
import type { Db } from "./database";
import type { ModelSettings, TuningRecord } from "./model-records";

/** How tuning found its settings: the validation cutoff and share, and every trial. */
export type TuningDetails = Omit<TuningRecord, "tunedAt" | "validation">;

export interface StoredTuning {
  id: number;
  createdAt: number;
  settings: Partial<ModelSettings>;
  /** Validation metrics of the chosen settings. */
  validation: MetricSummary[];
  details: TuningDetails;
}

interface Row {
  id: number;
  created_at: number;
  settings: string;
  validation: string;
  details: string;
}

export class TuningRepository {
  constructor(private readonly db: Db) {}

  save(settings: Partial<ModelSettings>, validation: MetricSummary[], details: TuningDetails, now = Date.now()): number {
    return Number(
      this.db
        .prepare(`INSERT INTO tuned_settings (created_at, settings, validation, details) VALUES (?, ?, ?, ?)`)
        .run(now, JSON.stringify(settings), JSON.stringify(validation), JSON.stringify(details)).lastInsertRowid,
    );
  }

  latest(): StoredTuning | null {
    const row = this.db.prepare<[], Row>(`SELECT * FROM tuned_settings ORDER BY id DESC LIMIT 1`).get();
    if (!row) return null;
    return {
      id: row.id,
      createdAt: row.created_at,
      settings: JSON.parse(row.settings),
      validation: JSON.parse(row.validation),
      details: JSON.parse(row.details),
    };
  }
}
