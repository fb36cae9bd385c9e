/**
 * The layers of ARCHITECTURE.md are enforced by ESLint (eslint.config.mjs, an allow-list per folder and
 * root file of src/), which `npm run lint` runs on every file. These tests make sure the rules bite:
 * every pair of parts the list refuses is probed, and every pair it allows.
 */
import fs from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/paths";

const eslint = new ESLint({ cwd: ROOT });
// The cycle rule needs real files on disk; probes are linted as text, so they leave it out.
const probing = new ESLint({ cwd: ROOT, overrideConfig: { rules: { "import/no-cycle": "off" } } });

/** The rules a probe file at `file` (relative to the project) breaks. */
async function brokenRules(file: string, code: string): Promise<string[]> {
  const [result] = await probing.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

/** A real module of each part, for a probe to import. */
const MODULE_OF: Record<string, string> = {
  "domain/": "domain/errors",
  "model/": "model/als",
  "importers/": "importers",
  "store/": "store",
  "rfm/": "rfm/customer-rfm",
  "runtime/": "runtime/module-thread",
  "serving/": "serving",
  "training/": "training/training.service",
  "report/": "report/report.service",
  "graphql/": "graphql/schema",
  "http/": "http/keys",
  "config-values.ts": "config-values",
  "config.ts": "config",
  "app.ts": "app",
  "workers.ts": "workers",
  "main.ts": "main",
};

/** A probe file in `part` that imports one value of `target`'s module. */
function probe(part: string, target: string): [file: string, code: string] {
  const file = part.endsWith("/") ? `src/${part}probe.ts` : `src/${part}`;
  const from = part.endsWith("/") ? `../${MODULE_OF[target]}` : `./${MODULE_OF[target]}`;
  return [file, `import * as m from "${from}";\nexport const x = m;\n`];
}

describe("the source layout", async () => {
  /** What each part of src/ may import from the rest of src/, as eslint.config.mjs declares it. */
  const { ALLOWED } = (await import(path.join(ROOT, "eslint.config.mjs"))) as { ALLOWED: Record<string, string[]> };
  const PARTS = Object.keys(ALLOWED);
  const pairs = PARTS.flatMap((part) => PARTS.filter((t) => t !== part).map((target) => [part, target] as const));
  const refused = pairs.filter(([part, target]) => !ALLOWED[part].includes(target));
  const allowed = pairs.filter(([part, target]) => ALLOWED[part].includes(target) && !(part === "store/" && target === "model/"));

  it("gives every folder and file directly in src/ a line of the allow-list, and lists nothing that is not there", () => {
    const entries = fs
      .readdirSync(path.join(ROOT, "src"), { withFileTypes: true })
      .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
      .filter((name) => name.endsWith("/") || name.endsWith(".ts"));
    expect([...entries].sort()).toEqual([...PARTS].sort());
    expect(Object.keys(MODULE_OF).sort()).toEqual([...PARTS].sort());
  });

  it.each(refused)("refuses src/%s importing src/%s", async (part, target) => {
    expect(await brokenRules(...probe(part, target))).toContain("import/no-restricted-paths");
  });

  it.each(allowed)("lets src/%s import src/%s", async (part, target) => {
    expect(await brokenRules(...probe(part, target))).toEqual([]);
  });

  it("keeps serving, training and the report apart", () => {
    for (const [part, others] of [
      ["serving/", ["training/", "report/"]],
      ["training/", ["serving/", "report/"]],
      ["report/", ["serving/", "training/"]],
    ] as const) {
      for (const other of others) expect(ALLOWED[part]).not.toContain(other);
    }
    expect(ALLOWED["config.ts"]).toEqual(["domain/", "config-values.ts"]);
  });

  it("refuses a file of src/ longer than 300 lines, but not the frozen migrations", async () => {
    const long = Array.from({ length: 301 }, (_, i) => `export const x${i} = ${i};`).join("\n") + "\n";
    expect(await brokenRules("src/serving/probe.ts", long)).toContain("max-lines");
    expect(await brokenRules("src/store/migrations.ts", long)).toEqual([]);
    expect(await brokenRules("src/serving/probe.ts", long.split("\n").slice(0, 300).join("\n") + "\n")).toEqual([]);
  });

  it("lets the store name the model's types but not run its code", async () => {
    expect(
      await brokenRules("src/store/probe.ts", `import type { AlsOptions } from "../model/als";\nexport type A = AlsOptions;\n`),
    ).toEqual([]);
    expect(await brokenRules("src/store/probe.ts", `import { trainAls } from "../model/als";\nexport const t = trainAls;\n`)).toContain(
      "@typescript-eslint/no-restricted-imports",
    );
  });

  it("keeps the model math free of SQL, GraphQL and the file system", async () => {
    for (const name of ["better-sqlite3", "graphql", "node:fs"]) {
      expect(await brokenRules("src/model/probe.ts", `import * as m from "${name}";\nexport const x = m;\n`)).toContain(
        "no-restricted-imports",
      );
    }
  });

  it("keeps the pages' browser code out of src/ and lets it use its own modules", async () => {
    expect(
      await brokenRules("web/src/probe.ts", `import { readConfig } from "../../src/config";\nexport const r = readConfig;\n`),
    ).toContain("import/no-restricted-paths");
    expect(await brokenRules("web/src/probe.ts", `import { h } from "./shared/dom";\nexport const x = h;\n`)).toEqual([]);
  });

  it("refuses an import cycle", async () => {
    const dir = fs.mkdtempSync(path.join(ROOT, "src", "model", "cycle-probe-"));
    try {
      fs.writeFileSync(path.join(dir, "a.ts"), `import { b } from "./b";\nexport const a = () => b;\n`);
      fs.writeFileSync(path.join(dir, "b.ts"), `import { a } from "./a";\nexport const b = () => a;\n`);
      const [result] = await eslint.lintFiles([path.join(dir, "a.ts")]);
      expect(result.messages.map((m) => m.ruleId)).toContain("import/no-cycle");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("has no import cycles and no layer violations in src/", async () => {
    const results = await eslint.lintFiles([path.join(ROOT, "src")]);
    const layering = results.flatMap((r) =>
      r.messages
        .filter(
          (m) => m.ruleId === "import/no-cycle" || m.ruleId?.endsWith("no-restricted-paths") || m.ruleId?.endsWith("no-restricted-imports"),
        )
        .map((m) => `${path.relative(ROOT, r.filePath)}: ${m.message}`),
    );
    expect(results.length).toBeGreaterThan(50);
    expect(layering).toEqual([]);
  });
});
