import { Field, Float, Int, ObjectType } from "type-graphql";
import { CategoryShare, Cluster } from "./cluster.type";

@ObjectType({ description: "One RFM segment's figures, for dashboards." })
class RfmSegmentSummary {
  @Field(() => String)
  label!: string;

  @Field(() => String)
  action!: string;

  @Field(() => Int)
  customers!: number;

  @Field(() => Float)
  revenue!: number;

  @Field(() => Float, { description: "Share of all customers' spend, 0 to 1." })
  revenueShare!: number;

  @Field(() => Float, { description: "Spend per order." })
  averageOrderValue!: number;

  @Field(() => Float)
  averageRecencyDays!: number;

  @Field(() => [CategoryShare])
  topCategories!: CategoryShare[];
}

@ObjectType({ description: "Summaries of every RFM segment (by revenue) and every behaviour cluster." })
export class Segments {
  @Field(() => [RfmSegmentSummary])
  rfm!: RfmSegmentSummary[];

  @Field(() => [Cluster])
  clusters!: Cluster[];
}
