import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { printAppSchema } from "../../src/graphql/schema";
import { ROOT } from "../helpers/paths";

describe("schema.graphql", () => {
  it("is what the code generates (run `npm run schema` after changing the API)", () => {
    expect(fs.readFileSync(path.join(ROOT, "schema.graphql"), "utf8")).toBe(printAppSchema());
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
