/** Counts of what an import did with each row, so no row is silently dropped. */

const EXAMPLES_KEPT = 5;

export interface SkipCount {
  reason: string;
  count: number;
  /** The first few "file:line" places where it happened. */
  examples: string[];
}

export class ImportReport {
  rowsRead = 0;
  interactions = 0;
  customers = 0;
  products = 0;
  private readonly skips = new Map<string, SkipCount>();
  private readonly merges = new Map<string, SkipCount>();

  /** Records that a row did not become an interaction, and why. */
  skip(reason: string, file: string, line: number): void {
    count(this.skips, reason, file, line);
  }

  /** Records that a row was used with an id normalised to one already seen in another form (e.g. another letter case). */
  merge(reason: string, file: string, line: number): void {
    count(this.merges, reason, file, line);
  }

  /** Rows used with a normalised id, by rule. */
  get merged(): SkipCount[] {
    return [...this.merges.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  }

  get skipped(): SkipCount[] {
    return [...this.skips.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  }

  get skippedTotal(): number {
    let n = 0;
    for (const s of this.skips.values()) n += s.count;
    return n;
  }

  skippedFor(reason: string): number {
    return this.skips.get(reason)?.count ?? 0;
  }

  /** A human-readable summary, one line per figure. */
  format(): string {
    const lines = [
      `rows read:      ${this.rowsRead.toLocaleString("en-US")}`,
      `interactions:   ${this.interactions.toLocaleString("en-US")}`,
      `customers:      ${this.customers.toLocaleString("en-US")}`,
      `products:       ${this.products.toLocaleString("en-US")}`,
      `rows not used:  ${this.skippedTotal.toLocaleString("en-US")}`,
    ];
    for (const s of this.skipped) {
      lines.push(`  ${s.count.toLocaleString("en-US").padStart(9)}  ${s.reason}  (e.g. ${s.examples.slice(0, 3).join(", ")})`);
    }
    for (const m of this.merged) {
      lines.push(`rows merged:    ${m.count.toLocaleString("en-US")}  ${m.reason}  (e.g. ${m.examples.slice(0, 3).join(", ")})`);
    }
    return lines.join("\n");
  }

  toJSON() {
    return {
      rowsRead: this.rowsRead,
      interactions: this.interactions,
      customers: this.customers,
      products: this.products,
      skipped: this.skipped,
      merged: this.merged,
    };
  }
}

function count(counts: Map<string, SkipCount>, reason: string, file: string, line: number): void {
  let entry = counts.get(reason);
  if (!entry) {
    entry = { reason, count: 0, examples: [] };
    counts.set(reason, entry);
  }
  entry.count++;
  if (entry.examples.length < EXAMPLES_KEPT) entry.examples.push(`${file}:${line}`);
}
