import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { Recommendation as ServedRecommendation } from "../services/recommender.service";
import type { Context } from "./context";
import { Product } from "./product.type";
import { DEFAULT_K, RecommendationsArgs } from "./ranking.args";
import { Recommendation } from "./recommendation.type";

@Resolver(() => Recommendation)
export class RecommendationResolver {
  @Query(() => [Recommendation], {
    description:
      "Products to show this customer (or, without a customerId, this anonymous visit's context), best first, leaving out what they already bought or viewed in this visit.",
  })
  recommendations(@Args(() => RecommendationsArgs) { customerId, k, ...options }: RecommendationsArgs, @Ctx() ctx: Context) {
    return ctx.recommender.recommendations(customerId, k ?? DEFAULT_K, options);
  }

  @FieldResolver(() => [Product], {
    description:
      "The customer's own products that contributed most to this recommendation (Hu, Koren & Volinsky 2008); empty for CLUSTER and POPULAR.",
  })
  because(
    @Root() recommendation: ServedRecommendation,
    @Arg("n", () => Int, { defaultValue: 3, description: "How many, 1 to 10." }) n: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.recommender.because(recommendation, n);
  }
}
