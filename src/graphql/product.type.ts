import { Field, Float, ID, ObjectType } from "type-graphql";

@ObjectType({ description: "A product in the shop's catalogue." })
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
}
