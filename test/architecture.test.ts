import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/paths";

/** Which src/ folders each src/ folder may import from: graphql → services → {model, store}. */
const ALLOWED: Record<string, string[]> = {
  domain: [],
  model: [],
  data: ["domain", "model"],
  store: ["domain"],
  services: ["domain", "model", "store", "data"],
  graphql: ["domain", "services"],
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith(".ts") ? [full] : [];
  });
}

describe("the source layout", () => {
  const src = path.join(ROOT, "src");
  for (const [layer, allowed] of Object.entries(ALLOWED)) {
    it(`${layer}/ imports only from ${allowed.length ? allowed.join(", ") : "no other layer"}`, () => {
      const offending: string[] = [];
      for (const file of sourceFiles(path.join(src, layer))) {
        const text = fs.readFileSync(file, "utf8");
        for (const [, spec] of text.matchAll(/from\s+"(\.{1,2}\/[^"]+)"/g)) {
          const target = path.relative(src, path.resolve(path.dirname(file), spec)).split(path.sep)[0];
          if (target !== layer && !allowed.includes(target)) offending.push(`${path.relative(ROOT, file)} → ${spec}`);
        }
      }
      expect(offending).toEqual([]);
    });
  }

  it("the model math uses neither SQL nor GraphQL nor the file system", () => {
    for (const file of sourceFiles(path.join(src, "model"))) {
      expect(fs.readFileSync(file, "utf8")).not.toMatch(/from\s+"(better-sqlite3|graphql|type-graphql|node:fs|fs)"/);
    }
  });
});
