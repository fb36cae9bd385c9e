/**
 * Which arm of an experiment a visitor is in: a hash of the experiment and the visitor's id, so a
 * customer (or an anonymous session) stays in one arm on every request and in every process, with no
 * lookup on the serving path.
 */
import type { Experiment, ExperimentArm } from "../domain/merchandising";
import { Ranker } from "../model/ranker";
import type { LiveModel } from "./live-model";

/** 32-bit FNV-1a of a string's UTF-16 code units, mixed by MurmurHash3's finalizer, as a number in [0, 1). */
export function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** The visitor's arm: arms take consecutive shares of [0, 1); a visitor past their sum is not in the experiment (null). */
export function armOf(experiment: Experiment, visitor: string): ExperimentArm | null {
  const u = unitHash(`${experiment.id}\u0000${visitor}`);
  let upTo = 0;
  for (const arm of experiment.arms) {
    upTo += arm.share;
    if (u < upTo) return arm;
  }
  return null;
}

/** The running experiment of a placement (at most one: starting an overlapping one is refused). */
export function experimentOf(running: readonly Experiment[], placement: string): Experiment | undefined {
  return running.find((e) => e.placements === null || e.placements.includes(placement));
}

const armRankers = new WeakMap<LiveModel, Map<string, Ranker>>();
/** Distinct blends one model keeps rankers for (arms of experiments past and present): the oldest go. */
const MAX_ARM_RANKERS = 32;

/**
 * The ranker of an arm that ranks personally: the tuned one ("model"), ALS alone, item-kNN alone with
 * the version's neighbour lists, or the arm's own blend (item-kNN's part left out of a version
 * without neighbour lists, as the tuned ranker's would be). Built on first use.
 */
export function armRanker(model: LiveModel, arm: ExperimentArm): Ranker {
  const weights =
    arm.ranker === "als"
      ? { als: 1, itemKnn: 0, popularity: 0 }
      : arm.ranker === "itemKnn"
        ? { als: 0, itemKnn: 1, popularity: 0 }
        : arm.ranker === "blend" && arm.blend
          ? arm.blend
          : null;
  if (weights === null || (arm.ranker === "itemKnn" && !model.neighbours)) return model.ranker;
  const key = `${weights.als},${weights.itemKnn},${weights.popularity}`;
  let rankers = armRankers.get(model);
  if (!rankers) armRankers.set(model, (rankers = new Map()));
  let ranker = rankers.get(key);
  if (!ranker) {
    ranker = new Ranker({ ...model.params.ranker, ...weights }, model.ranker.parts);
    if (rankers.size >= MAX_ARM_RANKERS) rankers.delete(rankers.keys().next().value!);
    rankers.set(key, ranker);
  }
  return ranker;
}
