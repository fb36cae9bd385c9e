import { GraphQLDateTimeISO, GraphQLJSONObject } from "graphql-scalars";
import { Extensions, Field, Float, Int, ObjectType } from "type-graphql";
import { ADMIN_ONLY } from "./scopes";
import { TuningInfo } from "./tuning-info.type";

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

@ObjectType({ description: "The interactions a model version was trained on, first and last." })
class DataRange {
  @Field(() => GraphQLDateTimeISO)
  first!: Date;

  @Field(() => GraphQLDateTimeISO)
  last!: Date;
}

@ObjectType({ description: "What a model version was trained on." })
class ModelCounts {
  @Field(() => Int, { description: "Customers with an embedding." })
  customers!: number;

  @Field(() => Int, { description: "Products with an embedding." })
  products!: number;

  @Field(() => Int, { description: "Interactions in the model file when it was trained." })
  interactions!: number;

  @Field(() => Int, { description: "Customer–product pairs with a positive weight: what ALS learns from." })
  pairs!: number;

  @Field(() => Int, { description: "Baskets (orders) mined for association rules." })
  baskets!: number;

  @Field(() => Int, { description: "Association rules found." })
  rules!: number;
}

@ObjectType({ description: "How much each kind of event counts before confidence scaling." })
class EventWeightsInfo {
  @Field(() => Float)
  view!: number;

  @Field(() => Float)
  cart!: number;

  @Field(() => Float)
  purchase!: number;

  @Field(() => Float, { description: "An order of quantity q weighs q^quantityExponent times its type's weight." })
  quantityExponent!: number;
}

@ObjectType({ description: "The settings a model version was trained with." })
class ModelSettingsInfo {
  @Field(() => Int)
  factors!: number;

  @Field(() => Int, { description: "ALS sweeps." })
  iterations!: number;

  @Field(() => Float, { description: "Confidence scale α." })
  alpha!: number;

  @Field(() => String, { description: "linear (c = 1 + α·w) or log (c = 1 + α·log(1 + w/ε))." })
  scaling!: string;

  @Field(() => Float)
  epsilon!: number;

  @Field(() => String, {
    description:
      "How summed counts were weighed before confidence: raw, or bm25 (damps one huge count, raises products few customers bought).",
  })
  countWeighting!: string;

  @Field(() => Float, { description: "L2 regularization λ." })
  regularization!: number;

  @Field(() => Float, { description: "Frequency scaling ν: each row's ridge is λ·(Σ_i c_ui)^ν." })
  regularizationExponent!: number;

  @Field(() => Float, { description: "Days for an order's weight to halve before the newest; 0: no recency weighting." })
  recencyHalfLifeDays!: number;

  @Field(() => EventWeightsInfo)
  eventWeights!: EventWeightsInfo;

  @Field(() => Int)
  seed!: number;

  @Field(() => String, { description: "cg or cholesky." })
  solver!: string;

  @Field(() => Int)
  cgSteps!: number;
}

@ObjectType({ description: "How training went." })
class TrainingFigures {
  @Field(() => Float, { description: "Wall-clock seconds of the whole training run." })
  seconds!: number;

  @Field(() => Float)
  secondsPerIteration!: number;

  @Field(() => Float, { description: "The training objective per unit of confidence after the last sweep." })
  finalLoss!: number;

  @Field(() => [Float], { description: "The loss after each sweep." })
  lossHistory!: number[];

  @Field(() => Float, { description: "Seconds spent mining association rules." })
  ruleSeconds!: number;
}

@ObjectType({ description: "Where the training data came from." })
class DataSource {
  @Field(() => String, { nullable: true, description: "trio, online-retail or events." })
  format!: string | null;

  @Field(() => String, { nullable: true, description: "The file or folder name (never a path on the server's disk)." })
  input!: string | null;
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

  @Field(() => DataRange, { nullable: true, description: "Null when the data has no times." })
  dataRange!: DataRange | null;

  @Field(() => ModelCounts)
  counts!: ModelCounts;

  @Field(() => ModelSettingsInfo)
  settings!: ModelSettingsInfo;

  @Field(() => TrainingFigures)
  training!: TrainingFigures;

  @Field(() => GraphQLJSONObject, {
    deprecationReason: "Use settings.",
    description: "Hyperparameters as stored, untyped. Needs an admin key when keys are configured.",
  })
  @Extensions(ADMIN_ONLY)
  params!: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, {
    deprecationReason: "Use counts, training, tuning and ranker.",
    description: "Training figures as stored, untyped. Needs an admin key when keys are configured.",
  })
  @Extensions(ADMIN_ONLY)
  stats!: Record<string, unknown>;

  @Field(() => TuningInfo, {
    nullable: true,
    description: "Null when the settings were not tuned (defaults or given by hand): see untunedReason.",
  })
  tuning!: TuningInfo | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Why the served settings were not tuned (not asked for, settings given, or data too small to split); null when they were tuned, and for versions trained before this was recorded.",
  })
  untunedReason!: string | null;

  @Field(() => RankerInfo, { description: "What ranks products for customers and visits, and how it compared on validation." })
  ranker!: RankerInfo;

  @Field(() => DataSource, { description: "Needs an admin key when keys are configured." })
  @Extensions(ADMIN_ONLY)
  source!: DataSource;
}
