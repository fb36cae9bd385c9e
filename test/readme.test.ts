/**
 * The examples of README.md and docs/examples.md are real answers of the bundled sample. Each document's
 * queries run in the document's order (its mutations change what follows, as for a reader trying them),
 * over HTTP, against a server on a fresh model trained on data/ as `npm start` trains it, and each
 * ```graphql block followed by a ```json block must be answered with that json. The links between the
 * README and docs/ must lead somewhere, anchors included.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig, SAMPLE_DIR } from "../src/config";
import { importAndTrain } from "../src/training/pipeline.service";
import { startTestServer } from "./helpers/http-server";
import { ROOT, tempDir } from "./helpers/paths";

/** The documents whose examples are answers of the sample, and the part of each that holds them. */
const DOCUMENTS = [
  { file: "README.md", section: "## Examples" },
  { file: "docs/examples.md", section: null },
];

/** Blocks that cannot run as written, each with the reason; a name here must match a block. */
const NOT_RUN = new Map([
  [
    `recommendationId: "…"`,
    "three operations in one block (a sketch of the attribution round trip), the second with a placeholder for the id the first answers",
  ],
]);

/** A json answer may end an array with `, ...]`: the items shown come first, and more follow. */
const MORE = "(more items follow)";

interface Example {
  line: number;
  query: string;
  /** The answer shown, parsed; undefined when the query is shown without one. */
  answer?: unknown;
}

/** The ```graphql blocks of `markdown` (from `section` to the next heading of its level), each with the ```json block right after it, if any. */
function examplesOf(markdown: string, section: string | null): Example[] {
  const start = section === null ? 0 : markdown.indexOf(`\n${section}\n`);
  if (start < 0) throw new Error(`no section ${section}`);
  const level = section?.split(" ")[0];
  const after = level ? markdown.indexOf(`\n${level} `, start + 1) : -1;
  const end = after < 0 ? markdown.length : after;
  const examples: Example[] = [];
  for (const m of markdown.slice(start, end).matchAll(/^```graphql\n([\s\S]*?)\n```\n(?:\s*```json\n([\s\S]*?)\n```\n)?/gm)) {
    const line = markdown.slice(0, start + m.index).split("\n").length;
    examples.push({
      line,
      query: m[1],
      answer: m[2] === undefined ? undefined : JSON.parse(m[2].replace(/,\s*\.\.\.\s*\]/g, `, "${MORE}"]`)),
    });
  }
  return examples;
}

/** What the server's answer must equal: `shown` with every fraction compared to 6 digits (integers and strings exactly). */
function expected(shown: unknown): unknown {
  if (typeof shown === "number") return Number.isInteger(shown) ? shown : expect.closeTo(shown, 6);
  if (Array.isArray(shown)) return shown.map(expected);
  if (shown !== null && typeof shown === "object") return Object.fromEntries(Object.entries(shown).map(([k, v]) => [k, expected(v)]));
  return shown;
}

/** `actual` with each array that `shown` ends in MORE cut to the items shown, and MORE in place of the rest (kept whole when there is no rest). */
function asShown(actual: unknown, shown: unknown): unknown {
  if (Array.isArray(shown) && Array.isArray(actual)) {
    const more = shown.at(-1) === MORE;
    const items = more ? shown.length - 1 : shown.length;
    const cut = more && actual.length > items ? [...actual.slice(0, items), MORE] : actual;
    return cut.map((item, i) => asShown(item, shown[i]));
  }
  if (shown !== null && typeof shown === "object" && actual !== null && typeof actual === "object")
    return Object.fromEntries(Object.entries(actual).map(([k, v]) => [k, asShown(v, (shown as Record<string, unknown>)[k])]));
  return actual;
}

/** A model trained on the bundled sample as `npm start` trains it (no tuning), in a folder of its own. */
async function sampleModel(): Promise<string> {
  const dbPath = path.join(tempDir(), "model.db");
  await importAndTrain(dbPath, "trio", SAMPLE_DIR, { tune: false, bounds: { earliestDate: readConfig({}).earliestDate } });
  return dbPath;
}

