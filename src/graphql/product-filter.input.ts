import { Field, Float, ID, InputType } from "type-graphql";

@InputType({ description: "Which products a ranking may return; every condition given must hold." })
export class ProductFilter {
  @Field(() => [String], { nullable: true, description: "Only products in one of these categories (any case)." })
  categories?: string[] | null;

  @Field(() => Float, { nullable: true, description: "Only products with a list price of at least this." })
  minPrice?: number | null;

  @Field(() => Float, { nullable: true, description: "Only products with a list price of at most this." })
  maxPrice?: number | null;

  @Field(() => [ID], { nullable: true, description: "Never these products (at most 1000)." })
  excludeProductIds?: string[] | null;
}
