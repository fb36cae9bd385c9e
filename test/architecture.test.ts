/**
 * The layers of ARCHITECTURE.md are enforced by ESLint (eslint.config.mjs), which `npm run lint` runs on
 * every file. These tests make sure the rules bite: each probe is a file that breaks one of them.
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

describe("the source layout", () => {
  it.each([
    ["model", "store", `import { Store } from "../store";\nexport const s = Store;\n`],
    ["model", "services", `import { createServices } from "../services";\nexport const s = createServices;\n`],
    ["domain", "model", `import { trainAls } from "../model/als";\nexport const t = trainAls;\n`],
    ["store", "services", `import { createServices } from "../services";\nexport const s = createServices;\n`],
    ["data", "store", `import { Store } from "../store";\nexport const s = Store;\n`],
    ["services", "graphql", `import { buildAppSchema } from "../graphql/schema";\nexport const b = buildAppSchema;\n`],
    ["graphql", "store", `import { Store } from "../store";\nexport const s = Store;\n`],
    ["graphql", "model", `import { trainAls } from "../model/als";\nexport const t = trainAls;\n`],
  ])("src/%s may not import src/%s", async (layer, _forbidden, code) => {
    expect(await brokenRules(`src/${layer}/probe.ts`, code)).toContain("import/no-restricted-paths");
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

  it("lets services use the model and the store", async () => {
    const code = `import { trainAls } from "../model/als";\nimport { Store } from "../store";\nexport const x = [trainAls, Store];\n`;
    expect(await brokenRules("src/services/probe.ts", code)).toEqual([]);
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
