/**
 * The merchandising rules and running experiments a server process serves with, read from the file
 * again only when another process (or this one) changed them: every change moves a counter in the
 * file, looked at only when the file itself changed (ModelHolder.fileMark). A change made by any
 * process is so applied by every other before its next request.
 */
import type { Experiment, MerchandisingRule } from "../domain/merchandising";
import type { ChangeMark, Store } from "../store";
import { ruleOrder } from "./merchandising-rules";
import type { ModelHolder } from "./model-holder";

export class MerchandisingState {
  private mark: ChangeMark | null = null;
  private version = -1;
  private ordered: MerchandisingRule[] = [];
  private running: Experiment[] = [];

  constructor(
    private readonly store: Store,
    private readonly holder: ModelHolder,
  ) {}

  /** The rules in the order they compose (merchandising-rules.ts), as the file holds them now. */
  rules(): readonly MerchandisingRule[] {
    this.check();
    return this.ordered;
  }

  /** The experiments running now. */
  experiments(): readonly Experiment[] {
    this.check();
    return this.running;
  }

  /** Forgets what was read (after this process changed rules or experiments). */
  invalidate(): void {
    this.mark = null;
    this.version = -1;
  }

  private check(): void {
    const mark = this.holder.fileMark;
    if (mark === this.mark) return;
    this.mark = mark;
    const version = this.store.merchandising.version();
    if (version === this.version) return;
    this.store.snapshot(() => {
      this.version = this.store.merchandising.version();
      this.ordered = ruleOrder(this.store.merchandising.rules());
      this.running = this.store.experiments.all().filter((e) => e.stoppedAt === null);
    });
  }
}
