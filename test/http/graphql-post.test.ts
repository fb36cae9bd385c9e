/**
 * Plain GraphQL POSTs are answered without Express (src/http/graphql-post.ts). Whatever the body, the
 * answer must be the one the Express chain gives: the same request sent with an Origin header (which
 * only the Express chain takes) is the reference.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncomingMessage } from "node:http";
import { isPlainGraphQLPost } from "../../src/http/graphql-post";
import { clientAddress } from "../../src/http/rate-limit";
import { startTestServer } from "../helpers/http-server";
import { trainedModelFile } from "../helpers/trained-store";

type Server = Awaited<ReturnType<typeof startTestServer>>;
let s: Server;
beforeAll(async () => {
  const { dbPath } = await trainedModelFile();
  s = await startTestServer(dbPath, { LOG_LEVEL: "info", MAX_BODY_BYTES: "2048", API_KEYS: "shop:read:read-secret-0123456789" });
});
afterAll(() => s.close());

const BODIES: [string, string][] = [
  ["a query", JSON.stringify({ query: "{ recommendations(k: 2) { product { id } score } }" })],
  [
    "a query with variables and an operation name",
    JSON.stringify({ query: "query Q($k: Int) { recommendations(k: $k) { score } }", variables: { k: 3 }, operationName: "Q" }),
  ],
  ["a field the schema lacks", JSON.stringify({ query: "{ nothingHere }" })],
  ["a bad argument", JSON.stringify({ query: "{ recommendations(k: -1) { score } }" })],
  ["a query that is not a string", JSON.stringify({ query: 42 })],
  ["no query", "{}"],
  ["an empty body", ""],
  ["broken JSON", '{"query": '],
  ["a JSON string", '"{ modelInfo { version } }"'],
  ["a JSON array (a batch)", JSON.stringify([{ query: "{ modelInfo { version } }" }])],
  ["a JSON null", "null"],
  ["leading white space", `  \n${JSON.stringify({ query: "{ modelInfo { version } }" })}`],
  ["a byte-order mark", `\uFEFF${JSON.stringify({ query: "{ modelInfo { version } }" })}`],
  ["a body over MAX_BODY_BYTES", JSON.stringify({ query: `{ modelInfo { version } } #${"x".repeat(3000)}` })],
];

async function send(body: string, headers: Record<string, string>) {
  const response = await fetch(s.server.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    cache: response.headers.get("cache-control"),
    body: (await response.text()).replace(/"recommendationId":"[^"]+"/g, '"recommendationId":"…"'),
  };
}

describe("a plain GraphQL POST answered without Express", () => {
  it.each(BODIES)("gets the answer the Express chain gives to %s", async (_name, body) => {
    const plain = await send(body, {});
    const throughExpress = await send(body, { origin: "http://shop.example" });
    expect(plain).toEqual(throughExpress);
  });

  it("gets the Express chain's answers to a wrong key and to a right one", async () => {
    const body = JSON.stringify({ query: "{ modelInfo { version } }" });
    const callers: Record<string, string>[] = [{ "x-api-key": "wrong" }, { authorization: "Bearer read-secret-0123456789" }];
    for (const headers of callers) {
      expect(await send(body, headers)).toEqual(await send(body, { ...headers, origin: "http://shop.example" }));
    }
  });

  it("writes one access line with the request id it returns, as the Express chain does", async () => {
    const before = s.logLines.length;
    const response = await fetch(s.server.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "plain-7", authorization: "Bearer read-secret-0123456789" },
      body: JSON.stringify({ query: "{ modelInfo { version } }" }),
    });
    expect(response.headers.get("x-request-id")).toBe("plain-7");
    await response.text();
    const lines = s.logLines.slice(before).filter((l) => l.requestId === "plain-7");
    expect(lines).toEqual([
      expect.objectContaining({
        msg: "POST /graphql 200",
        req: expect.objectContaining({ method: "POST", path: "/graphql" }),
        res: { status: 200 },
        operation: "query modelInfo",
        key: "shop",
      }),
    ]);
  });
});

describe("which requests take the plain path", () => {
  const request = (method: string, url: string, headers: Record<string, string>) =>
    ({ method, url, headers }) as unknown as IncomingMessage;
  const json = { "content-type": "application/json", "content-length": "20" };

  it("are JSON POSTs to /graphql of a declared length within the limit, without Origin or Content-Encoding", () => {
    expect(isPlainGraphQLPost(request("POST", "/graphql", json), 1024)).toBe(true);
    expect(isPlainGraphQLPost(request("POST", "/graphql", { ...json, "content-type": "application/json; charset=UTF-8" }), 1024)).toBe(
      true,
    );
    expect(isPlainGraphQLPost(request("GET", "/graphql", json), 1024)).toBe(false);
    expect(isPlainGraphQLPost(request("POST", "/graphql?x=1", json), 1024)).toBe(false);
    expect(isPlainGraphQLPost(request("POST", "/graphql", { ...json, origin: "http://a" }), 1024)).toBe(false);
    expect(isPlainGraphQLPost(request("POST", "/graphql", { ...json, "content-encoding": "gzip" }), 1024)).toBe(false);
    expect(isPlainGraphQLPost(request("POST", "/graphql", { ...json, "content-type": "text/plain" }), 1024)).toBe(false);
    expect(isPlainGraphQLPost(request("POST", "/graphql", { ...json, "content-type": "application/json; charset=latin1" }), 1024)).toBe(
      false,
    );
    expect(
      isPlainGraphQLPost(request("POST", "/graphql", { "content-type": "application/json", "transfer-encoding": "chunked" }), 1024),
    ).toBe(false);
    expect(isPlainGraphQLPost(request("POST", "/graphql", { ...json, "content-length": "2048" }), 1024)).toBe(false);
  });

  it("count a client behind proxies by the entry the nearest trusted proxy wrote", () => {
    const from = (xff?: string) =>
      ({ socket: { remoteAddress: "10.0.0.1" }, headers: xff ? { "x-forwarded-for": xff } : {} }) as unknown as IncomingMessage;
    expect(clientAddress(from("1.1.1.1, 2.2.2.2"), 0)).toBe("10.0.0.1");
    expect(clientAddress(from("1.1.1.1, 2.2.2.2"), 1)).toBe("2.2.2.2");
    expect(clientAddress(from("1.1.1.1, 2.2.2.2"), 2)).toBe("1.1.1.1");
    expect(clientAddress(from("1.1.1.1, 2.2.2.2"), 5)).toBe("1.1.1.1");
    expect(clientAddress(from(), 1)).toBe("10.0.0.1");
    expect(clientAddress(from("spoofed, , 3.3.3.3"), 1)).toBe("3.3.3.3");
  });
});
