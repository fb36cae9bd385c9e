import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { Context } from "./context";
import { InteractionInput } from "./interaction.input";
import { RecordedInteraction } from "./interaction.type";

@Resolver()
export class InteractionResolver {
  @Mutation(() => RecordedInteraction, {
    description:
      "Stores an interaction durably and updates the customer's embedding at once, so their next recommendations reflect it. Creates the customer if new.",
  })
  recordInteraction(@Arg("input", () => InteractionInput) input: InteractionInput, @Ctx() ctx: Context) {
    return ctx.recommender.recordInteraction(input);
  }
}
