import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { Context } from "./context";
import { InteractionInput } from "./interaction.input";
import { RecordedInteraction } from "./interaction.type";
import { byLength, COST, listCost } from "./cost";

@Resolver()
export class InteractionResolver {
  @Mutation(() => RecordedInteraction, {
    complexity: COST.recordInteraction,
    description:
      "Stores an interaction durably and updates the customer's embedding at once, so their next recommendations reflect it. Creates the customer if new.",
  })
  recordInteraction(@Arg("input", () => InteractionInput) input: InteractionInput, @Ctx() ctx: Context) {
    return ctx.interactions.recordInteraction(input);
  }

  @Mutation(() => [RecordedInteraction], {
    complexity: listCost(COST.recordInteraction, byLength("inputs"), 0.5),
    description: "Stores up to 500 interactions in one transaction, all or none, and updates each customer concerned once.",
  })
  recordInteractions(@Arg("inputs", () => [InteractionInput]) inputs: InteractionInput[], @Ctx() ctx: Context) {
    return ctx.interactions.recordInteractions(inputs);
  }
}
