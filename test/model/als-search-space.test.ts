import { describe, expect, it } from "vitest";
import {
  type AlsSearchPoint,
  alsPointOf,
  DEFAULT_ALS_SEARCH_SPACE as SPACE,
  logUniform,
  meanRowMass,
  perturbAlsPoint,
  randomAlsPoint,
} from "../../src/model/als-search-space";
import { csrFromTriples } from "../../src/model/csr";
import { createRandom } from "../../src/model/random";

// Two customers, three products: the first bought products 0 and 2 with weights 1 and 3, the second nothing.
const TRAIN = csrFromTriples(2, 3, [0, 0], [0, 2], [1, 3]);

describe("the ALS search space", () => {
  it("measures the mean row confidence mass, unobserved columns counting 1", () => {
    // Row 0: 3 columns + (2·1) + (2·3) = 11; row 1: 3. Mean 7.
    expect(meanRowMass(TRAIN, { scaling: "linear", alpha: 2, epsilon: 1 })).toBe(7);
    // log: 3 + (2·ln 2 + 2·ln 4) / 2.
    expect(meanRowMass(TRAIN, { scaling: "log", alpha: 2, epsilon: 1 })).toBeCloseTo(3 + Math.log(2) + Math.log(4), 12);
  });

  it("draws log-uniformly between the bounds", () => {
    expect(logUniform(() => 0, 1, 100)).toBeCloseTo(1, 12);
    expect(logUniform(() => 0.5, 1, 100)).toBeCloseTo(10, 12);
    expect(logUniform(() => 0.999999, 1, 100)).toBeLessThan(100);
  });

  it("draws points within the space's ranges and choices", () => {
    const random = createRandom(11);
    for (let i = 0; i < 500; i++) {
      const p = randomAlsPoint(random, SPACE, () => TRAIN);
      expect(SPACE.factorChoices).toContain(p.factors);
      expect(SPACE.halfLifeChoices).toContain(p.recencyHalfLifeDays);
      expect(SPACE.scalings).toContain(p.scaling);
      expect(SPACE.regularizationExponents).toContain(p.regularizationExponent);
      expect(p.alpha).toBeGreaterThanOrEqual(SPACE.alpha[0]);
      expect(p.alpha).toBeLessThanOrEqual(SPACE.alpha[1]);
      expect(p.epsilon).toBe(1);
      // λ = α·r / mass^ν with r in the ridge-ratio range.
      const ratio = (p.regularization * meanRowMass(TRAIN, p) ** p.regularizationExponent) / p.alpha;
      expect(ratio).toBeGreaterThanOrEqual(SPACE.ridgeRatio[0] * (1 - 1e-12));
      expect(ratio).toBeLessThanOrEqual(SPACE.ridgeRatio[1] * (1 + 1e-12));
    }
  });

  it("computes the ridge on the weights of the point's own half-life", () => {
    const heavier = csrFromTriples(2, 3, [0, 0], [0, 2], [10, 30]);
    const seen: number[] = [];
    const p = randomAlsPoint(createRandom(5), { ...SPACE, regularizationExponents: [1] }, (q) => {
      seen.push(q.recencyHalfLifeDays);
      return heavier;
    });
    const q = randomAlsPoint(createRandom(5), { ...SPACE, regularizationExponents: [1] }, () => TRAIN);
    expect(seen).toEqual([p.recencyHalfLifeDays]);
    expect(p.regularization).toBeLessThan(q.regularization);
  });

  it("gives the same points for the same seed", () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 20 }, () => randomAlsPoint(random, SPACE, () => TRAIN));
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
  });

  it("perturbs at most one setting: α or λ halved or doubled, or another half-life or factor count", () => {
    const random = createRandom(9);
    const start: AlsSearchPoint = {
      factors: 64,
      scaling: "linear",
      alpha: 8,
      epsilon: 1,
      regularization: 2,
      regularizationExponent: 0,
      recencyHalfLifeDays: 60,
    };
    const changed = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const next = perturbAlsPoint(random, SPACE, start);
      const fields = (Object.keys(start) as (keyof AlsSearchPoint)[]).filter((k) => next[k] !== start[k]);
      expect(fields.length).toBeLessThanOrEqual(1);
      for (const f of fields) changed.add(f);
      if (fields[0] === "alpha") expect([4, 16]).toContain(next.alpha);
      if (fields[0] === "regularization") expect([1, 4]).toContain(next.regularization);
      if (fields[0] === "factors") expect(SPACE.factorChoices).toContain(next.factors);
      if (fields[0] === "recencyHalfLifeDays") expect(SPACE.halfLifeChoices).toContain(next.recencyHalfLifeDays);
    }
    expect([...changed].sort()).toEqual(["alpha", "factors", "recencyHalfLifeDays", "regularization"]);
    expect(start.alpha).toBe(8);
  });

  it("reads the point of a full set of settings and nothing else", () => {
    const point: AlsSearchPoint = {
      factors: 32,
      scaling: "log",
      alpha: 3,
      epsilon: 2,
      regularization: 0.5,
      regularizationExponent: 1,
      recencyHalfLifeDays: 0,
      countWeighting: "bm25",
    };
    expect(alsPointOf({ ...point, iterations: 15, seed: 1 } as AlsSearchPoint)).toEqual(point);
    // Settings from before count weighting was searched read as raw counts.
    const { countWeighting: _cw, ...older } = point;
    expect(alsPointOf(older).countWeighting).toBe("raw");
  });
});
