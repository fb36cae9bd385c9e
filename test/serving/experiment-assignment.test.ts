import { describe, expect, it } from "vitest";
import type { Experiment } from "../../src/domain/merchandising";
import { armOf, experimentOf, unitHash } from "../../src/serving/experiment-assignment";

const experiment = (id: string, shares: number[], placements: string[] | null = null): Experiment => ({
  id,
  name: id,
  description: null,
  placements,
  arms: shares.map((share, i) => ({ name: `arm${i}`, share, ranker: "model", ruleSets: [] })),
  control: "arm0",
  startedAt: 0,
  stoppedAt: null,
});

describe("assignment to an experiment's arms", () => {
  it("splits 10,000 customers within 1% of the shares asked, the rest outside the experiment", () => {
    const e = experiment("3f2c", [0.5, 0.3, 0.1]);
    const counts = new Map<string | null, number>();
    for (let c = 0; c < 10_000; c++) {
      const arm = armOf(e, `c:customer-${c}`)?.name ?? null;
      counts.set(arm, (counts.get(arm) ?? 0) + 1);
    }
    expect(Math.abs(counts.get("arm0")! / 10_000 - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(counts.get("arm1")! / 10_000 - 0.3)).toBeLessThan(0.01);
    expect(Math.abs(counts.get("arm2")! / 10_000 - 0.1)).toBeLessThan(0.01);
    expect(Math.abs(counts.get(null)! / 10_000 - 0.1)).toBeLessThan(0.01);
  });

  it("keeps a visitor in one arm on every call, and splits two experiments independently", () => {
    const a = experiment("a", [0.5, 0.5]);
    const b = experiment("b", [0.5, 0.5]);
    let same = 0;
    for (let c = 0; c < 2000; c++) {
      const visitor = `s:${c}`;
      expect(armOf(a, visitor)).toBe(armOf(a, visitor));
      if (armOf(a, visitor)!.name === armOf(b, visitor)!.name) same++;
    }
    // Independent halves agree about half the time.
    expect(Math.abs(same / 2000 - 0.5)).toBeLessThan(0.05);
  });

  it("spreads its hash evenly over [0, 1)", () => {
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[Math.floor(unitHash(`x${i}`) * 10)]++;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(400);
  });

  it("finds the experiment of a placement: one naming it, or one on every placement", () => {
    const home = experiment("h", [1], ["home"]);
    const all = experiment("all", [1]);
    expect(experimentOf([home], "home")).toBe(home);
    expect(experimentOf([home], "cart")).toBeUndefined();
    expect(experimentOf([all], "cart")).toBe(all);
  });
});
