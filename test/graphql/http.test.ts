import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../helpers/http-server";
import type { GraphQLResult } from "../helpers/graphql";
import type { Product, Recommendation } from "../../web/src/generated/schema";
import { trainedModelFile } from "../helpers/trained-store";

type Recs = { recommendations: (Pick<Recommendation, "score" | "source"> & { product: Pick<Product, "id"> })[] };

let running: Awaited<ReturnType<typeof startTestServer>>;
let server: Awaited<ReturnType<typeof startTestServer>>["server"];

beforeAll(async () => {
  const { dbPath } = await trainedModelFile();
  running = await startTestServer(dbPath);
  server = running.server;
});
afterAll(() => running.close());

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
