import { GraphQLDateTimeISO } from "graphql-scalars";
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { Cluster } from "./cluster.type";

@ObjectType({ simpleResolvers: true, description: "Recency, frequency and monetary value, scored 1–5 by quintile against all customers." })
class RfmSegment {
  @Field(() => Int, { description: "Whole days from the last purchase to the reference date." })
  recencyDays!: number;

  @Field(() => Int, { description: "Distinct orders (invoices, or purchase days where there are none)." })
  frequency!: number;

  @Field(() => Float, { description: "Total spend: quantity × unit price, cancellations subtracted." })
  monetary!: number;

  @Field(() => Int, { description: "Recency score, 5 = most recent." })
  r!: number;

  @Field(() => Int, { description: "Frequency score, 5 = most orders." })
  f!: number;

  @Field(() => Int, { description: "Monetary score, 5 = highest spend." })
  m!: number;

  @Field(() => String, { description: "Segment name, such as Champions, At Risk or Hibernating." })
  label!: string;

  @Field(() => String, { description: "What to do for customers in this segment." })
  action!: string;

  @Field(() => GraphQLDateTimeISO, {
    nullable: true,
    description:
      "The day recency is counted to: the model's RFM reference date (by default the day after the imported data's last purchase; live purchases do not move it).",
  })
  referenceDate!: Date | null;
}

@ObjectType({ simpleResolvers: true })
export class CustomerSegment {
  @Field(() => ID)
  customerId!: string;

  @Field(() => RfmSegment, { nullable: true, description: "Null for customers without dated purchases." })
  rfm!: RfmSegment | null;

  @Field(() => Cluster, {
    nullable: true,
    description: "Null for customers the model has not clustered (no purchases when it was trained).",
  })
  cluster!: Cluster | null;
}
