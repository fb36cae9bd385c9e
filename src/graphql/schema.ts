import "reflect-metadata";
import { BuyAgainResolver } from "./buy-again.resolver";
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import { buildSchemaSync } from "type-graphql";
import { AttributionResolver } from "./attribution.resolver";
import { BasketResolver } from "./basket.resolver";
import { enforceTimeBudget } from "./deadline";
import { ExperimentResolver } from "./experiment.resolver";
import { InteractionResolver } from "./interaction.resolver";
import { MerchandisingResolver } from "./merchandising.resolver";
import { ModelInfoResolver } from "./model-info.resolver";
import { ProductResolver } from "./product.resolver";
import { RecommendationResolver } from "./recommendation.resolver";
import { SegmentResolver } from "./segment.resolver";

const RESOLVERS = [
  RecommendationResolver,
  ProductResolver,
  BasketResolver,
  SegmentResolver,
  InteractionResolver,
  ModelInfoResolver,
  AttributionResolver,
  MerchandisingResolver,
  ExperimentResolver,
  BuyAgainResolver,
] as const;

let cached: GraphQLSchema | undefined;

export function buildAppSchema(): GraphQLSchema {
  cached ??= enforceTimeBudget(buildSchemaSync({ resolvers: RESOLVERS, validate: false }));
  return cached;
}

/** The schema as SDL, sorted so that the committed schema.graphql diffs cleanly. */
export function printAppSchema(): string {
  return `${printSchema(lexicographicSortSchema(buildAppSchema()))}\n`;
}
