import { Field, Float, Int, ObjectType } from "type-graphql";
import { CategoryShare, Cluster } from "./cluster.type";

@ObjectType({ simpleResolvers: true, description: "One RFM segment's figures, for dashboards." })
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

@ObjectType({ simpleResolvers: true, description: "One cell of the R × FM segment map (FM = round((F + M) / 2)) and its customers." })
class RfmGridCell {
  @Field(() => Int, { description: "Recency score, 1 to 5." })
  r!: number;

  @Field(() => Int, { description: "round((F + M) / 2), 1 to 5." })
  fm!: number;

  @Field(() => String, { description: "The segment of this cell." })
  label!: string;

  @Field(() => Int)
  customers!: number;
}

@ObjectType({ simpleResolvers: true, description: "Summaries of every RFM segment (by revenue) and every behaviour cluster." })
export class Segments {
  @Field(() => [RfmSegmentSummary])
  rfm!: RfmSegmentSummary[];

  @Field(() => [RfmGridCell], {
    description: "The R × FM segment map: all 25 cells, R 5 first, FM 1 to 5 within each, with their customers.",
  })
  grid!: RfmGridCell[];

  @Field(() => [Cluster])
  clusters!: Cluster[];
}
