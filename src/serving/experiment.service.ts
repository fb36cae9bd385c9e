/**
 * A/B experiments over the API (the admin scope): arms that differ by ranker or rule set, a split of a
 * placement's visitors by share, and each arm's figures against the control. Assignment is a hash
 * (experiment-assignment.ts); the arm is stored with each served list, so attribution carries it.
 */
import { randomUUID } from "node:crypto";
import { checkLabel } from "../domain/attribution";
import { InvalidInputError, NotFoundError } from "../domain/errors";
import type { ArmRanker, BlendWeights, Experiment, ExperimentArm } from "../domain/merchandising";
import { type ExperimentResults, experimentResults } from "../model/experiment-results";
import type { Store } from "../store";
import type { AttributionService } from "./attribution.service";
import { armOf, experimentOf } from "./experiment-assignment";
import type { MerchandisingState } from "./merchandising-state";
import type { ModelHolder } from "./model-holder";
import { requireId } from "./validation";

export interface ExperimentInput {
  /** A stable id of the shop's choosing; a new UUID if left out. */
  id?: string | null;
  name: string;
  description?: string | null;
  placements?: readonly string[] | null;
  arms: readonly {
    name: string;
    share: number;
    ranker?: ArmRanker | null;
    blend?: BlendWeights | null;
    ruleSets?: readonly string[] | null;
  }[];
  /** The arm the others are compared with; the first unless given. */
  control?: string | null;
}

/** A visitor's place in an experiment, for one served list. */
export interface Assignment {
  experimentId: string;
  arm: ExperimentArm;
}

const EXPERIMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

function checkExperimentId(id: string): string {
  if (!EXPERIMENT_ID.test(id)) throw new InvalidInputError(`id must be 1 to 64 letters, digits, "-" or "_", got "${id.slice(0, 80)}"`);
  return id;
}

/** A BLEND arm's weights: each from 0 to 100, one above 0; item-kNN only with neighbour lists. Null for other arms. */
function checkBlend(blend: BlendWeights | null, ranker: ArmRanker, where: string, neighbours: boolean): BlendWeights | null {
  if (ranker !== "blend") {
    if (blend !== null) throw new InvalidInputError(`${where}.blend is for an arm whose ranker is BLEND`);
    return null;
  }
  if (blend === null) throw new InvalidInputError(`${where}.blend is required for a BLEND arm`);
  for (const part of ["als", "itemKnn", "popularity"] as const) {
    const w = blend[part];
    if (!(Number.isFinite(w) && w >= 0 && w <= 100)) throw new InvalidInputError(`${where}.blend.${part} must be from 0 to 100, got ${w}`);
  }
  if (blend.als + blend.itemKnn + blend.popularity <= 0) throw new InvalidInputError(`${where}.blend must weigh at least one part above 0`);
  if (blend.itemKnn > 0 && !neighbours)
    throw new InvalidInputError(`${where}.blend.itemKnn: the served model version has no item-kNN neighbour lists`);
  return { als: blend.als, itemKnn: blend.itemKnn, popularity: blend.popularity };
}

const RANKERS: readonly ArmRanker[] = ["model", "als", "itemKnn", "blend", "popularity"];
const MAX_ARMS = 10;

