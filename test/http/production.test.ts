/**
 * The production surface over real HTTP on 127.0.0.1: keys and scopes, limits, malformed requests,
 * request ids and access lines, health, metrics. Each server runs on a free port and is stopped after.
 */
import fs from "node:fs";
import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../helpers/http-server";
import { trainedModelFile } from "../helpers/trained-store";

const READ = "read-secret-0123456789";
const WRITE = "write-secret-0123456789";
const ADMIN = "admin-secret-0123456789";
const KEYS = `storefront:read:${READ},backend:write:${WRITE},ops:admin:${ADMIN}`;

const VIEW = `mutation { recordInteraction(input: { customerId: "http-1", productId: "1001", type: VIEW }) { id } }`;
const READ_QUERY = `{ recommendations(k: 2) { product { id } } }`;
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

let dbPath: string;
beforeAll(async () => {
  ({ dbPath } = await trainedModelFile());
});

type Server = Awaited<ReturnType<typeof startTestServer>>;
async function withServer(env: Record<string, string>, use: (s: Server) => Promise<void>): Promise<void> {
  const server = await startTestServer(dbPath, env);
  try {
    await use(server);
  } finally {
    await server.close();
  }
}

describe("API keys", () => {
  let s: Server;
  beforeAll(async () => {
    s = await startTestServer(dbPath, { API_KEYS: KEYS });
  });
  afterAll(() => s.close());

  it("let anyone read by default, and refuse a write without a key with 401 UNAUTHENTICATED", async () => {
    expect((await s.post({ query: READ_QUERY })).status).toBe(200);
    const refused = await s.post({ query: VIEW });
    expect(refused.status).toBe(401);
    expect(refused.json!.errors![0].extensions!.code).toBe("UNAUTHENTICATED");
    expect(refused.json!.data).toBeUndefined();
  });

  it("refuse a write with a read key with 403 FORBIDDEN, and take it with a write or admin key (Bearer or x-api-key)", async () => {
    const forbidden = await s.post({ query: VIEW }, bearer(READ));
    expect(forbidden.status).toBe(403);
    expect(forbidden.json!.errors![0]).toMatchObject({
      extensions: { code: "FORBIDDEN" },
      message: expect.stringMatching(/"storefront" has the read scope/),
    });
    expect((await s.post({ query: VIEW }, bearer(WRITE))).json).toMatchObject({ data: { recordInteraction: { id: expect.any(String) } } });
    expect((await s.post({ query: VIEW }, { "x-api-key": ADMIN })).status).toBe(200);
  });

  it("refuse a wrong key even for a read, without saying anything about the keys", async () => {
    const wrong = await s.post({ query: READ_QUERY }, bearer(`${READ}x`));
    expect(wrong.status).toBe(401);
    expect(wrong.json!.errors![0].message).toBe("the API key is not valid");
  });

  it("keep admin-only fields for the admin key", async () => {
    const query = `{ modelInfo { version source { format } } }`;
    expect((await s.post({ query }, bearer(WRITE))).status).toBe(403);
    expect((await s.post({ query }, bearer(ADMIN))).json).toMatchObject({ data: { modelInfo: { source: { format: "trio" } } } });
    expect((await s.post({ query: `{ modelInfo { version } }` })).status).toBe(200);
  });

  it("keep merchandising rules and experiments for the admin key, reads and writes alike", async () => {
    const upsert = `mutation { upsertMerchandisingRules(rules: [{ name: "no-toys", exclude: { condition: { categories: ["Toys & Games"] } } }]) { name } }`;
    expect((await s.post({ query: upsert }, bearer(WRITE))).status).toBe(403);
    expect((await s.post({ query: `{ merchandisingRules { name } experiments { id } }` }, bearer(READ))).status).toBe(403);
    expect((await s.post({ query: upsert }, bearer(ADMIN))).json).toMatchObject({
      data: { upsertMerchandisingRules: [{ name: "no-toys" }] },
    });
    expect((await s.post({ query: `{ merchandisingRules { name } }` }, bearer(ADMIN))).json).toMatchObject({
      data: { merchandisingRules: [{ name: "no-toys" }] },
    });
    expect((await s.post({ query: `mutation { deleteMerchandisingRule(name: "no-toys") }` }, bearer(ADMIN))).status).toBe(200);
  });

  it("require a read key for reads when READS_REQUIRE_KEY is set", () =>
    withServer({ API_KEYS: KEYS, READS_REQUIRE_KEY: "true" }, async (t) => {
      expect((await t.post({ query: READ_QUERY })).status).toBe(401);
      expect((await t.post({ query: READ_QUERY }, bearer(READ))).status).toBe(200);
    }));

  it("are all refused for writes by a production server with no keys configured", () =>
    withServer({ NODE_ENV: "production" }, async (t) => {
      const refused = await t.post({ query: VIEW });
      expect(refused.status).toBe(401);
      expect(refused.json!.errors![0].message).toMatch(/no API keys configured/);
      expect((await t.post({ query: READ_QUERY })).status).toBe(200);
    }));
});

