import { GraphQLDateTimeISO } from "graphql-scalars";
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { InteractionType } from "./interaction.input";

@ObjectType({ simpleResolvers: true, description: "An interaction as stored." })
export class RecordedInteraction {
  @Field(() => ID)
  id!: number;

  @Field(() => ID)
  customerId!: string;

  @Field(() => ID)
  productId!: string;

  @Field(() => InteractionType)
  type!: InteractionType;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Float, { nullable: true })
  price!: number | null;

  @Field(() => GraphQLDateTimeISO)
  occurredAt!: Date;

  @Field(() => Boolean, { description: "True when this interaction created the customer." })
  customerCreated!: boolean;

  @Field(() => Boolean, { description: "True when an earlier request with the same idempotency key stored it; nothing was stored now." })
  replayed!: boolean;
}