const allExamples = DOCUMENTS.map(({ file }) => fs.readFileSync(path.join(ROOT, file), "utf8"));

describe.each(DOCUMENTS.map((doc, i) => ({ ...doc, markdown: allExamples[i] })))("the examples of $file", ({ file, section, markdown }) => {
  const examples = examplesOf(markdown, section);
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer(await sampleModel());
  });
  afterAll(() => server.close());

  it("are found: every graphql block of the part, most with their answer", () => {
    const part = section === null ? markdown : markdown.split(`\n${section}\n`)[1].split("\n## ")[0];
    expect(examples).toHaveLength(part.split("```graphql\n").length - 1);
    expect(examples.filter((e) => e.answer !== undefined).length).toBeGreaterThanOrEqual(5);
  });

  for (const example of examples) {
    const name = `${file}:${example.line} ${example.query.replace(/\s+/g, " ").slice(0, 90)}`;
    const skip = [...NOT_RUN].find(([key]) => example.query.includes(key));
    if (skip) {
      it.skip(`${name} (not run: ${skip[1]})`, () => {});
    } else if (example.answer === undefined) {
      it(`${name} runs without an error`, async () => {
        const { json } = await server.post({ query: example.query });
        expect(json?.errors).toBeUndefined();
        expect(json?.data).toBeTruthy();
      });
    } else {
      it(`${name} answers as shown`, async () => {
        const { json } = await server.post({ query: example.query });
        expect(asShown(json, example.answer)).toEqual(expected(example.answer));
      });
    }
  }
});

describe("the list of blocks not run", () => {
  it("names only blocks there are", () => {
    const queries = DOCUMENTS.flatMap(({ section }, i) => examplesOf(allExamples[i], section)).map((e) => e.query);
    for (const key of NOT_RUN.keys()) expect(queries.filter((q) => q.includes(key))).toHaveLength(1);
  });
});

describe("the answer shown", () => {
  it("must match to 6 digits, and an array ending in ... must go on past the items shown", () => {
    const [example] = examplesOf('\n## Examples\n\n```graphql\n{ q }\n```\n```json\n{"a":[{"x":0.5},1, ...]}\n```\n', "## Examples");
    const check = (actual: unknown) => expect(asShown(actual, example.answer)).toEqual(expected(example.answer));
    check({ a: [{ x: 0.5000001 }, 1, 2] });
    expect(() => check({ a: [{ x: 0.50001 }, 1, 2] })).toThrow();
    expect(() => check({ a: [{ x: 0.5 }, 1] })).toThrow();
    expect(() => check({ a: [{ x: 0.5 }, 2, 3] })).toThrow();
  });
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens (a repeated one gets -1, -2…). */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, "");
  for (const [, heading] of prose.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

describe("the links of the README and docs/", () => {
  const files = [
    "README.md",
    "CONTRIBUTING.md",
    ...fs
      .readdirSync(path.join(ROOT, "docs"))
      .filter((f) => f.endsWith(".md"))
      .map((f) => `docs/${f}`),
  ];

  it.each(files)("%s links only to files and headings there are", (file) => {
    const markdown = fs.readFileSync(path.join(ROOT, file), "utf8").replace(/^```[\s\S]*?^```/gm, "");
    const links = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((target) => !/^[a-z]+:/.test(target));
    const broken = links.filter((target) => {
      const [linked, anchor] = target.split("#");
      const into = linked === "" ? path.join(ROOT, file) : path.resolve(path.dirname(path.join(ROOT, file)), linked);
      if (!fs.existsSync(into)) return true;
      return anchor !== undefined && !anchorsOf(fs.readFileSync(into, "utf8")).has(anchor);
    });
    expect(broken).toEqual([]);
  });

  it("finds GitHub's anchors", () => {
    expect(anchorsOf("# Pages: a storefront demo\n```\n# not a heading\n```\n## `trio`: a folder\n## Tuning\n## Tuning\n")).toEqual(
      new Set(["pages-a-storefront-demo", "trio-a-folder", "tuning", "tuning-1"]),
    );
  });
});
