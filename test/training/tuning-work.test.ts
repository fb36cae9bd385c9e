import { describe, expect, it } from "vitest";
import { csrFromTriples } from "../../src/model/csr";
import type { Clock } from "../../src/training/tuning-scheduler";
import { scoringWork, sweepWork, wallLimitSeconds, WorkClock } from "../../src/training/tuning-work";

/** A wall clock the test moves. */
function wallAt(start = 100) {
  let now = start;
  const clock: Clock = { now: () => now };
  return { clock, pass: (s: number) => (now += s) };
}

describe("tuning's work", () => {
  it("grows with the matrix's lines, its non-zeros and the factors", () => {
    const small = csrFromTriples(2, 3, [0, 1], [0, 2], [1, 1]);
    const wide = csrFromTriples(4, 6, [0, 1], [0, 2], [1, 1]);
    const dense = csrFromTriples(2, 3, [0, 0, 0, 1, 1, 1], [0, 1, 2, 0, 1, 2], [1, 1, 1, 1, 1, 1]);
    expect(sweepWork(wide, 32)).toBeGreaterThan(sweepWork(small, 32));
    expect(sweepWork(dense, 32)).toBeGreaterThan(sweepWork(small, 32));
    expect(sweepWork(small, 64)).toBeGreaterThan(sweepWork(small, 32));
    expect(scoringWork(200, 100, 32)).toBeCloseTo(2 * scoringWork(100, 100, 32), 15);
    expect(scoringWork(100, 200, 32)).toBeCloseTo(2 * scoringWork(100, 100, 32), 15);
    expect(scoringWork(100, 100, 64)).toBeGreaterThan(scoringWork(100, 100, 32));
  });

  it("costs about what the reference machine measured for a shop the size of Online Retail", () => {
    // 4,339 × 3,665 with 213,376 non-zeros, 4,247 customers scored: measured 0.037 / 0.089 s a sweep and 0.6 / 2.05 s a scoring at k = 32 / 128.
    const train = {
      rows: 4339,
      cols: 3665,
      indptr: new Int32Array(4340),
      indices: new Int32Array(213_376),
      data: new Float64Array(213_376),
    };
    expect(sweepWork(train, 32)).toBeCloseTo(0.037, 2);
    expect(sweepWork(train, 128)).toBeCloseTo(0.089, 2);
    expect(scoringWork(4247, 3665, 32)).toBeCloseTo(0.61, 1);
    expect(scoringWork(4247, 3665, 128)).toBeCloseTo(2.05, 1);
  });

  it("reads the work charged while the wall clock is within its limit, however long that took", () => {
    const wall = wallAt();
    const clock = new WorkClock(wall.clock, 30);
    expect(clock.now()).toBe(0);
    wall.pass(89);
    clock.charge(2.5);
    expect(clock.now()).toBe(2.5);
    clock.charge(1);
    expect(clock.now()).toBe(3.5);
  });

  it("reads the budget spent once the wall clock reaches its outer limit", () => {
    expect(wallLimitSeconds(30)).toBe(90);
    expect(wallLimitSeconds(5)).toBe(65);
    const wall = wallAt();
    const clock = new WorkClock(wall.clock, 30);
    clock.charge(1);
    wall.pass(90);
    expect(clock.now()).toBe(30);
    clock.charge(40);
    expect(clock.now()).toBe(41);
  });

  it("reads only the work without a budget", () => {
    const wall = wallAt();
    const clock = new WorkClock(wall.clock, null);
    wall.pass(1e6);
    clock.charge(0.25);
    expect(clock.now()).toBe(0.25);
  });
});
