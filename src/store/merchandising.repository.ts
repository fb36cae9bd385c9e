/**
 * Merchandising rules, stored whole as JSON (checked by the service before they get here), and the
 * counter every change of rules or experiments moves: a server process reads them again only when it
 * has moved since it last looked.
 */
import type { MerchandisingRule } from "../domain/merchandising";
import type { Db } from "./database";

export class MerchandisingRepository {
  private readonly versionStmt;
  private readonly bumpStmt;
  private readonly allStmt;
  private readonly upsertStmt;
  private readonly deleteStmt;

  constructor(db: Db) {
    this.versionStmt = db.prepare<[], number>(`SELECT version FROM merchandising_version`).pluck();
    this.bumpStmt = db.prepare(`UPDATE merchandising_version SET version = version + 1`);
    this.allStmt = db.prepare<[], string>(`SELECT definition FROM merchandising_rules ORDER BY name`).pluck();
    this.upsertStmt = db.prepare(
      `INSERT INTO merchandising_rules (name, definition, created_at, updated_at) VALUES (@name, @definition, @at, @at)
       ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at`,
    );
    this.deleteStmt = db.prepare<[string]>(`DELETE FROM merchandising_rules WHERE name = ?`);
  }

  /** Moves whenever a rule or an experiment is written or deleted, by any process. */
  version(): number {
    return this.versionStmt.get() ?? 0;
  }

  /** Every stored rule, by name. */
  rules(): MerchandisingRule[] {
    return this.allStmt.all().map((json) => JSON.parse(json) as MerchandisingRule);
  }

  /** Adds or replaces rules by name (call inside a transaction, with the checks done). */
  upsert(rules: readonly MerchandisingRule[]): void {
    for (const rule of rules) this.upsertStmt.run({ name: rule.name, definition: JSON.stringify(rule), at: rule.updatedAt });
    this.bumpStmt.run();
  }

  /** Deletes a rule; returns whether there was one. */
  delete(name: string): boolean {
    const deleted = this.deleteStmt.run(name).changes > 0;
    if (deleted) this.bumpStmt.run();
    return deleted;
  }

  /** Notes a change of experiments (they share the counter). */
  bump(): void {
    this.bumpStmt.run();
  }
}
