import { GraphQLDateTimeISO } from "graphql-scalars";
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";

export enum ArmRanker {
  MODEL = "model",
  ALS = "als",
  ITEM_KNN = "itemKnn",
  BLEND = "blend",
  POPULARITY = "popularity",
}
registerEnumType(ArmRanker, {
  name: "ArmRanker",
  description: "How an arm ranks its recommendations.",
  valuesConfig: {
    MODEL: { description: "The ranker tuning chose for the served model version." },
    ALS: { description: "ALS alone." },
    ITEM_KNN: { description: "Item-kNN alone, with the version's neighbour lists." },
    BLEND: { description: "The arm's own blend of ALS, item-kNN and popularity (its blend weights), on the served version." },
    POPULARITY: { description: "The best sellers for everyone: a popularity control." },
  },
});

export enum Verdict {
  TOO_SMALL = "tooSmall",
  NO_DIFFERENCE = "noDifference",
  BETTER = "better",
  WORSE = "worse",
}
registerEnumType(Verdict, {
  name: "Verdict",
  valuesConfig: {
    TOO_SMALL: { description: "Too few lists (under 30 in an arm) or events (under 5 with, or without, in an arm) to call." },
    NO_DIFFERENCE: { description: "The p-value is not below the threshold: no difference shown." },
    BETTER: { description: "Higher than the control, with the p-value below the threshold." },
    WORSE: { description: "Lower than the control, with the p-value below the threshold." },
  },
});

@ObjectType("RankerBlend", {
  simpleResolvers: true,
  description: "A blend's weights: each part is scaled by its largest score for the customer, then weighed.",
})
@InputType("RankerBlendInput", { description: "A blend's weights, each from 0 to 100, at least one above 0." })
export class RankerBlend {
  @Field(() => Float)
  als!: number;

  @Field(() => Float)
  itemKnn!: number;

  @Field(() => Float)
  popularity!: number;
}

@ObjectType({ simpleResolvers: true })
export class ExperimentArm {
  @Field(() => String)
  name!: string;

  @Field(() => Float, { description: "Share of the placement's visitors, 0 to 1." })
  share!: number;

  @Field(() => ArmRanker)
  ranker!: ArmRanker;

  @Field(() => RankerBlend, { nullable: true, description: "A BLEND arm's weights; null for the others." })
  blend?: RankerBlend | null;

  @Field(() => [String], { description: "The rule sets applied on top of the rules without a set." })
  ruleSets!: string[];
}

@ObjectType({ simpleResolvers: true, description: "An A/B experiment on recommendations lists of some placements." })
export class Experiment {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => [String], { nullable: true, description: "The placements it splits; null: every placement." })
  placements!: string[] | null;

  @Field(() => [ExperimentArm])
  arms!: ExperimentArm[];

  @Field(() => String, { description: "The arm the others are compared with." })
  control!: string;

  @Field(() => GraphQLDateTimeISO)
  startedAt!: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "Null while it runs." })
  stoppedAt!: Date | null;

  @Field(() => Boolean)
  running!: boolean;
}

@ObjectType({ simpleResolvers: true, description: "A figure and its 95% confidence interval." })
export class Estimate {
  @Field(() => Float)
  value!: number;

  @Field(() => Float, { nullable: true, description: "Null when there are too few lists for an interval (a mean over fewer than two)." })
  low!: number | null;

  @Field(() => Float, { nullable: true })
  high!: number | null;
}

@ObjectType({ simpleResolvers: true, description: "An arm's figure against the control's." })
export class Comparison {
  @Field(() => Float, { description: "Arm minus control." })
  difference!: number;

  @Field(() => Float, { description: "The difference's 95% interval." })
  low!: number;

  @Field(() => Float)
  high!: number;

  @Field(() => Float, { nullable: true, description: "The difference over the control's figure; null when the control's is 0." })
  relativeUplift!: number | null;

  @Field(() => Float, { description: "Two-sided: the two-proportion z-test for rates, Welch's t-test for revenue per list." })
  pValue!: number;

  @Field(() => Verdict)
  verdict!: Verdict;
}

@ObjectType({ simpleResolvers: true })
export class ArmComparison {
  @Field(() => Comparison)
  clickThrough!: Comparison;

  @Field(() => Comparison)
  conversion!: Comparison;

  @Field(() => Comparison)
  revenuePerList!: Comparison;
}

@ObjectType({ simpleResolvers: true, description: "What one arm's lists earned, through interactions that named them." })
export class ArmResult {
  @Field(() => ExperimentArm)
  arm!: ExperimentArm;

  @Field(() => Boolean)
  control!: boolean;

  @Field(() => Int, { description: "Lists served." })
  lists!: number;

  @Field(() => Int, { description: "Products shown." })
  impressions!: number;

  @Field(() => Int)
  views!: number;

  @Field(() => Int)
  carts!: number;

  @Field(() => Int)
  purchases!: number;

  @Field(() => Float, { description: "Σ quantity × unit price of the attributed purchases." })
  revenue!: number;

  @Field(() => Estimate, { description: "Share of lists with at least one product viewed (Wilson interval)." })
  clickThrough!: Estimate;

  @Field(() => Estimate, { description: "Share of lists with at least one product bought (Wilson interval)." })
  conversion!: Estimate;

  @Field(() => Estimate, { description: "Revenue per list served (Student's t interval)." })
  revenuePerList!: Estimate;

  @Field(() => ArmComparison, { nullable: true, description: "Null for the control." })
  vsControl!: ArmComparison | null;
}

@ObjectType({ simpleResolvers: true })
export class ExperimentResults {
  @Field(() => Experiment)
  experiment!: Experiment;

  @Field(() => [ArmResult])
  arms!: ArmResult[];

  @Field(() => Float, {
    description:
      "The p-value below which an arm is called better or worse: 0.05 over the number of arms compared with the control (Bonferroni).",
  })
  threshold!: number;
}
