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

  /** Records that a row did not become an interaction, and why. */
  skip(reason: string, file: string, line: number): void {
    let entry = this.skips.get(reason);
    if (!entry) {
      entry = { reason, count: 0, examples: [] };
      this.skips.set(reason, entry);
    }
    entry.count++;
    if (entry.examples.length < EXAMPLES_KEPT) entry.examples.push(`${file}:${line}`);
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
    return lines.join("\n");
  }

  toJSON() {
    return {
      rowsRead: this.rowsRead,
      interactions: this.interactions,
      customers: this.customers,
      products: this.products,
      skipped: this.skipped,
    };
  }
}
