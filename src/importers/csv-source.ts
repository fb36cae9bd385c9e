/**
 * Reading a delimited text file row by row, with its header checked up front.
 * Handles `,` or `;` delimiters (detected from the header), a UTF-8 BOM, CRLF line ends, quoted fields
 * with delimiters inside, and trailing empty columns.
 *
 * The rows are exactly what csv-parse yields with the options of parseOptions(). Parsing every byte
 * with it was most of an import's time on a large log, so simple lines (no stray line break, quotes
 * only around whole fields), all but a handful, are split here by hand (splitSimpleLine); only the
 * others go to csv-parse, a few lines at a time (parseSpan). test/importers/csv-source.test.ts checks
 * that the two agree.
 */
import fs from "node:fs";
import path from "node:path";
import { LineReader } from "./line-reader";
import { parse } from "csv-parse/sync";
import { DataFileError } from "../domain/errors";

export interface CsvRow {
  /** 1-based line number in the file where the row ends (where it starts, but for a quoted line break). */
  line: number;
  /** Value of a column by its normalised header name ("" when the row is short). */
  get(column: string): string;
}

export interface CsvSource {
  file: string;
  columns: string[];
  rows(): Iterable<CsvRow>;
}

/** Lower-case, trimmed, spaces to underscores: "Customer ID" → "customer_id". */
export function normaliseHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/\s+/g, "_");
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

/** How every row is parsed (csv-parse's options); the header is the first record, skipped. */
export function parseOptions(delimiter: string) {
  return {
    delimiter,
    bom: true,
    from_line: 2,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
  } as const;
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

  function* rows(): Iterable<CsvRow> {
    for (const { record, line } of readRecords(file, delimiter)) {
      if (record.every((v) => v === "")) continue;
      yield new Row(line, record, position);
    }
  }
  return { file: name, columns, rows };
}

class Row implements CsvRow {
  constructor(
    readonly line: number,
    private readonly record: string[],
    private readonly position: ReadonlyMap<string, number>,
  ) {}

  get(column: string): string {
    const at = this.position.get(column);
    return at === undefined ? "" : (this.record[at] ?? "");
  }
}

export interface CsvRecord {
  record: string[];
  /** csv-parse's `info.lines`: the line the record ends on. */
  line: number;
}

/**
 * Every record after the header, as csv-parse with parseOptions(delimiter) yields them. The file is
 * read `chunkBytes` at a time (smaller in tests, to cross chunk boundaries).
 */
export function* readRecords(file: string, delimiter: string, chunkBytes = CHUNK_BYTES): Generator<CsvRecord> {
  const lines = new LineReader(file, chunkBytes);
  if (lines.recordDelimiter === null) return; // no line break: the header alone
  const rd = lines.recordDelimiter;
  const header = lines.peek()!;
  if (header.split('"').length % 2 === 0) {
    // A quote left open over the header's line break: csv-parse may find another record delimiter.
    yield* parseWholeFile(file, delimiter);
    return;
  }
  let lineNo = 1;
  let isHeader = true;
  for (let line = lines.next(); line !== undefined; line = lines.next()) {
    const simple = splitSimpleLine(line, delimiter);
    if (simple !== null) {
      if (!isHeader && simple !== BLANK) yield { record: simple, line: lineNo };
      lineNo++;
      isHeader = false;
      continue;
    }
    // A quote or a stray line break: csv-parse reads this line and as many more as its record needs.
    const span = [line];
    for (;;) {
      const parsed = parseSpan(span, rd, delimiter, lines.unterminated);
      if (parsed !== "incomplete") {
        for (const { record, line: at } of parsed.records.slice(isHeader ? 1 : 0)) yield { record, line: lineNo + at - 1 };
        lineNo += parsed.lines;
        isHeader = false;
        break;
      }
      // Double the span, so that a quote left open costs at most twice the rest of the file.
      const more = lines.take(span.length);
      if (more.length === 0) throw reproduceError(file, delimiter);
      span.push(...more);
    }
  }
}

/** What splitSimpleLine returns for a line csv-parse skips as empty. */
const BLANK: string[] = [];

/**
 * The fields of a line csv-parse reads on its own, or null for a line it must read: a simple line
 * has no line break but the record delimiter, and each field is either plain (no quote) or wholly
 * quoted with no quote inside, with at most spaces, tabs and form feeds around the quotes. BLANK for
 * a line of only those, which csv-parse (trim, skip_empty_lines) skips.
 */
