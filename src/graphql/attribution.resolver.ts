import { GraphQLDateTimeISO } from "graphql-scalars";
import { Arg, Ctx, Query, Resolver } from "type-graphql";
import { SourcePerformance } from "./attribution.type";
import type { Context } from "./context";
import { COST } from "./cost";

@Resolver()
export class AttributionResolver {
  @Query(() => [SourcePerformance], {
    complexity: COST.recommendationPerformance,
    description:
      "Per placement and source: the products shown in recommendation lists served from `from` until `to` (by default the last 30 days; at most 366), and how many of them were then viewed, added to the cart and bought by interactions that named their list.",
  })
  recommendationPerformance(
    @Ctx() ctx: Context,
    @Arg("from", () => GraphQLDateTimeISO, { nullable: true }) from?: Date | null,
    @Arg("to", () => GraphQLDateTimeISO, { nullable: true }) to?: Date | null,
  ) {
    return ctx.attribution.performance(from, to);
  }
}
