import { Field, Float, Int, ObjectType } from "type-graphql";
import { PageOf } from "./page-info.type";
import { Product } from "./product.type";

@ObjectType({ simpleResolvers: true, description: "A product often in the same basket as another, with the association rule's figures." })
export class BoughtTogether {
  @Field(() => Product)
  product!: Product;

  @Field(() => Float, { description: "Share of all baskets that hold both products." })
  support!: number;

  @Field(() => Float, { description: "Share of the given product's baskets that also hold this one." })
  confidence!: number;

  @Field(() => Float, { description: "Confidence divided by this product's own support; above 1, bought together more than by chance." })
  lift!: number;

  @Field(() => Int, { description: "Baskets holding both products." })
  baskets!: number;

  @Field(() => [String], {
    description:
      "The merchandising rules that changed this item's place (pinned, promoted, boosted, buried, moved by a diversity cap, curated), by name; empty when the model placed it alone.",
  })
  rules!: string[];
}

@ObjectType({ simpleResolvers: true, description: "An association rule: baskets with the antecedent tend to hold the consequent." })
export class AssociationRule {
  @Field(() => Product)
  antecedent!: Product;

  @Field(() => Product)
  consequent!: Product;

  @Field(() => Float, { description: "Share of all baskets that hold both products." })
  support!: number;

  @Field(() => Float, { description: "Share of the antecedent's baskets that also hold the consequent." })
  confidence!: number;

  @Field(() => Float, { description: "Confidence divided by the consequent's own support." })
  lift!: number;

  @Field(() => Int, { description: "Baskets holding both products." })
  baskets!: number;
}

@ObjectType({ simpleResolvers: true, description: "A page of products bought together with one, and whether the list goes on." })
export class BoughtTogetherPage extends PageOf(BoughtTogether) {}

@ObjectType({ simpleResolvers: true, description: "A page of association rules, and whether the list goes on." })
export class AssociationRulePage extends PageOf(AssociationRule) {}
