/**
 * The Apollo plugins of the HTTP service: access by key scope, the cost limit, and what each request
 * tells the access log and the metrics. Each refusal is a GraphQL error with a code and a 4xx status,
 * decided before anything runs.
 */
import type { ApolloServerPlugin, GraphQLRequestContext } from "@apollo/server";
import { GraphQLError, type GraphQLSchema, Kind, type OperationDefinitionNode } from "graphql";
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from "graphql-query-complexity";
import type { Context } from "../graphql/context";
import { isInternal } from "../graphql/errors";
import { neededScope } from "../graphql/scopes";
import type { AccessPolicy } from "./access";
import { CostCache } from "./cost-cache";
import { ANONYMOUS, type Caller } from "./keys";
import type { Logger } from "./logging";
import type { Prometheus } from "./prometheus";

function callerOf(context: Context): Caller {
  const request = context.request;
  if (!request) return ANONYMOUS;
  const { keyName: name, scope, wrongKey } = request;
  return { key: name !== null && scope !== null ? { name, scope } : null, wrongKey };
}

export function accessPlugin(policy: AccessPolicy, schema: GraphQLSchema): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operationName, contextValue }) {
          const refusal = policy(callerOf(contextValue), neededScope(schema, document, operationName ?? null));
          if (refusal) throw new GraphQLError(refusal.message, { extensions: { code: refusal.code, http: { status: refusal.status } } });
        },
      };
    },
  };
}

/**
 * Answers are personal (a customer's list, this visit's context) and never to be cached on the way:
 * every one says `cache-control: no-store`. Apollo's cache-control plugin, which said so before, also
 * ran a hook for every field resolved, to add up hints this schema never gives; it is disabled instead.
 */
export function noStorePlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (!response.http.headers.has("cache-control")) response.http.headers.set("cache-control", "no-store");
        },
      };
    },
  };
}

export const QUERY_TOO_COSTLY = "QUERY_TOO_COSTLY";

/** graphql-query-complexity's refusal once it has visited `maxQueryNodes` selections. */
const TOO_MANY_NODES = /maximum allowed number of nodes/;

/**
 * Refuses an operation whose estimated cost (see graphql/cost.ts) is above `maxCost`. The estimate
 * visits every selection with its fragments expanded, so fragments that spread each other twice over
 * would take exponential time: it stops after `maxNodes` selections (the token limit, which no
 * document without fragments can reach), and the operation is refused, its cost unknown: let through,
 * a costly query padded with such fragments would run whatever its cost.
 */
export function costPlugin(maxCost: number, maxNodes: number, schema: GraphQLSchema): ApolloServerPlugin<Context> {
  const estimators = [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })];
  const costs = new CostCache();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operationName, request }) {
          const variables = request.variables ?? {};
          let cost: number;
          try {
            cost = costs.estimate(document, operationName, variables, () =>
              getComplexity({
                schema,
                query: document,
                operationName: operationName ?? undefined,
                variables,
                estimators,
                maxQueryNodes: maxNodes,
              }),
            );
          } catch (error) {
            if (error instanceof Error && TOO_MANY_NODES.test(error.message))
              throw new GraphQLError(
                `the query's fragments expand to more than ${maxNodes} selections (MAX_TOKENS), too many to estimate its cost: spread fewer fragments`,
                { extensions: { code: QUERY_TOO_COSTLY, limit: maxCost, http: { status: 400 } } },
              );
            return; // bad variables: execution answers them with BAD_USER_INPUT.
          }
          if (cost > maxCost)
            throw new GraphQLError(
              `the query's estimated cost is ${cost}; the limit is ${maxCost} (MAX_COST): ask for fewer items or fields, or split it`,
              {
                extensions: { code: QUERY_TOO_COSTLY, cost, limit: maxCost, http: { status: 400 } },
              },
            );
        },
      };
    },
  };
}

/**
 * "query recommendations", "mutation recordInteraction"…: named by the schema's root fields, unlike
 * client-chosen operation names; more than `most` root fields are "several".
 */
function operationLabel(operation: OperationDefinitionNode | undefined, most: number): string {
  if (!operation) return "unparsed";
  const roots = operation.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : "fragment"));
  const unique = [...new Set(roots)].sort();
  return `${operation.operation} ${unique.length > most ? "several" : unique.join(",")}`;
}

/** Root fields an access line names; the metrics' label names one at most, so that its values stay as few as the root fields, whatever clients combine. */
const LOGGED_ROOTS = 3;
const LABELLED_ROOTS = 1;

const INTERNAL = "INTERNAL_SERVER_ERROR";

/** Times each request for the metrics, notes its operation and error codes for the access line, logs internal errors in full. */
export function observePlugin(metrics: Prometheus, logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async didEncounterErrors({ errors, contextValue }: GraphQLRequestContext<Context>) {
          for (const error of errors ?? []) {
            if (isInternal(error))
              logger.error({ requestId: contextValue.request?.id, err: error.originalError ?? error, path: error.path }, "internal error");
          }
        },
        async willSendResponse({ operation, operationName, response, contextValue }) {
          const errors = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
          const codes = errors ? [...new Set(errors.map((e) => String(e.extensions?.code ?? INTERNAL)))] : [];
          for (const code of codes) metrics.errors.inc({ code });
          // An unknown persisted-query hash is a client error: 404, which Apollo Client's and urql's APQ
          // links treat as "send the whole query" (Apollo answers it 200).
          if (codes.includes("PERSISTED_QUERY_NOT_FOUND")) response.http.status = 404;
          const status = response.http.status ?? 200;
          const outcome = status >= 400 ? "refused" : codes.length > 0 ? "error" : "ok";
          metrics.requests.observe({ operation: operationLabel(operation, LABELLED_ROOTS), outcome }, (performance.now() - started) / 1000);
          const notes = contextValue.request?.notes;
          if (notes) {
            notes.operation = operationLabel(operation, LOGGED_ROOTS);
            if (operationName) notes.operationName = operationName.slice(0, 100);
            if (codes.length > 0) notes.errorCodes = codes;
          }
        },
      };
    },
  };
}
