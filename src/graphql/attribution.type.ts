import { Field, Float, Int, ObjectType } from "type-graphql";
import { RecommendationSource } from "./recommendation.type";

@ObjectType({ simpleResolvers: true, description: "What the recommendations of one placement and source earned over a time range." })
export class SourcePerformance {
  @Field(() => String)
  placement!: string;

  @Field(() => RecommendationSource)
  source!: RecommendationSource;

  @Field(() => Int, { description: "Products shown in lists served in the range." })
  impressions!: number;

  @Field(() => Int, { description: "Views of those products that named their list." })
  views!: number;

  @Field(() => Int, { description: "Add-to-carts of those products that named their list." })
  carts!: number;

  @Field(() => Int, { description: "Purchases of those products that named their list." })
  purchases!: number;

  @Field(() => Float, { description: "Σ quantity × unit price of those purchases." })
  revenue!: number;
}
