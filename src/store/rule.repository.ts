/** A model version's association rules between products. */
import type { Db } from "./database";
import type { RuleRow } from "./model-records";

export interface RuleQuery {
  minSupport: number;
  minConfidence: number;
  minLift: number;
  limit: number;
  offset: number;
}

const COLUMNS = `antecedent, consequent, count, support, confidence, lift`;

export class RuleRepository {
  private readonly insertStmt;
  private readonly forProductStmt;
  private readonly listStmt;
  private readonly allStmt;
  private readonly countStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO model_rules (model_id, ${COLUMNS}) VALUES (@modelId, @antecedent, @consequent, @count, @support, @confidence, @lift)`,
    );
    this.forProductStmt = db.prepare<[number, string, number], RuleRow>(
      `SELECT ${COLUMNS} FROM model_rules
       WHERE model_id = ? AND antecedent = ? ORDER BY confidence DESC, lift DESC, consequent LIMIT ?`,
    );
    this.listStmt = db.prepare<[number, number, number, number, number, number], RuleRow>(
      `SELECT ${COLUMNS} FROM model_rules
       WHERE model_id = ? AND support >= ? AND confidence >= ? AND lift >= ?
       ORDER BY lift DESC, confidence DESC, antecedent, consequent LIMIT ? OFFSET ?`,
    );
    this.allStmt = db.prepare<[number], RuleRow>(
      `SELECT ${COLUMNS} FROM model_rules WHERE model_id = ? ORDER BY lift DESC, confidence DESC, antecedent, consequent`,
    );
    this.countStmt = db.prepare<[number], { n: number }>(`SELECT COUNT(*) AS n FROM model_rules WHERE model_id = ?`);
  }

  /** Writes a new model version's rules (inside its save transaction). */
  insert(modelId: number, rules: readonly RuleRow[]): void {
    for (const rule of rules) this.insertStmt.run({ modelId, ...rule });
  }

  /** The rules with `productId` as antecedent, most confident first (then by lift). */
  forProduct(modelId: number, productId: string, limit: number): RuleRow[] {
    return this.forProductStmt.all(modelId, productId, limit);
  }

  /** Rules passing the thresholds, highest lift first (then by confidence), `limit` of them after `offset`. */
  list(modelId: number, q: RuleQuery): RuleRow[] {
    return this.listStmt.all(modelId, q.minSupport, q.minConfidence, q.minLift, q.limit, q.offset);
  }

  /** All rules of a model version, highest lift first. */
  all(modelId: number): RuleRow[] {
    return this.allStmt.all(modelId);
  }

  count(modelId: number): number {
    return this.countStmt.get(modelId)!.n;
  }
}
