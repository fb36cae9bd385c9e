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
    expect(sdl).toMatch(/recommendations\(\s*customerId: ID!\s*"""[^"]*"""\s*k: Int = 10\s*\): \[Recommendation!\]!/);
    expect(sdl).toMatch(/similarProducts\(\s*"""[^"]*"""\s*k: Int = 10\s*productId: ID!\s*\): \[SimilarProduct!\]!/);
    expect(sdl).toMatch(/segment\(customerId: ID!\): CustomerSegment!/);
    expect(sdl).toMatch(/recordInteraction\(input: InteractionInput!\): RecordedInteraction!/);
    expect(sdl).toMatch(/enum InteractionType {\s*ADD_TO_CART\s*PURCHASE\s*VIEW\s*}/);
  });
});