describe("CORS", () => {
  it("allows only the configured origins, and none by default", async () => {
    const preflight = (base: string, origin: string) =>
      fetch(`${base}/graphql`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,authorization" },
      });
    await withServer({ CORS_ORIGINS: "https://shop.example" }, async (t) => {
      const allowed = await preflight(t.base, "https://shop.example");
      expect(allowed.headers.get("access-control-allow-origin")).toBe("https://shop.example");
      expect(allowed.headers.get("access-control-allow-headers")).toMatch(/authorization/);
      expect((await preflight(t.base, "https://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
    });
    await withServer({}, async (t) => {
      expect((await preflight(t.base, "https://shop.example")).headers.get("access-control-allow-origin")).toBeNull();
    });
  });
});

describe("limits", () => {
  let s: Server;
  beforeAll(async () => {
    s = await startTestServer(dbPath, { MAX_ALIASES: "5", MAX_DEPTH: "15", MAX_TOKENS: "500", MAX_BODY_BYTES: "4096", MAX_COST: "2000" });
  });
  afterAll(() => s.close());

  const refusal = async (body: unknown) => {
    const r = await s.post(body);
    return { status: r.status, code: r.json?.errors?.[0].extensions?.code, message: r.json?.errors?.[0].message ?? r.text };
  };

  it("refuse too many aliases, too many tokens and too deep a query with a 400 naming the limit", async () => {
    const aliases = `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: modelInfo { version }`).join(" ")} }`;
    expect(await refusal({ query: aliases })).toMatchObject({ status: 400, message: expect.stringMatching(/Aliases limit of 5 exceeded/) });
    const tokens = `{ modelInfo { ${"a ".repeat(600)} } }`;
    expect(await refusal({ query: tokens })).toMatchObject({ status: 400, message: expect.stringMatching(/more tha\w? 500 tokens/) });
    let deep = "name";
    for (let i = 0; i < 8; i++) deep = `fields { type { ${deep} } }`;
    expect(await refusal({ query: `{ __type(name: "Query") { ${deep} } }` })).toMatchObject({
      status: 400,
      message: expect.stringMatching(/depth limit of 15/i),
    });
  });

  it("let the standard introspection query through", async () => {
    const unlimited = await startTestServer(dbPath, {});
    try {
      expect((await unlimited.post({ query: getIntrospectionQuery() })).json!.errors).toBeUndefined();
    } finally {
      await unlimited.close();
    }
  });

  it("refuse a query over the cost limit before running it, saying its cost", async () => {
    const costly = `{ recommendations(k: 100) { product { id name } because(k: 10) { id name } } }`;
    const r = await refusal({ query: costly });
    expect(r).toMatchObject({
      status: 400,
      code: "QUERY_TOO_COSTLY",
      message: expect.stringMatching(/estimated cost is \d+; the limit is 2000 \(MAX_COST\)/),
    });
    expect((await s.post({ query: `{ recommendations(k: 10) { product { id name } because(k: 3) { id } } }` })).status).toBe(200);
  });

  it("estimate the same query again for each size it is sent with, so a kept estimate never lets a costlier one through", async () => {
    const query = `query ($id: ID, $k: Int) { recommendations(customerId: $id, k: $k) { product { id name } because(k: 10) { id name } } }`;
    for (const [k, id, status] of [
      [5, "a", 200],
      [5, "b", 200],
      [100, "a", 400],
      [100, "c", 400],
      [5, "c", 200],
    ] as const) {
      const r = await s.post({ query, variables: { id, k } });
      expect({ k, id, status: r.status, code: r.json?.errors?.[0].extensions?.code }).toEqual({
        k,
        id,
        status,
        code: status === 200 ? undefined : "QUERY_TOO_COSTLY",
      });
    }
  });

  it("refuse a body over MAX_BODY_BYTES with 413, and batched requests with 400", async () => {
    const big = { query: `{ modelInfo { version } }`, variables: { pad: "x".repeat(5000) } };
    expect(await refusal(big)).toMatchObject({
      status: 413,
      code: "PAYLOAD_TOO_LARGE",
      message: expect.stringMatching(/4096 bytes \(MAX_BODY_BYTES\)/),
    });
    expect(await refusal([{ query: READ_QUERY }, { query: READ_QUERY }])).toMatchObject({
      status: 400,
      message: expect.stringMatching(/batching/i),
    });
  });

  it("limit each client address per second with 429 and Retry-After, loopback included when it is not exempt", () =>
    withServer({ RATE_LIMIT_PER_ADDRESS: "3", RATE_LIMIT_EXEMPT: "" }, async (t) => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await t.post({ query: READ_QUERY })).status);
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses.slice(3)).toEqual([429, 429]);
      const limited = await t.post({ query: READ_QUERY });
      expect(limited.json!.errors![0]).toMatchObject({
        extensions: { code: "RATE_LIMITED" },
        message: expect.stringMatching(/RATE_LIMIT_PER_ADDRESS/),
      });
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect((await fetch(`${t.base}/health/live`)).status).toBe(200);
    }));

  it("count a client behind TRUST_PROXY proxies by the address the nearest proxy saw, not by what the client wrote", () =>
    withServer({ RATE_LIMIT_PER_ADDRESS: "2", RATE_LIMIT_EXEMPT: "", TRUST_PROXY: "1" }, async (t) => {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await t.post({ query: READ_QUERY }, { "x-forwarded-for": `198.51.100.${i}, 203.0.113.7` })).status);
      expect(statuses).toEqual([200, 200, 429]);
      expect((await t.post({ query: READ_QUERY }, { "x-forwarded-for": "203.0.113.8" })).status).toBe(200);
    }));

  it("limit each key per second", () =>
    withServer({ API_KEYS: KEYS, RATE_LIMIT_PER_KEY: "2" }, async (t) => {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await t.post({ query: READ_QUERY }, bearer(READ))).status);
      expect(statuses).toEqual([200, 200, 429]);
      expect((await t.post({ query: READ_QUERY }, bearer(WRITE))).status).toBe(200);
    }));

  it("stop a request's remaining fields once its time budget is spent, and answer the rest", () =>
    withServer({ REQUEST_TIME_BUDGET_MS: "1", MAX_COST: "100000" }, async (t) => {
      const query = `{ ${Array.from({ length: 20 }, (_, i) => `s${i}: segments { rfm { label } }`).join(" ")} }`;
      const r = await t.post({ query });
      const codes = r.json!.errors?.map((e) => e.extensions!.code) ?? [];
      expect(codes.length).toBeGreaterThan(0);
      expect(new Set(codes)).toEqual(new Set(["TIME_BUDGET_EXCEEDED"]));
      expect(r.json!.errors![0].message).toMatch(/REQUEST_TIME_BUDGET_MS/);
    }));
});

describe("malformed requests", () => {
  let s: Server;
  beforeAll(async () => {
    s = await startTestServer(dbPath, { LOG_LEVEL: "info" });
  });
  afterAll(() => s.close());

  it("get a JSON error with a 4xx status and a code, and one warning line without a stack trace", async () => {
    const malformed = await s.post("{not json");
    expect(malformed.status).toBe(400);
    expect(malformed.json!.errors![0].extensions!.code).toBe("BAD_REQUEST");
    const plain = await fetch(s.server.url, { method: "POST", headers: { "content-type": "text/plain" }, body: READ_QUERY });
    expect(plain.status).toBe(415);
    expect(((await plain.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe(
      "UNSUPPORTED_MEDIA_TYPE",
    );
    const get = await fetch(`${s.server.url}?query=${encodeURIComponent(VIEW)}`, { headers: { "apollo-require-preflight": "1" } });
    expect(get.status).toBe(405);
    const apq = await s.post({ extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } });
    expect(apq.status).toBe(404);
    expect(apq.json!.errors![0].extensions!.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const lines = s.logLines.filter((l) => l.msg === "refused a malformed request");
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0])).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it("mask an internal error's details from the client and log them in full with the request id", async () => {
    const catalog = s.services.catalog;
    const original = catalog.product.bind(catalog);
    catalog.product = () => {
      throw new Error("no such table: secret_table (SELECT * FROM /srv/shop/model.db)");
    };
    try {
      const r = await s.post({ query: `{ product(id: "1001") { id } }` }, { "x-request-id": "boom-1" });
      expect(r.json!.errors![0]).toMatchObject({ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } });
      expect(r.text).not.toMatch(/secret_table|model\.db|SELECT/);
      const logged = s.logLines.find((l) => l.msg === "internal error" && l.requestId === "boom-1");
      expect(JSON.stringify(logged)).toMatch(/secret_table/);
    } finally {
      catalog.product = original;
    }
  });

  it("log a query that does not fit the schema as the client's mistake, not as an internal error", async () => {
    const r = await s.post({ query: `{ noSuchField }` }, { "x-request-id": "typo-1" });
    expect(r.status).toBe(400);
    expect(r.json!.errors![0].extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const lines = s.logLines.filter((l) => l.requestId === "typo-1");
    expect(lines.map((l) => l.msg)).toEqual(["POST /graphql 400"]);
  });

  it("mark every GraphQL answer as not to be stored by caches on the way", async () => {
    const answers = [await s.post({ query: READ_QUERY }), await s.post({ query: `{ noSuchField }` })];
    expect(answers.map((a) => a.headers.get("cache-control"))).toEqual(["no-store", "no-store"]);
  });

  it("answer an unknown address with a JSON 404 and never say x-powered-by", async () => {
    const response = await fetch(`${s.base}/nowhere`);
    expect(response.status).toBe(404);
    expect(response.headers.get("x-powered-by")).toBeNull();
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe("NOT_FOUND");
  });
});

describe("request ids and the access log", () => {
  it("return the caller's x-request-id (or a new one) and write one access line per request, naming the key, never its secret", () =>
    withServer({ API_KEYS: KEYS, LOG_LEVEL: "info" }, async (t) => {
      const mine = await t.post(
        { query: `query HomePage ${READ_QUERY}`, operationName: "HomePage" },
        { "x-request-id": "shop-req-42", ...bearer(READ) },
      );
      expect(mine.headers.get("x-request-id")).toBe("shop-req-42");
      const generated = await t.post({ query: `{ segment(customerId: "nobody") { customerId } }` });
      expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      const access = t.logLines.filter((l) => typeof l.requestId === "string" && "ms" in l);
      expect(access).toHaveLength(2);
      expect(access[0]).toMatchObject({
        requestId: "shop-req-42",
        operation: "query recommendations",
        key: "storefront",
        res: { status: 200 },
      });
      expect(access[1]).toMatchObject({ operation: "query segment", errorCodes: ["NOT_FOUND"] });
      // Durations to a hundredth of a millisecond, not whole ones (a 1-ms answer is the common case).
      const ms = access.map((l) => l.ms as number);
      expect(ms.every((m) => m > 0 && Math.abs(m * 100 - Math.round(m * 100)) < 1e-6)).toBe(true);
      expect(ms.some((m) => !Number.isInteger(m))).toBe(true);
      expect(JSON.stringify(t.logLines)).not.toContain(READ);
    }));
});

describe("health", () => {
  it("is live and ready with a model, and not ready once shutdown has begun", () =>
    withServer({ SHUTDOWN_DELAY_SECONDS: "1" }, async (t) => {
      expect(await (await fetch(`${t.base}/health/live`)).json()).toEqual({ status: "ok" });
      expect(await (await fetch(`${t.base}/health/ready`)).json()).toMatchObject({ status: "ok", modelVersion: 1 });
      expect((await fetch(`${t.base}/health`)).status).toBe(200);
      const closing = t.server.close();
      const ready = await fetch(`${t.base}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ reason: "shutting down" });
      expect((await fetch(`${t.base}/health/live`)).status).toBe(200);
      await closing;
    }));

  it("is not ready while the model file cannot be found, and names it", () =>
    withServer({}, async (t) => {
      const moved = `${dbPath}.moved`;
      fs.renameSync(dbPath, moved);
      try {
        const ready = await fetch(`${t.base}/health/ready`);
        expect(ready.status).toBe(503);
        expect(await ready.json()).toMatchObject({ status: "unavailable", reason: expect.stringContaining(`${dbPath}: ENOENT`) });
      } finally {
        fs.renameSync(moved, dbPath);
      }
      expect((await fetch(`${t.base}/health/ready`)).status).toBe(200);
    }));
});

