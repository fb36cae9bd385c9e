/**
 * Attribution: every recommendation list served gets an id, and each item its position; a storefront
 * sends the id back with the interaction that followed (recordInteraction's recommendationId). The
 * lists are kept (90 days unless ATTRIBUTION_RETENTION_DAYS says otherwise) so that
 * `recommendationPerformance` can tell, per placement and source, how many products were shown and
 * how many were then viewed, carted and bought.
 *
 * Serving a list must not write to the file on the read path: lists wait in memory and are written in
 * one transaction when the server flushes (every FLUSH_INTERVAL_MS, and on shutdown), when performance
 * is asked for, or, should the timer fall behind, once FLUSH_AT of them are waiting: memory stays bounded.
 */
import { randomUUID } from "node:crypto";
import { DEFAULT_RETENTION_DAYS } from "../domain/attribution";
import { InvalidInputError } from "../domain/errors";
import { DAY_MS } from "../domain/time";
import type { ServedList, SourcePerformance, Store } from "../store";

/**
 * How often the server writes the lists waiting. A write holds the event loop for its whole
 * transaction, which every request arriving meanwhile waits for: writing a tenth of a second's worth
 * keeps that wait far shorter than writing a second's worth.
 */
export const FLUSH_INTERVAL_MS = 100;
/** Lists waiting at the most (about 1 KB each): the server's timer writes them long before. */
const FLUSH_AT = 5000;
const MAX_RANGE_DAYS = 366;

export class AttributionService {
  private pending: ServedList[] = [];

  constructor(
    private readonly store: Store,
    private readonly clock: () => number = Date.now,
    /** Lists served longer ago than this are deleted as new ones are written. */
    private readonly retentionDays = DEFAULT_RETENTION_DAYS,
  ) {}

  /**
   * A new list's id: a UUID of version 7 (RFC 9562), the time in milliseconds first, then 74 random
   * bits. Ids in time order are written at the end of the lists' primary-key index, where random ones
   * (version 4) each dirtied a page of their own: half the write's time at 450 lists a second, and more
   * as the table grows over its retention period.
   */
  newListId(): string {
    const random = randomUUID();
    const time = this.clock().toString(16).padStart(12, "0");
    return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
  }

  /** Notes a list as served; it is written with the next flush. */
  served(list: ServedList): void {
    this.pending.push(list);
    if (this.pending.length >= FLUSH_AT) this.flush();
  }

  /** Writes the lists waiting, and forgets those older than the retention period. Returns how many it wrote. */
  flush(): number {
    if (this.pending.length === 0) return 0;
    const lists = this.pending;
    // Written, or kept for the next try (bounded: the oldest beyond FLUSH_AT are let go).
    try {
      this.store.transaction(() => this.store.attribution.saveLists(lists, this.clock() - this.retentionDays * DAY_MS));
    } catch (error) {
      this.pending = lists.slice(-FLUSH_AT);
      throw error;
    }
    this.pending = [];
    return lists.length;
  }

  /** Per placement and source: products shown in [from, to) (by default the last 30 days), and what followed. */
  performance(from?: Date | null, to?: Date | null): SourcePerformance[] {
    const end = to?.getTime() ?? this.clock() + 1;
    const start = from?.getTime() ?? end - 30 * DAY_MS;
    if (!Number.isFinite(start) || !Number.isFinite(end) || start >= end) throw new InvalidInputError("from must be before to");
    if (end - start > MAX_RANGE_DAYS * DAY_MS) throw new InvalidInputError(`the range spans at most ${MAX_RANGE_DAYS} days`);
    this.flush();
    return this.store.attribution.performance(start, end);
  }
}
