import { Arg, Ctx, Extensions, ID, Mutation, Query, Resolver } from "type-graphql";
import type { Experiment as StoredExperiment } from "../domain/merchandising";
import type { Context } from "./context";
import { ExperimentInput } from "./experiment.input";
import { Experiment, ExperimentResults } from "./experiment.type";
import { ADMIN_ONLY } from "./scopes";

const view = (e: StoredExperiment) => ({
  ...e,
  startedAt: new Date(e.startedAt),
  stoppedAt: e.stoppedAt === null ? null : new Date(e.stoppedAt),
  running: e.stoppedAt === null,
});

@Resolver()
export class ExperimentResolver {
  @Query(() => [Experiment], {
    complexity: 50,
    description: "Every experiment, the newest first. Needs an admin key when keys are configured.",
  })
  @Extensions(ADMIN_ONLY)
  experiments(@Ctx() ctx: Context) {
    return ctx.experiments.experiments().map(view);
  }

  @Query(() => ExperimentResults, {
    complexity: 200,
    description:
      "Per arm: lists served, views, carts and purchases attributed, click-through, conversion and revenue per list with 95% intervals, and each arm against the control. Needs an admin key when keys are configured.",
  })
  @Extensions(ADMIN_ONLY)
  experimentResults(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    const results = ctx.experiments.results(id);
    return { ...results, experiment: view(results.experiment) };
  }

  @Mutation(() => Experiment, {
    complexity: 20,
    description:
      "Starts an experiment: the visitors of its placements are split between its arms by share, each customer (or anonymous sessionId) always in the same arm, and each served list records its arm. Refused (BAD_USER_INPUT) when shares add up to over 100% or a placement is already in a running experiment. Needs an admin key when keys are configured.",
  })
  @Extensions(ADMIN_ONLY)
  startExperiment(@Arg("input", () => ExperimentInput) input: ExperimentInput, @Ctx() ctx: Context) {
    return view(ctx.experiments.start(input));
  }

  @Mutation(() => Experiment, {
    complexity: 20,
    description: "Stops a running experiment; its results stay. Needs an admin key when keys are configured.",
  })
  @Extensions(ADMIN_ONLY)
  stopExperiment(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return view(ctx.experiments.stop(id));
  }
}
