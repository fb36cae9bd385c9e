import assert from "node:assert";
import { createApolloServer } from "../../src/app";
import { createServices } from "../../src/serving";
import { Store } from "../../src/store";

/** A GraphQL response body; `T` is the shape of `data` the query selects (typed with the schema's generated types, web/src/generated/schema.ts), unknown until given. */
export interface GraphQLResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: readonly { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** An Apollo server over a model file, queried in-process with executeOperation. */
export function graphqlHarness(dbPath: string) {
  const store = Store.open(dbPath);
  const services = createServices(store);
  const server = createApolloServer();
  async function run<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>> {
    const response = await server.executeOperation<T>({ query, variables }, { contextValue: services });
    assert(response.body.kind === "single");
    return response.body.singleResult as GraphQLResult<T>;
  }
  /** Runs and insists on success. */
  async function data<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const result = await run<T>(query, variables);
    assert(!result.errors, JSON.stringify(result.errors));
    return result.data as T;
  }
  function errorCode(result: GraphQLResult): unknown {
    return result.errors?.[0]?.extensions?.code;
  }
  async function close() {
    await server.stop();
    store.close();
  }
  return { store, services, holder: services.holder, server, run, data, errorCode, close };
}

/** A small trained shop (see trained-store.ts) and a harness over its model file. */
export async function openShopHarness() {
  const { trainedModelFile } = await import("./trained-store");
  const trained = await trainedModelFile();
  return { h: graphqlHarness(trained.dbPath), shop: trained.shop, dbPath: trained.dbPath };
}
