import { Field, Float, ObjectType } from "type-graphql";
import { PageOf } from "./page-info.type";
import { Product } from "./product.type";

@ObjectType({ simpleResolvers: true, description: "A product bought by the same kind of customers." })
export class SimilarProduct {
  @Field(() => Product)
  product!: Product;

  @Field(() => Float, { description: "Cosine similarity of the two product embeddings, from -1 to 1." })
  similarity!: number;

  @Field(() => [String], {
    description:
      "The merchandising rules that changed this item's place (pinned, promoted, boosted, buried, moved by a diversity cap, curated), by name; empty when the model placed it alone.",
  })
  rules!: string[];
}

@ObjectType({ simpleResolvers: true, description: "A page of similar products, and whether the ranking goes on." })
export class SimilarProductPage extends PageOf(SimilarProduct) {}
