/**
 * The analyst report: one table per sheet of the registry (report-sheets.ts) about customers,
 * products, segments, clusters and baskets, built from a model file's data and its newest model
 * version (report-data.ts). Writers (report.writers.ts) turn them into an Excel workbook or CSV.
 */
import type { Store } from "../store";
import { readReportData } from "./report-data";
import { REPORT_SHEETS, type ReportSheet } from "./report-sheets";
import type { ReportTable } from "./report-table";

export type { ReportTable } from "./report-table";

/** The tables of `sheets` (all of the report's by default), from the data read once. */
export function buildReport(store: Store, sheets: readonly ReportSheet[] = REPORT_SHEETS): ReportTable[] {
  const data = readReportData(store);
  return sheets.map((sheet) => ({ name: sheet.name, columns: [...sheet.columns], rows: sheet.rows(data) }));
}
