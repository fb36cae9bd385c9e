import { ArgsType, Field, ID, Int } from "type-graphql";

export const DEFAULT_K = 10;

@ArgsType()
export class RecommendationsArgs {
  @Field(() => ID)
  customerId!: string;

  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_K, description: "How many products, 1 to 100." })
  k?: number | null;
}

@ArgsType()
export class SimilarProductsArgs {
  @Field(() => ID)
  productId!: string;

  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_K, description: "How many products, 1 to 100." })
  k?: number | null;
}