export class ExperimentService {
  constructor(
    private readonly store: Store,
    private readonly holder: ModelHolder,
    private readonly state: MerchandisingState,
    private readonly attribution: AttributionService,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Every experiment, running or stopped, the newest first. */
  experiments(): Experiment[] {
    return this.store.experiments.all();
  }

  /**
   * Starts an experiment on the placements given (every placement if none): refused when a running
   * experiment already splits one of them, when the shares add up to more than 100%, or when an arm
   * asks for item-kNN the served model version has no neighbour lists for.
   */
  start(input: ExperimentInput): Experiment {
    const name = checkLabel(input.name, "name");
    const description = input.description == null ? null : input.description.trim().slice(0, 500) || null;
    const placements = input.placements == null ? null : input.placements.map((p, i) => checkLabel(p, `placements[${i}]`));
    if (placements && (placements.length === 0 || placements.length > 100))
      throw new InvalidInputError("placements must list 1 to 100 placements");
    if (input.arms.length < 2 || input.arms.length > MAX_ARMS)
      throw new InvalidInputError(`arms must list 2 to ${MAX_ARMS} arms, got ${input.arms.length}`);
    const model = this.holder.latest();
    const seen = new Set<string>();
    const arms = input.arms.map((a, i): ExperimentArm => {
      const armName = checkLabel(a.name, `arms[${i}].name`);
      if (seen.has(armName)) throw new InvalidInputError(`arms[${i}].name "${armName}" repeats an earlier arm's name`);
      seen.add(armName);
      if (!(Number.isFinite(a.share) && a.share > 0 && a.share <= 1))
        throw new InvalidInputError(`arms[${i}].share must be above 0 and at most 1, got ${a.share}`);
      const ranker = a.ranker ?? "model";
      if (!RANKERS.includes(ranker)) throw new InvalidInputError(`arms[${i}].ranker must be one of ${RANKERS.join(", ")}`);
      if (ranker === "itemKnn" && !model.neighbours)
        throw new InvalidInputError(
          `arms[${i}].ranker: the served model version has no item-kNN neighbour lists (its ranker does not use item-kNN)`,
        );
      const blend = checkBlend(a.blend ?? null, ranker, `arms[${i}]`, model.neighbours !== null);
      const ruleSets = (a.ruleSets ?? []).map((s, j) => checkLabel(s, `arms[${i}].ruleSets[${j}]`));
      return { name: armName, share: a.share, ranker, blend, ruleSets };
    });
    const total = arms.reduce((sum, a) => sum + a.share, 0);
    if (total > 1 + 1e-9) throw new InvalidInputError(`arms' shares add up to ${Math.round(total * 1000) / 10}%, over 100%`);
    const control = input.control == null ? arms[0].name : checkLabel(input.control, "control");
    if (!seen.has(control)) throw new InvalidInputError(`control "${control}" is not one of the arms (${[...seen].join(", ")})`);
    const id = input.id == null ? randomUUID() : checkExperimentId(input.id);
    const experiment: Experiment = {
      id,
      name,
      description,
      placements,
      arms,
      control,
      startedAt: this.clock(),
      stoppedAt: null,
    };
    this.store.transaction(() => {
      if (this.store.experiments.get(id)) throw new InvalidInputError(`id "${id}" is taken by another experiment`);
      for (const other of this.store.experiments.all()) {
        if (other.stoppedAt !== null) continue;
        const shared =
          placements === null || other.placements === null
            ? (placements ?? other.placements ?? ["every placement"])
            : placements.filter((p) => other.placements!.includes(p));
        if (shared.length > 0)
          throw new InvalidInputError(
            `placements: experiment "${other.name}" (${other.id}) is already running on ${shared.join(", ")}; stop it first`,
          );
      }
      this.store.experiments.insert(experiment);
      this.store.merchandising.bump();
    });
    this.state.invalidate();
    return experiment;
  }

  stop(id: string): Experiment {
    const checked = requireId(id, "id");
    const stopped = this.store.transaction(() => {
      const experiment = this.store.experiments.get(checked);
      if (!experiment) throw new NotFoundError(`no experiment with id "${checked}"`);
      if (experiment.stoppedAt !== null) throw new InvalidInputError(`experiment "${experiment.name}" was stopped already`);
      this.store.experiments.stop(checked, this.clock());
      this.store.merchandising.bump();
      return this.store.experiments.get(checked)!;
    });
    this.state.invalidate();
    return stopped;
  }

  /** Each arm's figures, and each against the control. */
  results(id: string): ExperimentResults {
    const checked = requireId(id, "id");
    const experiment = this.store.experiments.get(checked);
    if (!experiment) throw new NotFoundError(`no experiment with id "${checked}"`);
    this.attribution.flush();
    return experimentResults(experiment, this.store.experiments.armCounts(checked));
  }

  /**
   * The arm a visitor is in for a list of this placement: by customer id when known, else by the
   * session id; null outside every running experiment (or for a visitor with neither id).
   */
  assign(placement: string, customerId: string | null, sessionId: string | null): Assignment | null {
    const experiment = experimentOf(this.state.experiments(), placement);
    if (!experiment) return null;
    const visitor = customerId !== null ? `c:${customerId}` : sessionId !== null ? `s:${sessionId}` : null;
    if (visitor === null) return null;
    const arm = armOf(experiment, visitor);
    return arm ? { experimentId: experiment.id, arm } : null;
  }
}
