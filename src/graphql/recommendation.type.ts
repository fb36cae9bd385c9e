import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { PageOf } from "./page-info.type";
import { Product } from "./product.type";

/** The API's names for the services' sources (the values are what the services return). */
export enum RecommendationSource {
  PERSONALIZED = "personalized",
  SESSION = "session",
  CLUSTER = "cluster",
  POPULAR = "popular",
  RULE = "rule",
  BUY_AGAIN = "buyAgain",
}

registerEnumType(RecommendationSource, {
  name: "RecommendationSource",
  description: "How a recommendation was chosen.",
  valuesConfig: {
    PERSONALIZED: { description: "Ranked by the customer's own embedding: x_u · y_i." },
    SESSION: { description: "An anonymous visitor: ranked by a vector folded in from the products viewed in this visit." },
    CLUSTER: {
      description:
        "A customer the model has no vector for, or an anonymous visit known by its browsing only: what the nearest behaviour cluster buys most.",
    },
    POPULAR: { description: "One of the most bought products: the customer has no usable history, or personal picks ran out." },
    RULE: { description: "Placed by a merchandising rule's pin, not ranked by the model (see the item's rules)." },
    BUY_AGAIN: {
      description:
        "One of the customer's own products most likely bought again, in the slots `mix.buyAgain` reserves (score: its probability).",
    },
  },
});

@ObjectType({ simpleResolvers: true, description: "A product recommended to a customer." })
export class Recommendation {
  @Field(() => Product)
  product!: Product;

  @Field(() => Float, {
    description:
      "Higher is better. PERSONALIZED and SESSION: the predicted preference. CLUSTER and POPULAR: the share of customers who bought it.",
  })
  score!: number;

  @Field(() => RecommendationSource)
  source!: RecommendationSource;

  @Field(() => ID, {
    description:
      "The list this recommendation was served in, the same for every item of one answer: send it back as recordInteraction's recommendationId when the customer acts on it.",
  })
  recommendationId!: string;

  @Field(() => Int, { description: "Its place in the ranking, from 1 (offset included)." })
  position!: number;

  @Field(() => [String], {
    description:
      "The merchandising rules that changed this item's place (pinned, promoted, boosted, buried, moved by a diversity cap, curated), by name; empty when the model placed it alone.",
  })
  rules!: string[];
}

@ObjectType({ simpleResolvers: true, description: "A page of recommendations: one served list, and whether the ranking goes on." })
export class RecommendationPage extends PageOf(Recommendation) {
  @Field(() => ID, { description: "The list's id, as on each item: send it back as recordInteraction's recommendationId." })
  recommendationId!: string;

  @Field(() => ID, {
    nullable: true,
    description: "The experiment this visitor is in for the placement (by customer id, else by sessionId); null outside experiments.",
  })
  experimentId!: string | null;

  @Field(() => String, { nullable: true, description: "The visitor's arm of that experiment." })
  arm!: string | null;
}