describe("metrics", () => {
  it("are served to the admin key in Prometheus format, with requests, errors, fold-in and the model", () =>
    withServer({ API_KEYS: KEYS }, async (t) => {
      await t.post({ query: READ_QUERY });
      await t.post({ query: VIEW }, bearer(WRITE));
      await t.post({ query: `{ product(id: "nope") { id } }` });
      expect((await fetch(`${t.base}/metrics`, { headers: bearer(READ) })).status).toBe(403);
      const text = await (await fetch(`${t.base}/metrics`, { headers: bearer(ADMIN) })).text();
      expect(text).toMatch(/graphql_request_duration_seconds_count\{operation="query recommendations",outcome="ok"\} 1/);
      expect(text).toMatch(/graphql_errors_total\{code="NOT_FOUND"\} 1/);
      expect(text).toMatch(/foldin_duration_seconds_count 1/);
      expect(text).toMatch(/model_version 1/);
      expect(text).toMatch(/model_products \d+/);
      expect(text).toMatch(/process_resident_memory_bytes \d+/);
    }));

  it("are open on METRICS_PORT when one is set", () =>
    withServer({ API_KEYS: KEYS, METRICS_PORT: "0" }, async (t) => {
      const response = await fetch(`http://127.0.0.1:${t.server.metricsPort}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/model_version/);
      expect((await fetch(`${t.base}/metrics`)).status).toBe(404);
    }));
});
