import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { Recommendation as ServedRecommendation } from "../services/recommendation.service";
import type { Context } from "./context";
import { Product } from "./product.type";
import { DEFAULT_K, RecommendationsArgs } from "./ranking.args";
import { Recommendation } from "./recommendation.type";

@Resolver(() => Recommendation)
export class RecommendationResolver {
  @Query(() => [Recommendation], {
    description:
      "Products to show this customer (or, without a customerId, this anonymous visit's context), best first, leaving out what they already bought or viewed in this visit. Never an error for a normal visitor: a customer the service has never seen is served by the visit's context, and with nothing known (no arguments at all) the answer is the best sellers, marked POPULAR.",
  })
  recommendations(@Args(() => RecommendationsArgs) { customerId, k, ...options }: RecommendationsArgs, @Ctx() ctx: Context) {
    return ctx.recommendations.recommend(customerId, k ?? DEFAULT_K, options);
  }

  @FieldResolver(() => [Product], {
    description:
      "The products of the customer's history and of this visit's views that contributed most to this recommendation's score (Hu, Koren & Volinsky 2008): for PERSONALIZED and SESSION; empty for CLUSTER and POPULAR, which no embedding scored.",
  })
  because(
    @Root() recommendation: ServedRecommendation,
    @Arg("n", () => Int, { defaultValue: 3, description: "How many, 1 to 10." }) n: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.recommendations.because(recommendation, n);
  }
}
