import type { ReportData } from "../report-data";
import type { ReportColumn, ReportTable } from "../report-table";

/** One sheet of the report: its name and columns, and its rows from the report's data. */
export interface ReportSheet {
  name: string;
  columns: ReportColumn[];
  rows(data: ReportData): ReportTable["rows"];
}
