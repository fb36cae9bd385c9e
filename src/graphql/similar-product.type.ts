import { Field, Float, ObjectType } from "type-graphql";
import { PageOf } from "./page-info.type";
import { Product } from "./product.type";

@ObjectType({ simpleResolvers: true, description: "A product bought by the same kind of customers." })
export class SimilarProduct {
  @Field(() => Product)
  product!: Product;

  @Field(() => Float, { description: "Cosine similarity of the two product embeddings, from -1 to 1." })
  similarity!: number;
}

@ObjectType({ simpleResolvers: true, description: "A page of similar products, and whether the ranking goes on." })
export class SimilarProductPage extends PageOf(SimilarProduct) {}
