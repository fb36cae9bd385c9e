/** The analyst workbook of a model file, built in a worker thread (report/workbook.service.ts). */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { Workbook } from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { buildReport } from "../../src/report/report.service";
import { workbookOf } from "../../src/report/workbook.service";
import { Store } from "../../src/store";
import { ROOT, tempDir } from "../helpers/paths";
import { trainedModelFile } from "../helpers/trained-store";

let dbPath: string;
beforeAll(async () => {
  dbPath = (await trainedModelFile()).dbPath;
});

describe("the workbook of a model file", () => {
  it("holds the report's tables, one sheet each with a header row and every row of the table", async () => {
    const store = Store.open(dbPath, { readonly: true });
    const tables = buildReport(store);
    store.close();
    const workbook = new Workbook();
    const bytes = await workbookOf(dbPath);
    // exceljs declares its own Buffer type, an ArrayBuffer.
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(tables.map((t) => t.name));
    for (const table of tables) {
      const sheet = workbook.getWorksheet(table.name)!;
      expect(sheet.rowCount).toBe(table.rows.length + 1);
      expect(sheet.getRow(1).values).toEqual([undefined, ...table.columns.map((c) => c.header)]);
    }
  });

  it("is built without loading exceljs into the thread that asked for it", () => {
    // A process of its own, whose require cache tells exactly what its main thread loaded.
    const script = `
      require(${JSON.stringify(path.join(ROOT, "src/report/workbook.service.ts"))})
        .workbookOf(${JSON.stringify(dbPath)})
        .then((bytes) => console.log(JSON.stringify({
          zip: bytes.subarray(0, 2).toString(),
          exceljs: Object.keys(require.cache).some((file) => file.includes("node_modules/exceljs/")),
        })));
    `;
    const out = execFileSync(process.execPath, ["-r", "tsx/cjs", "-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(JSON.parse(out.trim().split("\n").at(-1)!)).toEqual({ zip: "PK", exceljs: false });
  });

  it("is built once for requests that come while it is being built, and anew after", async () => {
    const first = workbookOf(dbPath);
    expect(workbookOf(dbPath)).toBe(first);
    await first;
    const later = workbookOf(dbPath);
    expect(later).not.toBe(first);
    await later;
  });

  it("fails with the thread's error, naming the file, when the file cannot be read", async () => {
    const missing = path.join(tempDir(), "missing.db");
    await expect(workbookOf(missing)).rejects.toThrow(`the workbook of ${missing}: unable to open database file`);
  });
});
