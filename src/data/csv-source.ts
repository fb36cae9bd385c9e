/**
 * Reading a delimited text file row by row, with its header checked up front.
 * Handles `,` or `;` delimiters (detected from the header), a UTF-8 BOM, CRLF line ends, quoted fields
 * with delimiters inside, and trailing empty columns.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse";
import { DataFileError } from "../domain/errors";

export interface CsvRow {
  /** 1-based line number in the file where the row starts. */
  line: number;
  /** Value of a column by its normalised header name ("" when the row is short). */
  get(column: string): string;
}

export interface CsvSource {
  file: string;
  columns: string[];
  rows(): AsyncIterable<CsvRow>;
}

/** Lower-case, trimmed, spaces to underscores: "Customer ID" → "customer_id". */
export function normaliseHeader(name: string): string {
  return name.replace(/^\uFEFF/, "").trim().toLowerCase().replace(/\s+/g, "_");
}

function readFirstLine(file: string): string {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString("utf8");
    const end = text.search(/\r?\n/);
    return end === -1 ? text : text.slice(0, end);
  } finally {
    fs.closeSync(fd);
  }
}

/** The delimiter that splits the header into the most fields. */
export function detectDelimiter(headerLine: string): "," | ";" {
  const count = (ch: string) => headerLine.split(ch).length;
  return count(";") > count(",") ? ";" : ",";
}

/**
 * Opens a CSV file and checks that its header has every required column; throws a DataFileError
 * naming the file and the expected columns otherwise.
 */
export function openCsv(file: string, required: readonly string[], formatName: string, expectedHeader = required.join(",")): CsvSource {
  const name = path.basename(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new DataFileError(`${formatName}: file not found: ${file}`);
  }
  if (!stat.isFile()) throw new DataFileError(`${formatName}: not a file: ${file}`);
  const headerLine = readFirstLine(file);
  if (headerLine.trim() === "") throw new DataFileError(`${formatName}: ${file} is empty; expected the header ${expectedHeader}`);
  const delimiter = detectDelimiter(headerLine);
  const columns = headerLine.split(delimiter).map((h) => normaliseHeader(h.replace(/^"|"$/g, "")));
  while (columns.length > 0 && columns[columns.length - 1] === "") columns.pop();
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new DataFileError(
      `${formatName}: ${file} has header "${headerLine.trim()}", missing ${missing.join(", ")}; expected columns ${expectedHeader}`,
    );
  }
  const position = new Map(columns.map((c, i) => [c, i] as const));

  async function* rows(): AsyncIterable<CsvRow> {
    const parser = fs.createReadStream(file).pipe(
      parse({
        delimiter,
        bom: true,
        from_line: 2,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
        trim: true,
        info: true,
      }),
    );
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (record.every((v) => v === "")) continue;
      yield {
        line: info.lines,
        get: (column: string) => {
          const at = position.get(column);
          return at === undefined ? "" : (record[at] ?? "");
        },
      };
    }
  }
  return { file: name, columns, rows };
}