export function splitSimpleLine(line: string, delimiter: string): string[] | null {
  if (!line.includes('"')) {
    if (/[\r\n]/.test(line)) return null;
    return /^[ \t\f]*$/.test(line) ? BLANK : splitPlainLine(line, delimiter);
  }
  return splitQuotedLine(line, delimiter);
}

/**
 * A plain line's fields, trimmed as csv-parse trims unquoted ones: leading spaces, tabs and form feeds
 * (its byte-wise trim), then trailing whitespace of any kind (String.prototype.trimEnd).
 */
function splitPlainLine(line: string, delimiter: string): string[] {
  const fields = line.split(delimiter);
  for (let i = 0; i < fields.length; i++) fields[i] = trimPlain(fields[i]);
  return fields;
}

function trimPlain(field: string): string {
  let start = 0;
  for (let c = field.charCodeAt(0); c === 32 || c === 9 || c === 12; c = field.charCodeAt(++start));
  return (start === 0 ? field : field.slice(start)).trimEnd();
}

/** One field and what ends it: a quoted field without quotes inside ($1), or a plain one ($2). */
const FIELD = {
  ",": /(?:[ \t\f]*"([^"]*)"[ \t\f]*|([^",\r\n]*))(,|$)/y,
  ";": /(?:[ \t\f]*"([^"]*)"[ \t\f]*|([^";\r\n]*))(;|$)/y,
} as const;

/**
 * The fields of a line with quotes, when csv-parse would read each quoted field's text as it stands
 * (no escaped quote, nothing after the closing quote but trimmable characters); null otherwise.
 */
function splitQuotedLine(line: string, delimiter: string): string[] | null {
  const field = FIELD[delimiter as keyof typeof FIELD];
  if (field === undefined || /[\r\n]/.test(line)) return null;
  const fields: string[] = [];
  field.lastIndex = 0;
  for (;;) {
    const match = field.exec(line);
    if (match === null) return null;
    fields.push(match[1] ?? trimPlain(match[2]));
    if (match[3] === "") return field.lastIndex === line.length ? fields : null;
  }
}

/** Ends a span so that csv-parse reports, as this last record's line, the line after the span. */
const SENTINEL = "end";

/**
 * csv-parse's records of whole lines that start a record, and how many lines it counted in them
 * (a quoted or stray line break counts as csv-parse counts it). "incomplete" when the span does not
 * end at the end of a record (a quote is still open) or csv-parse fails on it: more lines may tell,
 * and at the end of the file csv-parse's error on the whole file is the answer.
 * `last`: the span ends the file without a record delimiter (which csv-parse counts differently).
 */
function parseSpan(span: string[], rd: string, delimiter: string, last: boolean): { records: CsvRecord[]; lines: number } | "incomplete" {
  const text = last ? span.join(rd) : span.join(rd) + rd + SENTINEL;
  let out: InfoRecord[];
  try {
    // bom: false as a BOM counts only at the start of the file; the record delimiter is the file's.
    out = parseWithInfo(text, { ...parseOptions(delimiter), bom: false, from_line: 1, record_delimiter: rd });
  } catch {
    return "incomplete";
  }
  const records = out.map(({ record, info }) => ({ record, line: info.lines }));
  if (last) return { records, lines: 0 };
  // The sentinel is a record of its own only if the span's last line ended a record.
  const sentinel = records.pop();
  if (sentinel?.record.length !== 1 || sentinel.record[0] !== SENTINEL) return "incomplete";
  return { records, lines: sentinel.line - 1 };
}

interface InfoRecord {
  record: string[];
  info: { lines: number };
}

/** csv-parse's records with `info: true` (its typings do not tell that option's shape). */
function parseWithInfo(input: string | Buffer, options: ReturnType<typeof parseOptions> | Record<string, unknown>): InfoRecord[] {
  return parse(input, options) as unknown as InfoRecord[];
}

function* parseWholeFile(file: string, delimiter: string): Generator<CsvRecord> {
  const out = parseWithInfo(fs.readFileSync(file), parseOptions(delimiter));
  for (const { record, info } of out) yield { record, line: info.lines };
}

/** The error csv-parse raises on the whole file (e.g. a quote never closed), with its line numbers. */
function reproduceError(file: string, delimiter: string): Error {
  try {
    parse(fs.readFileSync(file), parseOptions(delimiter));
  } catch (error) {
    return error as Error;
  }
  return new Error(`csv-source: ${file}: unreadable CSV`);
}

const CHUNK_BYTES = 4 * 1024 * 1024;
