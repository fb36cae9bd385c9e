/** How a model version's settings were chosen, as modelInfo reports it: the split, and the figures on it. */
import { GraphQLDateTimeISO } from "graphql-scalars";
import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";

@ObjectType({ description: "Ranking quality at one cut-off k, averaged over the customers scored." })
export class RankingMetrics {
  @Field(() => Int)
  k!: number;

  @Field(() => Int, { description: "Customers scored." })
  users!: number;

  @Field(() => Float)
  precision!: number;

  @Field(() => Float)
  recall!: number;

  @Field(() => Float)
  ndcg!: number;

  @Field(() => Float, { name: "map", description: "Mean average precision at k." })
  averagePrecision!: number;

  @Field(() => Float)
  hitRate!: number;

  @Field(() => Float, { description: "Share of the catalogue recommended to at least one customer." })
  coverage!: number;
}

/** The API's names for tuning's validation splits (the values are what the services return). */
export enum ValidationSplitKind {
  TEMPORAL = "temporal",
  HOLDOUT = "holdout",
}

registerEnumType(ValidationSplitKind, {
  name: "ValidationSplit",
  description: "What tuning scored settings on.",
  valuesConfig: {
    TEMPORAL: { description: "The end of the training data's time span: interactions from validationCutoff on were held out." },
    HOLDOUT: {
      description:
        "The data has no times, or too few days for a window to hold enough customers: a seeded random share (heldOutShare) of each customer's products was held out.",
    },
  },
});

@ObjectType({ description: "How the model's settings were chosen: on a validation split held out of its training data." })
export class TuningInfo {
  @Field(() => GraphQLDateTimeISO)
  tunedAt!: Date;

  @Field(() => ValidationSplitKind)
  split!: ValidationSplitKind;

  @Field(() => Float, { description: "The share held out: of the time span (TEMPORAL) or of each customer's products (HOLDOUT)." })
  heldOutShare!: number;

  @Field(() => GraphQLDateTimeISO, {
    nullable: true,
    description: "TEMPORAL: interactions from this time on were held out; null for HOLDOUT.",
  })
  validationCutoff!: Date | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "Validation NDCG@10 of popularity on the same split, beside the served ranker's (validation); null in records older than the comparison.",
  })
  popularityNdcg!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "Validation NDCG@10 of the settings tuning started from (the defaults, or an earlier tuning's); null in records older than the comparison.",
  })
  startingNdcg!: number | null;

  @Field(() => Boolean, {
    description:
      "True when nothing tuning found beat the starting settings by more than 1.5 standard errors of the per-customer difference, so those are served.",
  })
  keptStartingSettings!: boolean;

  @Field(() => Int, { description: "Settings tried." })
  trials!: number;

  @Field(() => [RankingMetrics], { description: "Validation metrics of the chosen settings." })
  validation!: RankingMetrics[];
}
