import { ArgsType, Field, ID, Int } from "type-graphql";
import { offsetDescription } from "./page-info.type";
import { ProductFilter } from "./product-filter.input";
import { RecommendationMix } from "./recommendation-mix.input";
import { SessionContext } from "./session-context.input";

export const DEFAULT_K = 10;

export const PLACEMENT_DESCRIPTION =
  'Where on the storefront the list is shown ("home", "cart"…, 1 to 64 characters): merchandising rules and experiments may be scoped to it.';

@ArgsType()
export class PagedRankingArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_K, description: "How many products, 1 to 100." })
  k?: number | null;

  @Field(() => ProductFilter, { nullable: true })
  filter?: ProductFilter | null;

  @Field(() => Int, { nullable: true, defaultValue: 0, description: offsetDescription("products", "1000") })
  offset?: number | null;
}

@ArgsType()
export class RecommendationsArgs extends PagedRankingArgs {
  @Field(() => ID, {
    nullable: true,
    description:
      "The customer, if signed in; leave it out for an anonymous visitor. An id the service has never seen is served as an anonymous visit.",
  })
  customerId?: string | null;

  @Field(() => SessionContext, { nullable: true })
  context?: SessionContext | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: "Also recommend products the customer already bought." })
  includePurchased?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Where on the storefront the list is shown ("home", "cart"…, 1 to 64 characters), for recommendationPerformance; "default" if left out.',
  })
  placement?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "An anonymous visit's id (1 to 200 characters), so that the visitor stays in one experiment arm across requests; a customerId, when given, decides instead.",
  })
  sessionId?: string | null;

  @Field(() => RecommendationMix, { nullable: true })
  mix?: RecommendationMix | null;
}

@ArgsType()
export class SimilarProductsArgs extends PagedRankingArgs {
  @Field(() => ID)
  productId!: string;

  @Field(() => String, { nullable: true, description: PLACEMENT_DESCRIPTION })
  placement?: string | null;
}
