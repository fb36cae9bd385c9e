import { Args, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "./context";
import { DEFAULT_K, RecommendationsArgs } from "./ranking.args";
import { Recommendation } from "./recommendation.type";

@Resolver()
export class RecommendationResolver {
  @Query(() => [Recommendation], {
    description: "Products to show this customer, best first, leaving out what they already bought.",
  })
  recommendations(@Args(() => RecommendationsArgs) { customerId, k, ...options }: RecommendationsArgs, @Ctx() ctx: Context) {
    return ctx.recommender.recommendations(customerId, k ?? DEFAULT_K, options);
  }
}
