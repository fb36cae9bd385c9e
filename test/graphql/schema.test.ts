import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WEB_TYPES_FILE, webTypes } from "../../scripts/web-types";
import { printAppSchema } from "../../src/graphql/schema";
import { ROOT } from "../helpers/paths";

describe("schema.graphql", () => {
  it("is what the code generates (run `npm run schema` after changing the API)", () => {
    expect(fs.readFileSync(path.join(ROOT, "schema.graphql"), "utf8")).toBe(printAppSchema());
  });

  it("gives the pages their types of it (run `npm run schema` after changing the API)", () => {
    expect(fs.readFileSync(path.join(ROOT, WEB_TYPES_FILE), "utf8")).toBe(webTypes(printAppSchema()));
  });

  it("turns GraphQL types into the pages' TypeScript types: non-null, nullable, lists, enums and inputs", () => {
    const sdl = `enum Kind { A B }
      type Thing { id: ID! name: String tags: [String!]! maybe: [Int] kind: Kind! }
      input Ask { id: ID! k: Int = 3 }
      type Query { thing(ask: Ask!): Thing }`;
    expect(webTypes(sdl)).toBe(
      [
        "// Generated from schema.graphql by `npm run schema` (scripts/web-types.ts): do not edit.",
        "",
        "export interface Ask {",
        "  id: string;",
        "  k?: number | null;",
        "}",
        "",
        'export type Kind = "A" | "B";',
        "",
        "export interface Thing {",
        "  id: string;",
        "  name: string | null;",
        "  tags: string[];",
        "  maybe: (number | null)[] | null;",
        "  kind: Kind;",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("keeps the operations clients rely on", () => {
    const sdl = printAppSchema();
    /** The argument list of a query field that returns `returns`. */
    const args = (field: string, returns: string) =>
      new RegExp(`\\b${field}\\(([\\s\\S]*?)\\): ${returns.replace(/[[\]!]/g, "\\$&")}\n`).exec(sdl)?.[1] ?? "";
    expect(args("recommendations", "[Recommendation!]!")).toMatch(/customerId: ID\n/); // optional since anonymous visits
    expect(args("recommendations", "[Recommendation!]!")).toMatch(/k: Int = 10/);
    // Nullable where a missing thing is an answer: one bad id leaves the rest of a query's answers.
    expect(args("similarProducts", "[SimilarProduct!]")).toMatch(/productId: ID!/);
    expect(args("similarProducts", "[SimilarProduct!]")).toMatch(/k: Int = 10/);
    expect(sdl).toMatch(/segment\(customerId: ID!\): CustomerSegment\n/);
    expect(sdl).toMatch(/product\(id: ID!\): Product\n/);
    expect(sdl).toMatch(/recordInteraction\(input: InteractionInput!\): RecordedInteraction!/);
    expect(sdl).toMatch(/enum InteractionType {\s*ADD_TO_CART\s*PURCHASE\s*VIEW\s*}/);
  });
});
