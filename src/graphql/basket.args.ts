import { ArgsType, Field, Float, ID, Int } from "type-graphql";
import { DEFAULT_RULES } from "../serving/basket.service";
import { offsetDescription } from "./page-info.type";
import { DEFAULT_K, PLACEMENT_DESCRIPTION } from "./ranking.args";

@ArgsType()
export class FrequentlyBoughtTogetherArgs {
  @Field(() => ID)
  productId!: string;

  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_K, description: "How many products, 1 to 100." })
  k?: number | null;

  @Field(() => Int, { nullable: true, defaultValue: 0, description: offsetDescription("products", "1000") })
  offset?: number | null;

  @Field(() => String, { nullable: true, description: PLACEMENT_DESCRIPTION })
  placement?: string | null;
}

@ArgsType()
export class AssociationRulesArgs {
  @Field(() => Float, { nullable: true, description: "Least support, 0 to 1 (the model keeps rules above its own training thresholds)." })
  minSupport?: number | null;

  @Field(() => Float, { nullable: true, description: "Least confidence, 0 to 1." })
  minConfidence?: number | null;

  @Field(() => Float, { nullable: true, description: "Least lift." })
  minLift?: number | null;

  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_RULES, description: "How many rules, 1 to 1000." })
  k?: number | null;

  @Field(() => Int, { nullable: true, defaultValue: 0, description: offsetDescription("rules", "100000") })
  offset?: number | null;

  @Field(() => Int, { nullable: true, deprecationReason: "Use k, the size argument of every list." })
  limit?: number | null;
}
