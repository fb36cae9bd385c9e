import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { openCsv, parseOptions, readRecords } from "../../src/importers/csv-source";
import { createRandom } from "../../src/model/random";
import { tempDir } from "../helpers/paths";

/** What the reader must yield: csv-parse's records and lines over the whole file, with the reader's options. */
function csvParse(file: string, delimiter: string): { record: string[]; line: number }[] {
  const out = parse(fs.readFileSync(file), parseOptions(delimiter)) as unknown as { record: string[]; info: { lines: number } }[];
  return out.map(({ record, info }) => ({ record, line: info.lines }));
}

/** Both outcomes of reading a file: its records, or the error's message. */
function outcome(read: () => { record: string[]; line: number }[]): unknown {
  try {
    return read();
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function write(text: string | Buffer): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, "f.csv"), text);
  return path.join(dir, "f.csv");
}

/** Pieces that exercise csv-parse's corners: quotes, escaped quotes, line breaks of every kind, spaces to trim. */
const PIECES = [
  "a",
  "bc",
  "1.5",
  ",",
  ",",
  ",",
  ";",
  '"',
  '"',
  '""',
  '"a,b"',
  " ",
  "\t",
  "\f",
  "\u00a0",
  "é",
  "€",
  "\n",
  "\n",
  "\r\n",
  "\r",
  "\uFEFF",
];

function randomText(random: () => number, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += PIECES[Math.floor(random() * PIECES.length)];
  return text;
}

describe("the CSV reader", () => {
  it("yields what csv-parse yields, line numbers included, on random text full of quotes and line breaks", () => {
    const random = createRandom(7);
    for (let trial = 0; trial < 400; trial++) {
      const header = ["x,y,z", '"x","y",z', "x;y;z"][trial % 3];
      const delimiter = header.includes(";") ? ";" : ",";
      const ending = ["\n", "\r\n", "\r"][Math.floor(trial / 3) % 3];
      const bom = trial % 7 === 0 ? "\uFEFF" : "";
      const file = write(bom + header + ending + randomText(random, 5 + Math.floor(random() * 60)));
      const expected = outcome(() => csvParse(file, delimiter));
      for (const chunk of [1, 3, 64 * 1024]) {
        expect(
          outcome(() => [...readRecords(file, delimiter, chunk)]),
          `trial ${trial}, chunk ${chunk}`,
        ).toEqual(expected);
      }
    }
  });

  it("yields what csv-parse yields on random lines of plain and quoted fields, spaces around them", () => {
    const random = createRandom(13);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const text = () =>
      Array.from({ length: Math.floor(random() * 4) }, () => pick(["a", "b c", ",", ";", "\t", "\f", "é", " ", "\u00a0"])).join("");
    const pad = () => pick(["", "", " ", "\t", "\f", "  ", "\u00a0"]);
    // Plain, quoted, and now and then a field csv-parse must read itself (an escaped or a stray quote).
    const field = () => {
      const r = random();
      return r < 0.45 ? text() : r < 0.9 ? `${pad()}"${text()}"${pad()}` : pick(['""', 'a"b', '"a""b"', ' "a"""']);
    };
    for (let trial = 0; trial < 200; trial++) {
      const delimiter = trial % 2 ? "," : ";";
      const lines = [`x${delimiter}y`];
      for (let i = 0; i < 20; i++) lines.push(Array.from({ length: 1 + Math.floor(random() * 4) }, field).join(delimiter));
      const file = write(lines.join(pick(["\n", "\r\n"])));
      expect(
        outcome(() => [...readRecords(file, delimiter)]),
        `trial ${trial}`,
      ).toEqual(outcome(() => csvParse(file, delimiter)));
    }
  });

  it("reads mostly plain lines with quoted fields here and there as csv-parse does", () => {
    const random = createRandom(11);
    const lines = ["x,y,z"];
    for (let i = 0; i < 2000; i++) {
      const r = random();
      if (r < 0.05) lines.push(`${i}," a, ""b"" ",c`);
      else if (r < 0.1) lines.push(`${i}, "a, b" ,"",\f"c;" `);
      else if (r < 0.15) lines.push(`${i},"multi\nline",c`);
      else if (r < 0.2) lines.push("");
      else if (r < 0.25) lines.push(`  ${i} , b\t, c\u00a0 `);
      else lines.push(`${i},b${i},c`);
    }
    const file = write(lines.join("\r\n"));
    expect([...readRecords(file, ",", 1000)]).toEqual(csvParse(file, ","));
  });

  it("reports a quote that is never closed as csv-parse does", () => {
    const file = write('x,y\n1,2\n3,"open\n4,5\n');
    expect(outcome(() => [...readRecords(file, ",")])).toEqual(outcome(() => csvParse(file, ",")));
    expect(outcome(() => [...readRecords(file, ",")])).toMatchObject({ error: expect.stringContaining("Quote Not Closed") });
  });

  it("skips rows whose every field is empty, and gives each row's line", () => {
    const file = write("a,b\n1,2\n,\n\n 3 ,4\n");
    const rows = [...openCsv(file, ["a", "b"], "test").rows()];
    expect(rows.map((r) => [r.line, r.get("a"), r.get("b"), r.get("c")])).toEqual([
      [2, "1", "2", ""],
      [5, "3", "4", ""],
    ]);
  });
});
