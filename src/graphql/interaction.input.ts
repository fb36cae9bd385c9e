import { GraphQLDateTimeISO } from "graphql-scalars";
import { Field, Float, ID, InputType, Int, registerEnumType } from "type-graphql";

/** GraphQL names on the left, the stored kinds on the right. */
export enum InteractionType {
  VIEW = "view",
  ADD_TO_CART = "cart",
  PURCHASE = "purchase",
}

registerEnumType(InteractionType, { name: "InteractionType", description: "What the customer did with the product." });

@InputType({ description: "One thing a customer did with a product." })
export class InteractionInput {
  @Field(() => ID)
  customerId!: string;

  @Field(() => ID)
  productId!: string;

  @Field(() => InteractionType)
  type!: InteractionType;

  @Field(() => Int, { nullable: true, defaultValue: 1, description: "How many items: 1 to 1,000,000." })
  quantity?: number | null;

  @Field(() => Float, { nullable: true, description: "Unit price paid, 0 to 1,000,000,000; defaults to the product's list price." })
  price?: number | null;

  @Field(() => GraphQLDateTimeISO, {
    nullable: true,
    description:
      "When it happened, not before the earliest date accepted (1990-01-01 unless configured) nor more than 24 hours ahead; defaults to now.",
  })
  occurredAt?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: "A key unique to this interaction (1–200 characters): a retried request with the same key stores nothing new.",
  })
  idempotencyKey?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "The recommendation list this interaction followed (Recommendation.recommendationId), for recommendationPerformance.",
  })
  recommendationId?: string | null;
}
