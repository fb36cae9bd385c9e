/** Writing report tables as an Excel workbook (exceljs) or as CSV files (csv-stringify). */
import fs from "node:fs";
import path from "node:path";
import { stringify } from "csv-stringify/sync";
import { Workbook } from "exceljs";
import { fileNameFor, type ReportTable } from "./report-table";

export async function writeWorkbook(tables: readonly ReportTable[], file: string): Promise<void> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  await workbookOf(tables).xlsx.writeFile(file);
}

/** The workbook as the bytes of an .xlsx file. */
export async function workbookBytes(tables: readonly ReportTable[]): Promise<Buffer> {
  return Buffer.from(await workbookOf(tables).xlsx.writeBuffer());
}

function workbookOf(tables: readonly ReportTable[]): Workbook {
  const workbook = new Workbook();
  workbook.creator = "shop-recommender";
  workbook.created = new Date();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width ?? Math.max(10, c.header.length + 2),
      style: c.format ? { numFmt: c.format } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.addRows(table.rows);
    if (table.rows.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  }
  return workbook;
}

function csvValue(value: string | number | Date | null): string | number {
  if (value === null) return "";
  if (value instanceof Date) return value.toISOString();
  return value;
}

/** One CSV file per table, named after it (e.g. sales-by-customer.csv); returns the paths. */
export function writeCsvFiles(tables: readonly ReportTable[], dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return tables.map((table) => {
    const file = path.join(dir, `${fileNameFor(table)}.csv`);
    const rows = table.rows.map((row) => table.columns.map((c) => csvValue(row[c.key] ?? null)));
    fs.writeFileSync(file, stringify([table.columns.map((c) => c.header), ...rows]));
    return file;
  });
}
