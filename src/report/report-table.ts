/** A table of the analyst report, as the writers (report.writers.ts) turn it into a sheet or a CSV file. */

export interface ReportColumn {
  key: string;
  header: string;
  /** Excel number format, e.g. "0.00" or "0.0%". */
  format?: string;
  width?: number;
}

export type ReportCell = string | number | Date | null;

export interface ReportTable {
  /** Sheet name (and CSV file name, as kebab-case). */
  name: string;
  columns: ReportColumn[];
  rows: Record<string, ReportCell>[];
}

export const MONEY = "#,##0.00";
export const SHARE = "0.0%";
export const RATIO = "0.000";
export const DATE = "yyyy-mm-dd";

/** A time in milliseconds as a date cell. */
export const dateCell = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

/** "Sales by customer" → "sales-by-customer". */
export function fileNameFor(table: ReportTable): string {
  return table.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
