import { describe, expect, it } from "vitest";
import { giveMask, takeMask } from "../../src/serving/mask-pool";
import type { LiveModel } from "../../src/serving/live-model";

const modelWith = (blocked: number[]) => ({ blocked: Uint8Array.from(blocked) }) as unknown as LiveModel;

describe("masks reused from list to list", () => {
  it("start as the model's blocked products, whatever the list before wrote into them", () => {
    const model = modelWith([0, 1, 0, 0, 1]);
    const first = takeMask(model);
    expect(Array.from(first)).toEqual([0, 1, 0, 0, 1]);
    first.fill(1);
    giveMask(model, first);
    const second = takeMask(model);
    expect(second).toBe(first);
    expect(Array.from(second)).toEqual([0, 1, 0, 0, 1]);
  });

  it("are never handed to two lists at once, nor shared between models", () => {
    const model = modelWith([0, 0, 0]);
    const other = modelWith([1, 1, 1]);
    const a = takeMask(model);
    const b = takeMask(model);
    expect(b).not.toBe(a);
    giveMask(model, a);
    giveMask(model, a);
    expect(takeMask(model)).toBe(a);
    expect(takeMask(model)).not.toBe(a);
    giveMask(model, b);
    expect(Array.from(takeMask(other))).toEqual([1, 1, 1]);
    // A mask of another length (a model with another catalogue) is not kept.
    giveMask(model, new Uint8Array(5));
    expect(takeMask(model)).toBe(b);
    expect(takeMask(model)).toHaveLength(3);
  });
});
