import { Field, InputType, Int } from "type-graphql";

@InputType({ description: "Slots at the top of a recommendation list for other lists, as a home page shows them." })
export class RecommendationMix {
  @Field(() => Int, {
    nullable: true,
    defaultValue: 0,
    description:
      "How many of the first places (0 to 20) hold the customer's own products most likely bought again (buyAgain, source BUY_AGAIN), ahead of new products; fewer when they bought fewer. Ignored for an anonymous visit.",
  })
  buyAgain?: number | null;
}
