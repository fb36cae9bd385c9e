import { GraphQLDateTimeISO, GraphQLJSONObject } from "graphql-scalars";
import { Field, Float, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "Ranking quality at one cut-off k, averaged over the customers scored." })
class RankingMetrics {
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

@ObjectType({ description: "How the model's settings were chosen: on a validation split cut from the end of its training data." })
class TuningInfo {
  @Field(() => GraphQLDateTimeISO)
  tunedAt!: Date;

  @Field(() => GraphQLDateTimeISO, { description: "Interactions from this time on were held out for validation." })
  validationCutoff!: Date;

  @Field(() => Int, { description: "Settings tried." })
  trials!: number;

  @Field(() => [RankingMetrics], { description: "Validation metrics of the chosen settings." })
  validation!: RankingMetrics[];
}

@ObjectType({ description: "How much each part weighs in a blend; a ranker of one model has one non-zero weight." })
class RankerWeights {
  @Field(() => Float, { description: "Weight of the ALS scores (each part scaled by its largest score for the customer)." })
  als!: number;

  @Field(() => Float, { description: "Weight of the item-kNN scores." })
  itemKnn!: number;

  @Field(() => Float, { description: "Weight of popularity." })
  popularity!: number;
}

@ObjectType({ description: "A ranker tuning compared on the validation split." })
class RankerComparison {
  @Field(() => String)
  name!: string;

  @Field(() => Float, { description: "Validation NDCG@10." })
  ndcg!: number;
}

@ObjectType({ description: "What ranks a customer's products: ALS, item-kNN, popularity or a blend, as tuning chose on validation data." })
class RankerInfo {
  @Field(() => String, { description: "als, item-knn, popularity or blend." })
  kind!: string;

  @Field(() => String, { description: 'A readable name, e.g. "ALS" or "blend ALS 1 + popularity 0.25".' })
  name!: string;

  @Field(() => RankerWeights)
  weights!: RankerWeights;

  @Field(() => [RankerComparison], { description: "Every ranker compared, best first; empty when the settings were not tuned." })
  comparison!: RankerComparison[];
}

@ObjectType({ description: "The model version being served and how it was trained." })
export class ModelInfo {
  @Field(() => Int)
  version!: number;

  @Field(() => GraphQLDateTimeISO)
  trainedAt!: Date;

  @Field(() => Int)
  factors!: number;

  @Field(() => Int, { description: "Customers with an embedding." })
  customers!: number;

  @Field(() => Int, { description: "Products with an embedding." })
  products!: number;

  @Field(() => GraphQLJSONObject, {
    description: "Hyperparameters: factors, iterations, alpha, regularization, seed, solver, event weights.",
  })
  params!: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, { description: "Training figures: counts, seconds, seconds per iteration, loss." })
  stats!: Record<string, unknown>;

  @Field(() => TuningInfo, { nullable: true, description: "Null when the settings were not tuned (defaults or given by hand)." })
  tuning!: TuningInfo | null;

  @Field(() => RankerInfo, { description: "What ranks products for customers and visits, and how it compared on validation." })
  ranker!: RankerInfo;

  @Field(() => GraphQLJSONObject, { description: "Where the training data came from." })
  source!: Record<string, unknown>;
}
