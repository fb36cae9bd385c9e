import { GraphQLJSONObject } from "graphql-scalars";
import { Field, Float, ID, ObjectType } from "type-graphql";

@ObjectType({ simpleResolvers: true, description: "A product in the shop's catalogue." })
export class Product {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  category!: string | null;

  @Field(() => Float, { nullable: true, description: "List price in the shop's currency." })
  price!: number | null;

  @Field(() => Float, { nullable: true, description: "Average customer rating, where the shop has ratings." })
  rating!: number | null;

  @Field(() => String, { nullable: true, description: "ISO 4217 code of the price's currency, where known." })
  currency!: string | null;

  @Field(() => String, { nullable: true, description: "An image of the product, for a product card." })
  imageUrl!: string | null;

  @Field(() => String, { nullable: true, description: "The product's page in the shop." })
  url!: string | null;

  @Field(() => Boolean, { description: "In stock. A product that is not is never recommended until it is again." })
  available!: boolean;

  @Field(() => Boolean, { description: "Withdrawn from sale: never recommended; its history is kept." })
  archived!: boolean;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "Free-form attributes the shop gave (a flat JSON object)." })
  attributes!: Record<string, unknown> | null;
}
