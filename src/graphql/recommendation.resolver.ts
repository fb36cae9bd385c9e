import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { InvalidInputError } from "../domain/errors";
import type { Recommendation as ServedRecommendation } from "../serving/recommendation.service";
import type { Context } from "./context";
import { pageInfoOf } from "./page-info.type";
import { Product } from "./product.type";
import { DEFAULT_K, RecommendationsArgs } from "./ranking.args";
import { Recommendation, RecommendationPage } from "./recommendation.type";
import { byK, listCost } from "./cost";

const RECOMMENDATIONS =
  "Products to show this customer (or, without a customerId, this anonymous visit's context), best first, leaving out what they already bought or viewed in this visit. Never an error for a normal visitor: a customer the service has never seen is served by the visit's context, and with nothing known (no arguments at all) the answer is the best sellers, marked POPULAR.";
const DEFAULT_BECAUSE = 3;

@Resolver(() => Recommendation)
export class RecommendationResolver {
  @Query(() => [Recommendation], {
    complexity: listCost(10, byK(DEFAULT_K)),
    description: `${RECOMMENDATIONS} The items of recommendationsPage, as a plain list.`,
  })
  recommendations(@Args(() => RecommendationsArgs) { customerId, k, ...options }: RecommendationsArgs, @Ctx() ctx: Context) {
    return ctx.recommendations.recommend(customerId, k ?? DEFAULT_K, options).items;
  }

  @Query(() => RecommendationPage, {
    complexity: listCost(10, byK(DEFAULT_K)),
    description: `${RECOMMENDATIONS} With pageInfo, to tell whether another page follows.`,
  })
  recommendationsPage(@Args(() => RecommendationsArgs) { customerId, k, ...options }: RecommendationsArgs, @Ctx() ctx: Context) {
    const page = ctx.recommendations.recommend(customerId, k ?? DEFAULT_K, options);
    return {
      items: page.items,
      pageInfo: pageInfoOf(page),
      recommendationId: page.recommendationId,
      experimentId: page.experimentId,
      arm: page.arm,
    };
  }

  @FieldResolver(() => [Product], {
    complexity: listCost(2, byK(DEFAULT_BECAUSE)),
    description:
      "The products of the customer's history and of this visit's views that contributed most to this recommendation's score (Hu, Koren & Volinsky 2008): for PERSONALIZED and SESSION; empty for CLUSTER and POPULAR, which no embedding scored.",
  })
  because(
    @Root() recommendation: ServedRecommendation,
    @Arg("k", () => Int, { defaultValue: DEFAULT_BECAUSE, description: "How many, 1 to 10." }) k: number,
    @Ctx() ctx: Context,
    @Arg("n", () => Int, { nullable: true, deprecationReason: "Use k, the size argument of every list." }) n?: number | null,
  ) {
    if (n != null && k !== DEFAULT_BECAUSE && k !== n) throw new InvalidInputError(`give k or its old name n, not both (k: ${k}, n: ${n})`);
    return ctx.recommendations.because(recommendation, n ?? k);
  }
}
