import { GraphQLJSONObject } from "graphql-scalars";
import { Field, Float, ID, InputType } from "type-graphql";

@InputType({
  description: "A product to add or change. Fields left out keep their value; null clears an optional one. A new product needs a name.",
})
export class ProductInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: "Required for a new product; 1 to 500 characters." })
  name?: string | null;

  @Field(() => String, { nullable: true, description: "A new product borrows its category's typical vector until it is trained on." })
  category?: string | null;

  @Field(() => Float, { nullable: true, description: "List price, 0 to 1e9." })
  price?: number | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 code, e.g. "EUR".' })
  currency?: string | null;

  @Field(() => String, { nullable: true, description: "An absolute http(s) URL." })
  imageUrl?: string | null;

  @Field(() => String, { nullable: true, description: "The product's page, an absolute http(s) URL." })
  url?: string | null;

  @Field(() => Boolean, { nullable: true, description: "In stock (true for a new product unless given)." })
  available?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Archive (true) or restore (false) the product." })
  archived?: boolean | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: "A flat JSON object of at most 50 keys; values are strings, numbers, booleans or null.",
  })
  attributes?: Record<string, string | number | boolean | null> | null;
}
