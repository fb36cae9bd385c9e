/** Replenishment reminders: the customer–product pairs most likely to fall due in a window, kept as histories are offered. */
import { dueInWindow, type OwnPurchases, type RepurchasePrior } from "./buy-again";

/** One customer's history of one product. */
export interface PurchaseHistory extends OwnPurchases {
  customerId: string;
  productId: string;
}

export interface DuePair {
  history: PurchaseHistory;
  /** P(the next purchase falls in the window). */
  probability: number;
  /** Whole day (since the epoch) it is expected on. */
  expectedDay: number;
  typicalGapDays: number;
}

export class DueList {
  private readonly kept: DuePair[] = [];

  /** `limit` pairs at most; days since the epoch. */
  constructor(
    private readonly limit: number,
    private readonly asOfDay: number,
    private readonly fromDay: number,
    private readonly toDay: number,
  ) {}

  /** Keeps the pair if it is expected in the window and among the `limit` most likely so far (ties: the first offered). */
  offer(history: PurchaseHistory, prior: RepurchasePrior): void {
    if (this.toDay <= this.asOfDay) return;
    const due = dueInWindow(history, prior, this.asOfDay, this.fromDay, this.toDay);
    if (due === null) return;
    const { kept, limit } = this;
    if (kept.length === limit && due.probability <= kept[limit - 1].probability) return;
    let at = kept.length;
    while (at > 0 && kept[at - 1].probability < due.probability) at--;
    kept.splice(at, 0, {
      history,
      probability: due.probability,
      expectedDay: Math.round(due.expectedDay),
      typicalGapDays: due.typicalGapDays,
    });
    if (kept.length > limit) kept.pop();
  }

  /** Most likely first. */
  get pairs(): readonly DuePair[] {
    return this.kept;
  }
}
