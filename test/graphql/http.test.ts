import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startHttpServer } from "../../src/app";
import { createServices } from "../../src/services";
import { Store } from "../../src/store";
import type { GraphQLResult } from "../helpers/graphql";
import type { Product, Recommendation } from "../helpers/shapes";
import { trainedModelFile } from "../helpers/trained-store";

type Recs = { recommendations: (Pick<Recommendation, "score" | "source"> & { product: Pick<Product, "id"> })[] };

let server: RunningServer;
let store: Store;

beforeAll(async () => {
  const { dbPath } = await trainedModelFile();
  store = Store.open(dbPath);
  server = await startHttpServer(createServices(store), 0, "127.0.0.1");
});
afterAll(async () => {
  await server.close();
  store.close();
});

describe("the HTTP service", () => {
  it("answers a GraphQL POST on /graphql", async () => {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ recommendations(customerId: "1", k: 3) { product { id } score source } }` }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as GraphQLResult<Recs>;
    expect(body.errors).toBeUndefined();
    expect(body.data!.recommendations).toHaveLength(3);
  });

  it("reports errors with their code over HTTP", async () => {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ segment(customerId: "ghost") { customerId } }` }),
    });
    const body = (await response.json()) as GraphQLResult<{ segment: { customerId: string } }>;
    expect(body.errors![0].extensions!.code).toBe("NOT_FOUND");
  });

  it("answers the health check", async () => {
    const response = await fetch(server.url.replace("/graphql", "/health"));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", modelVersion: 1 });
  });
});
