import { GraphQLDateTimeISO, GraphQLJSONObject } from "graphql-scalars";
import { Field, Int, ObjectType } from "type-graphql";

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

  @Field(() => GraphQLJSONObject, { description: "Hyperparameters: factors, iterations, alpha, regularization, seed, solver, event weights." })
  params!: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, { description: "Training figures: counts, seconds, seconds per iteration, loss." })
  stats!: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, { description: "Where the training data came from." })
  source!: Record<string, unknown>;
}
