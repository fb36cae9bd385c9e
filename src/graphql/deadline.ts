/**
 * The per-request time budget. Resolvers run synchronously, so nothing can interrupt one; instead every
 * root field (and `because`, the one nested field that computes) checks the budget before it starts,
 * so a request whose budget ran out answers its remaining fields with an error at almost no cost.
 */
import { defaultFieldResolver, GraphQLError, type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from "graphql";
import type { Context } from "./context";

export const TIME_BUDGET_EXCEEDED = "TIME_BUDGET_EXCEEDED";

/** Fields below the root that compute something, and so check the budget too. */
const COSTLY_NESTED = new Set(["Recommendation.because"]);

function checked(resolve: GraphQLFieldResolver<unknown, Context>, field: string): GraphQLFieldResolver<unknown, Context> {
  return (source, args, context, info) => {
    const request = context?.request;
    if (request && Date.now() > request.deadline) {
      throw new GraphQLError(`the request ran out of its time budget before ${field} (REQUEST_TIME_BUDGET_MS)`, {
        extensions: { code: TIME_BUDGET_EXCEEDED },
      });
    }
    return resolve(source, args, context, info);
  };
}

/** Wraps the schema's root fields (and the costly nested ones) in the budget check, in place. */
export function enforceTimeBudget(schema: GraphQLSchema): GraphQLSchema {
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    if (!type) continue;
    for (const field of Object.values(type.getFields())) field.resolve = checked(field.resolve ?? defaultFieldResolver, field.name);
  }
  for (const name of COSTLY_NESTED) {
    const [typeName, fieldName] = name.split(".");
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`no type ${typeName} in the schema`);
    const field = type.getFields()[fieldName];
    field.resolve = checked(field.resolve ?? defaultFieldResolver, name);
  }
  return schema;
}
