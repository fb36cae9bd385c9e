import { Field, Float, ObjectType } from "type-graphql";
import { Product } from "./product.type";

@ObjectType({ description: "A product bought by the same kind of customers." })
export class SimilarProduct {
  @Field(() => Product)
  product!: Product;

  @Field(() => Float, { description: "Cosine similarity of the two product embeddings, from -1 to 1." })
  similarity!: number;
}
