/**
 * What the fuzz campaign (npm run fuzz) found, each over real HTTP on 127.0.0.1: hostile requests that
 * got a 5xx, an internal error, an empty 4xx, or past a limit, and memory that a stream of padded
 * queries kept. Each is now refused with a 4xx JSON error with a code, or bounded.
 */
import net from "node:net";
import v8 from "node:v8";
import vm from "node:vm";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../helpers/http-server";
import { trainedModelFile } from "../helpers/trained-store";

const ADMIN = "admin-secret-0123456789";

let s: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  const { dbPath } = await trainedModelFile();
  s = await startTestServer(dbPath, { API_KEYS: `ops:admin:${ADMIN}`, MAX_COST: "2000" });
});
afterAll(() => s.close());

const firstError = (r: Awaited<ReturnType<typeof s.post>>) => ({
  status: r.status,
  code: r.json?.errors?.[0].extensions?.code,
  message: r.json?.errors?.[0].message,
});

/** Writes `request` on a fresh connection and reads until the server closes it: the status and body. */
function rawExchange(request: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(s.server.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), "127.0.0.1", () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), body: text.slice(text.indexOf("\r\n\r\n") + 4) });
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error("no answer")));
  });
}

describe("a server sent hostile requests", () => {
  it("refuses a costly query hidden behind fragments that spread each other twice over, as too costly", async () => {
    const fragments = ["fragment F0 on Query { __typename }"];
    for (let i = 1; i <= 14; i++) fragments.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
    const costly = `recommendations(k: 100, includePurchased: true) { because(k: 10) { id name } product { id name } }`;
    const r = firstError(await s.post({ query: `{ ${costly} ...F14 } ${fragments.join(" ")}` }));
    expect(r).toMatchObject({
      status: 400,
      code: "QUERY_TOO_COSTLY",
      message: expect.stringMatching(/fragments expand to more than 10000/),
    });
    // Fragments that expand to fewer selections than the limit are estimated as usual.
    const small = await s.post({ query: `{ ${costly} ...F3 } ${fragments.slice(0, 4).join(" ")}` });
    expect(firstError(small)).toMatchObject({ status: 400, code: "QUERY_TOO_COSTLY", message: expect.stringMatching(/estimated cost is/) });
  });

  it("refuses a subscription in validation with a 400, not an internal error", async () => {
    const r = firstError(await s.post({ query: `subscription { modelInfo { version } }` }));
    expect(r).toEqual({
      status: 400,
      code: "GRAPHQL_VALIDATION_FAILED",
      message: "this API has no subscriptions: it answers queries and mutations",
    });
  });

  it("answers a persisted query whose hash does not match, or of another version, with 400 BAD_REQUEST and Apollo's message", async () => {
    const mismatch = await s.post({ query: "{ __typename }", extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } });
    expect(firstError(mismatch)).toEqual({ status: 400, code: "BAD_REQUEST", message: "provided sha does not match query" });
    const version = await s.post({ extensions: { persistedQuery: { version: 2, sha256Hash: "0".repeat(64) } } });
    expect(firstError(version)).toEqual({ status: 400, code: "BAD_REQUEST", message: "Unsupported persisted query version" });
  });

  it("answers headers larger than Node's limit with a JSON 431", async () => {
    const r = await rawExchange(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: a=${"x".repeat(20_000)}\r\nContent-Length: 2\r\n\r\n{}`,
    );
    expect(r.status).toBe(431);
    expect(JSON.parse(r.body).errors[0]).toMatchObject({
      extensions: { code: "REQUEST_HEADER_FIELDS_TOO_LARGE" },
      message: expect.stringMatching(/larger than \d+ bytes/),
    });
  });

  it("answers a request that is not valid HTTP with a JSON 400", async () => {
    const r = await rawExchange("GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nNot a header\r\n\r\n");
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).errors[0].extensions.code).toBe("BAD_REQUEST");
  });

  it("refuses a compressed body with 415, without inflating it, and names the encoding", async () => {
    for (const [encoding, body] of [
      ["gzip", zlib.gzipSync(JSON.stringify({ query: "{ __typename }" }))],
      ["gzip", Buffer.from("not gzip at all")],
      ["br", Buffer.from("nor brotli")],
    ] as const) {
      const response = await fetch(s.server.url, {
        method: "POST",
        headers: { "content-type": "application/json", "content-encoding": encoding },
        body,
      });
      expect(response.status).toBe(415);
      const answer = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(answer.errors[0]).toEqual({
        message: `Content-Encoding ${encoding} is not accepted: send the body as plain JSON`,
        extensions: { code: "UNSUPPORTED_MEDIA_TYPE" },
      });
    }
  });

  it("labels its request metrics with one root field at most, whatever root fields clients combine", async () => {
    const roots = [
      "modelInfo { version }",
      "__typename",
      'product(id: "1001") { id }',
      'segment(customerId: "1") { customerId }',
      "associationRules(k: 1) { lift }",
    ];
    for (let i = 0; i < roots.length; i++)
      for (let j = i + 1; j < roots.length; j++) expect((await s.post({ query: `{ ${roots[i]} ${roots[j]} }` })).status).toBe(200);
    await s.post({ query: `{ product(id: "1001") { id } }` });
    const text = await (await fetch(`${s.base}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
    const labels = [...text.matchAll(/graphql_request_duration_seconds_count\{operation="([^"]*)"/g)].map((m) => m[1]);
    expect(labels).toEqual(expect.arrayContaining(["query several", "query product"]));
    expect(labels.filter((label) => label.includes(","))).toEqual([]);
  });

  it("keeps parsed documents within its cache's bound when every query is padded with comment lines", async () => {
    // Each query holds 20,000 comment tokens, which Apollo's own cache did not count: about 2 MB kept per query.
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    const heap = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const before = heap();
    for (let i = 0; i < 150; i++) {
      const query = `{ modelInfo { version } } # ${i}\n${"#\n".repeat(20_000)}`;
      expect((await s.post({ query })).status).toBe(200);
    }
    const grown = heap() - before;
    expect(grown).toBeLessThan(80 * 1024 * 1024);
  });
});
