/**
 * What other processes serving the same file folded in. A write stores the customer's re-solved vector
 * with the interaction, in one transaction (InteractionService), but only the process that wrote it
 * holds it in memory; several processes may serve one file (src/workers.ts). Once the file has changed
 * under another connection, this takes into the served model the stored vector of every customer with
 * an interaction recorded through the API since the last one it has taken in.
 */
import type { Store } from "../store";
import type { LiveModel } from "./live-model";

export class PeerWrites {
  /** Every interaction with an id up to this one is reflected in the served model. */
  private seen = 0;

  constructor(private readonly store: Store) {}

  /**
   * The newest interaction now. Take it before loading a model version, whose stored vectors then
   * reflect every interaction up to it, and pass it to `seenUpTo` once that version is served.
   */
  mark(): number {
    return this.store.changes.lastInteractionId();
  }

  seenUpTo(mark: number): void {
    this.seen = mark;
  }

  /**
   * Sets in `model` the vectors stored for it of every customer with a live interaction newer than the
   * last one taken in. False, taking nothing, when `model` is no longer the newest version in the file
   * (switch to that one first: its re-applied interactions include these).
   */
  catchUp(model: LiveModel): boolean {
    return this.store.snapshot(() => {
      if (this.store.models.latestId() !== model.id) return false;
      const mark = this.store.changes.lastInteractionId();
      if (mark <= this.seen) return true;
      for (const customerId of this.store.changes.liveCustomersAfter(Math.max(this.seen, model.stored.lastInteractionId))) {
        const vector = this.store.models.customerVector(model.id, customerId, model.k);
        if (vector) model.setCustomerVector(customerId, vector);
      }
      this.seen = mark;
      return true;
    });
  }
}
