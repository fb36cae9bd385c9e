/** A/B experiments, stored whole as JSON, and what each arm's served lists earned. */
import type { Experiment } from "../domain/merchandising";
import type { ArmCounts } from "../model/experiment-results";
import type { Db } from "./database";
import { IS_PURCHASE } from "./sql";

export class ExperimentRepository {
  private readonly allStmt;
  private readonly getStmt;
  private readonly insertStmt;
  private readonly stopStmt;
  private readonly countsStmt;

  constructor(db: Db) {
    this.allStmt = db.prepare<[], { definition: string; stoppedAt: number | null }>(
      `SELECT definition, stopped_at AS stoppedAt FROM experiments ORDER BY started_at DESC, id`,
    );
    this.getStmt = db.prepare<[string], { definition: string; stoppedAt: number | null }>(
      `SELECT definition, stopped_at AS stoppedAt FROM experiments WHERE id = ?`,
    );
    this.insertStmt = db.prepare(
      `INSERT INTO experiments (id, definition, started_at, stopped_at) VALUES (@id, @definition, @startedAt, NULL)`,
    );
    this.stopStmt = db.prepare<[number, string]>(`UPDATE experiments SET stopped_at = ? WHERE id = ? AND stopped_at IS NULL`);
    // Per list first (what its own products earned through interactions naming it), then per arm.
    this.countsStmt = db.prepare<[string], ArmCounts>(
      `WITH earned AS (
         SELECT l.id, l.arm, json_array_length(l.items) AS shown,
                COALESCE(SUM(i.type = 'view'), 0) AS views, COALESCE(SUM(i.type = 'cart'), 0) AS carts,
                COALESCE(SUM(${IS_PURCHASE}), 0) AS purchases,
                COALESCE(SUM(CASE WHEN ${IS_PURCHASE} THEN i.quantity * COALESCE(i.unit_price, 0) END), 0) AS revenue
         FROM recommendation_lists l
         LEFT JOIN interactions i ON i.recommendation_id = l.id
           AND EXISTS (SELECT 1 FROM json_each(l.items) j WHERE j.value ->> 0 = i.product_id)
         WHERE l.experiment_id = ?
         GROUP BY l.id
       )
       SELECT arm, COUNT(*) AS lists, SUM(shown) AS impressions, SUM(views) AS views, SUM(carts) AS carts,
              SUM(purchases) AS purchases, SUM(views > 0) AS listsViewed, SUM(purchases > 0) AS listsPurchased,
              SUM(revenue) AS revenue, SUM(revenue * revenue) AS revenueSquares
       FROM earned GROUP BY arm ORDER BY arm`,
    );
  }

  /** Every experiment, the newest first. */
  all(): Experiment[] {
    return this.allStmt.all().map(read);
  }

  get(id: string): Experiment | undefined {
    const row = this.getStmt.get(id);
    return row ? read(row) : undefined;
  }

  insert(experiment: Experiment): void {
    this.insertStmt.run({ id: experiment.id, definition: JSON.stringify(experiment), startedAt: experiment.startedAt });
  }

  /** Stops a running experiment; returns whether it was running. */
  stop(id: string, at: number): boolean {
    return this.stopStmt.run(at, id).changes > 0;
  }

  /** What each arm's served lists earned (arms that served nothing yet are missing). */
  armCounts(id: string): ArmCounts[] {
    return this.countsStmt.all(id);
  }
}

function read(row: { definition: string; stoppedAt: number | null }): Experiment {
  return { ...(JSON.parse(row.definition) as Experiment), stoppedAt: row.stoppedAt };
}
