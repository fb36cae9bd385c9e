/**
 * The fuzz campaign against the GraphQL endpoint: seeded hostile requests of many
 * kinds, sent over HTTP, each answer checked. A server may refuse anything, but only with a 4xx whose
 * body is a JSON error with a code (`errors[0].extensions.code`); a 5xx, a 4xx without that, or no
 * answer at all is a problem. Used by `npm run fuzz` (scripts/fuzz.ts) and test/http/fuzz.test.ts.
 */
import crypto from "node:crypto";
import http from "node:http";
import zlib from "node:zlib";
import { createRandom } from "../src/model/random";

export interface FuzzRequest {
  kind: FuzzKind;
  method: string;
  /** The path and query string: `/graphql?…` */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface FuzzKeys {
  read: string;
  write: string;
  admin: string;
}

export interface FuzzOptions {
  keys: FuzzKeys;
  /** The server's MAX_BODY_BYTES. */
  maxBodyBytes: number;
  /** Product ids 1001… and customer ids 1… that the model holds (the sample shops' ids). */
  products: number;
  customers: number;
}

/**
 * The settings of a server under a campaign, for `npm run fuzz` and its test alike: a key of each role,
 * and one proxy trusted, so that the addresses the campaign forwards reach the per-address rate limiter.
 */
export function fuzzServerSettings(keys: FuzzKeys, maxBodyBytes: number): Record<string, string> {
  return {
    API_KEYS: `fuzz-read:read:${keys.read},fuzz-write:write:${keys.write},fuzz-admin:admin:${keys.admin}`,
    TRUST_PROXY: "1",
    MAX_BODY_BYTES: String(maxBodyBytes),
  };
}

type Random = () => number;

/** What a generator of one kind has to hand. */
interface Tools {
  random: Random;
  int: (min: number, max: number) => number;
  pick: <T>(items: readonly T[]) => T;
  /** `length` characters drawn from `alphabet` (ASCII only). */
  text: (length: number, alphabet?: string) => string;
  options: FuzzOptions;
}

const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const graphql = (body: Buffer | string, headers: Record<string, string> = {}): Omit<FuzzRequest, "kind"> => ({
  method: "POST",
  path: "/graphql",
  headers: { "content-type": "application/json", ...headers },
  body: typeof body === "string" ? Buffer.from(body) : body,
});
const post = (payload: Record<string, unknown> | unknown[], headers: Record<string, string> = {}) => graphql(json(payload), headers);
const get = (params: Record<string, string>, headers: Record<string, string> = {}): Omit<FuzzRequest, "kind"> => ({
  method: "GET",
  path: `/graphql?${new URLSearchParams(params).toString()}`,
  headers,
});

/** Ids no shop holds, or ones that break naive code: empty, huge, control characters, prototype names, SQL, paths. */
const ODD_IDS = [
  "",
  " ",
  "\u0000",
  "\u0000abc",
  "null",
  "undefined",
  "NaN",
  "-1",
  "0",
  "1e309",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "' OR '1'='1",
  "1; DROP TABLE interactions; --",
  "../../etc/passwd",
  "%00",
  "%ff%fe",
  "\ud800",
  "\udfff\ud800",
  "😀😀😀",
  "\u202eevil",
  "a\nb\r\nc\td",
  "<script>alert(1)</script>",
  "${jndi:ldap://x}",
  "{{7*7}}",
];

function oddId(t: Tools): string {
  const roll = t.random();
  if (roll < 0.6) return t.pick(ODD_IDS);
  if (roll < 0.8) return t.text(t.int(1, 300), ALNUM + "!@#$%^&*()_+-=[]{};':\",./<>?\\|`~ ");
  return "x".repeat(t.int(1000, 20_000));
}

const productId = (t: Tools) => String(1001 + t.int(0, t.options.products - 1));
const customerId = (t: Tools) => String(1 + t.int(0, t.options.customers - 1));
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

/** Cheap, valid root selections, for random combinations of root fields. */
const ROOTS = [
  "modelInfo { version }",
  "__typename",
  'product(id: "1001") { id }',
  'segment(customerId: "1") { customerId }',
  'similarProducts(productId: "1002", k: 1) { similarity }',
  'frequentlyBoughtTogether(productId: "1003", k: 1) { lift }',
  "associationRules(k: 1) { lift }",
  "recommendations(k: 1) { score }",
  "recommendationsPage(k: 1) { pageInfo { hasMore } }",
  'products(ids: ["1001"]) { id }',
  '__type(name: "Query") { name }',
];

function legitRead(t: Tools) {
  const queries = [
    () => `{ recommendations(customerId: "${customerId(t)}", k: ${t.int(1, 20)}) { product { id name } score source } }`,
    () => `{ recommendations(context: { viewedProductIds: ["${productId(t)}"] }, k: 5) { product { id } because(k: 2) { id } } }`,
    () =>
      `{ recommendationsPage(customerId: "${customerId(t)}", k: 5, offset: ${t.int(0, 20)}) { items { position } pageInfo { nextOffset } } }`,
    () => `{ similarProducts(productId: "${productId(t)}", k: 10) { product { id category } similarity } }`,
    () => `{ frequentlyBoughtTogether(productId: "${productId(t)}", k: 5) { product { id } lift } }`,
    () => `{ product(id: "${productId(t)}") { id name price } }`,
    () => `{ products(ids: ["${productId(t)}", "${productId(t)}"]) { id } }`,
    () => `{ segment(customerId: "${customerId(t)}") { rfm { label } cluster { id } } }`,
    () => `{ modelInfo { version customers products } }`,
  ];
  const query = t.pick(queries)();
  return t.random() < 0.2
    ? get({ query }, { "apollo-require-preflight": "1" })
    : post({ query }, t.random() < 0.3 ? bearer(t.options.keys.read) : {});
}

function legitWrite(t: Tools) {
  const key = t.random() < 0.5 ? `"fuzz-${t.int(0, 200)}"` : "null";
  const type = t.pick(["VIEW", "ADD_TO_CART", "PURCHASE"]);
  // A bounded set of customers: writes are real data, and a campaign should not grow the shop without bound.
  const mutation = `mutation { recordInteraction(input: { customerId: "fuzz-c${t.int(0, 49)}", productId: "${productId(t)}", type: ${type}, idempotencyKey: ${key} }) { id replayed } }`;
  return post({ query: mutation }, bearer(t.random() < 0.8 ? t.options.keys.write : t.options.keys.admin));
}

function malformedJson(t: Tools) {
  const valid = JSON.stringify({ query: "{ modelInfo { version } }", variables: { a: [1, 2, { b: "c" }] } });
  const bodies = [
    () => valid.slice(0, t.int(1, valid.length - 1)),
    () => "{not json",
    () => `${valid}${t.text(t.int(1, 20))}`,
    () => "{'query': '{ __typename }'}",
    () => '{"query": "\\x41"}',
    () => '{"query": NaN}',
    () => "",
    () => " \n\t ",
    () => `\ufeff${valid}`,
    () => '{"query": "{ __typename }", "query": "{ modelInfo { version } }"}',
    () => `{"query": "${"\\u".repeat(t.int(1, 50))}"}`,
    () => "[".repeat(t.int(1, 200)),
  ];
  return graphql(t.pick(bodies)());
}

function notAnOperation(t: Tools) {
  const payloads: unknown[] = [
    null,
    123,
    "a string",
    true,
    [],
    {},
    { query: 5 },
    { query: ["{ __typename }"] },
    { query: null },
    { query: { kind: "Document" } },
    { query: "{ __typename }", variables: "a string" },
    { query: "{ __typename }", variables: [1, 2] },
    { query: "{ __typename }", operationName: 5 },
    { query: "{ __typename }", extensions: "x" },
    { query: "{ __typename }", extensions: { persistedQuery: 5 } },
    { query: "" },
    { query: " " },
    { query: "#only a comment" },
  ];
  return graphql(JSON.stringify(t.pick(payloads)));
}

function randomBytes(t: Tools) {
  const bytes = Buffer.alloc(t.int(1, 4096));
  for (let i = 0; i < bytes.length; i++) bytes[i] = t.int(0, 255);
  return graphql(bytes, t.random() < 0.2 ? { "content-type": t.pick(["application/octet-stream", "image/png", "application/json"]) } : {});
}

function badContentType(t: Tools) {
  const body = Buffer.from(JSON.stringify({ query: "{ __typename }" }));
  const types: Record<string, string>[] = [
    { "content-type": "text/plain" },
    { "content-type": "application/x-www-form-urlencoded" },
    { "content-type": "multipart/form-data; boundary=xyz" },
    { "content-type": "application/graphql" },
    { "content-type": "text/html" },
    { "content-type": "application/json; charset=utf-16" },
    { "content-type": "application/json; charset=x-nonsense" },
    { "content-type": "application/json", "content-encoding": "br" },
    { "content-type": "application/json", "content-encoding": "x-unknown" },
    { "content-type": "application/json", "content-encoding": "gzip" },
    { "content-type": "application/json", "content-encoding": "deflate" },
    { "content-type": "*/*" },
    { "content-type": t.text(t.int(1, 100)) },
    {},
  ];
  const headers = t.pick(types);
  return { method: "POST", path: "/graphql", headers, body };
}

function oversizedBody(t: Tools) {
  const size = t.options.maxBodyBytes + t.int(1, 200_000);
  return post({ query: "{ modelInfo { version } }", variables: { pad: "x".repeat(size) } });
}

let bomb: Buffer | undefined;
/** 64 MiB of JSON in about 64 KB of gzip: a server must not inflate it past its body limit (this one takes no compressed bodies). */
function gzipBomb() {
  bomb ??= zlib.gzipSync(
    Buffer.concat([Buffer.from('{"query": "{ __typename }", "pad": "'), Buffer.alloc(64 * 1024 * 1024, 48), Buffer.from('"}')]),
  );
  return graphql(bomb, { "content-encoding": "gzip" });
}

function hugeQuery(t: Tools) {
  const room = t.options.maxBodyBytes - 200;
  const variants = [
    () => `{ ${"__typename ".repeat(t.int(10_000, Math.floor(room / 11)))} }`,
    () => `{ modelInfo { version } }\n#${t.text(t.int(100_000, room - 100))}`,
    // Each comment line is a token the parser keeps (and does not count against MAX_TOKENS): a line of JSON's "#\n" is 3 bytes.
    () => `{ modelInfo { version } } #${t.text(8)}\n${"#\n".repeat(t.int(10_000, Math.floor((room - 100) / 3)))}`,
    () => `${" ".repeat(t.int(100_000, room - 100))}{ modelInfo { version } }`,
    () => `{ product(id: "${t.text(t.int(100_000, room - 100))}") { id } }`,
    () => `{ product(id: """${t.text(t.int(100_000, room - 100))}""") { id } }`,
  ];
  return post({ query: t.pick(variants)() });
}

function deepNesting(t: Tools) {
  const depth = t.int(16, 5000);
  const variants = [
    () => {
      let inner = "name";
      for (let i = 0; i < Math.min(depth, 2000); i++) inner = `fields { type { ${inner} } }`;
      return post({ query: `{ __type(name: "Query") { ${inner} } }` });
    },
    () => post({ query: `${"{ a ".repeat(depth)}${"}".repeat(depth)}` }),
    () => post({ query: `{ product(id: ${"[".repeat(depth)}"1"${"]".repeat(depth)}) { id } }` }),
    () => post({ query: `{ recommendations(filter: ${"{ a: ".repeat(depth)}1${"}".repeat(depth)}) { score } }` }),
    () =>
      graphql(
        `{"query": "query($v: ID) { product(id: $v) { id } }", "variables": {"v": ${"[".repeat(depth * 20)}${"]".repeat(depth * 20)}}}`,
      ),
    () => graphql(`{"query": "{ __typename }", "extensions": ${'{"a":'.repeat(depth * 10)}1${"}".repeat(depth * 10)}}`),
  ];
  return t.pick(variants)();
}

function aliasFlood(t: Tools) {
  const n = t.int(21, 5000);
  const field = t.pick(["__typename", "modelInfo { version }", "recommendations(k: 100) { score }", "segments { rfm { label } }"]);
  return post({ query: `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(" ")} }` });
}

function fieldDuplicates(t: Tools) {
  const n = t.int(100, 4000);
  return post({
    query: t.pick([
      `{ ${"__typename ".repeat(n)} }`,
      `{ modelInfo { ${"version ".repeat(n)} } }`,
      `{ ${"modelInfo { version } ".repeat(n)} }`,
    ]),
  });
}

function directiveFlood(t: Tools) {
  const n = t.int(21, 3000);
  const directive = t.pick(["@include(if: true)", "@skip(if: false)", "@nonsense", `@${t.text(8)}`]);
  return post({ query: `{ __typename ${directive.concat(" ").repeat(n)} }` });
}

/** Fragments that double at each level: tiny to send, exponential if anything expands them naively. */
function fragmentBomb(t: Tools) {
  const levels = t.int(10, 40);
  const leaf = t.pick(["__typename", "modelInfo { version }", 'product(id: "1001") { id }']);
  const fragments = [`fragment F0 on Query { ${leaf} }`];
  for (let i = 1; i <= levels; i++) fragments.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
  // The costly variant: a query far over the cost limit, hidden behind the fragments' expansion.
  const costly = t.random() < 0.5 ? "recommendations(k: 1000) { because(k: 100) { id } } " : "";
  return post({ query: `{ ${costly}...F${levels} } ${fragments.join(" ")}` });
}

function fragmentCycle(t: Tools) {
  const n = t.int(2, 50);
  const fragments = Array.from({ length: n }, (_, i) => `fragment F${i} on Query { __typename ...F${(i + 1) % n} }`);
  return post({ query: `{ ...F0 } ${fragments.join(" ")}` });
}

function manyOperations(t: Tools) {
  const n = t.int(2, 3000);
  const operations = Array.from({ length: n }, (_, i) => `query Q${i} { modelInfo { version } }`).join(" ");
  const operationName = t.pick([`Q${t.int(0, n - 1)}`, `Q${n + 5}`, undefined, ""]);
  return post({ query: operations, operationName });
}

function oddIds(t: Tools) {
  const id = oddId(t);
  const variants = [
    () => post({ query: "query($id: ID!) { product(id: $id) { id } }", variables: { id } }),
    () => post({ query: "query($id: ID) { recommendations(customerId: $id, k: 3) { score } }", variables: { id } }),
    () => post({ query: "query($id: ID!) { segment(customerId: $id) { customerId } }", variables: { id } }),
    () => post({ query: "query($id: ID!) { similarProducts(productId: $id) { similarity } }", variables: { id } }),
    () => post({ query: "query($ids: [ID!]!) { products(ids: $ids) { id } }", variables: { ids: [id, id, productId(t)] } }),
    () => post({ query: `{ product(id: ${JSON.stringify(id)}) { id } }` }),
    () => post({ query: `{ product(id: ${t.pick(["123", "-1", "1.5", "true", "null", "ENUM", "9999999999999999999999"])}) { id } }` }),
    () =>
      post(
        {
          query: "mutation($c: ID!, $p: ID!) { recordInteraction(input: { customerId: $c, productId: $p, type: VIEW }) { id } }",
          // A valid odd customer id creates a customer: keep those few, so the shop grows by a bounded amount.
          variables: t.random() < 0.5 ? { c: t.pick(ODD_IDS), p: productId(t) } : { c: customerId(t), p: id },
        },
        bearer(t.options.keys.write),
      ),
  ];
  return t.pick(variants)();
}

function oddNumbers(t: Tools) {
  const n = t.pick(["2147483648", "-1", "0", "99999999999999999999", "1.5", "1e400", '"10"', "null"]);
  const f = t.pick(["1e400", "-1e400", "-0", "1e-400", "NaN", "Infinity", '"1"', "99999999999999999999999"]);
  const variants = [
    () => `{ recommendations(k: ${n}) { score } }`,
    () => `{ recommendations(offset: ${n}) { score } }`,
    () => `{ recommendations(filter: { minPrice: ${f}, maxPrice: ${f} }) { score } }`,
    () => `{ associationRules(minSupport: ${f}, minLift: ${f}, k: ${n}) { lift } }`,
    () =>
      `{ recommendationPerformance(from: "${t.pick(["0000-00-00", "9999-12-31T23:59:59Z", "-271821-04-20T00:00:00Z", "yesterday", ""])}") { shown } }`,
  ];
  return post({ query: t.pick(variants)() });
}

function hugeVariables(t: Tools) {
  const room = t.options.maxBodyBytes - 1000;
  const variants = [
    () => ({
      query: "{ __typename }",
      variables: Object.fromEntries(Array.from({ length: t.int(1000, room / 20) }, (_, i) => [`v${i}`, i])),
    }),
    () => ({ query: "query($id: ID!) { product(id: $id) { id } }", variables: { id: "y".repeat(t.int(10_000, room)) } }),
    () => ({
      query: "query($ids: [ID!]!) { products(ids: $ids) { id } }",
      variables: { ids: Array.from({ length: t.int(101, room / 10) }, (_, i) => String(i)) },
    }),
    () => ({
      query: "mutation($in: [InteractionInput!]!) { recordInteractions(inputs: $in) { id } }",
      variables: { in: Array.from({ length: t.int(501, room / 80) }, () => ({ customerId: "1", productId: "1001", type: "VIEW" })) },
    }),
    () => ({
      query: "query($c: SessionContext) { recommendations(context: $c) { score } }",
      variables: { c: { viewedProductIds: Array.from({ length: t.int(1000, room / 10) }, () => productId(t)) } },
    }),
  ];
  const payload = t.pick(variants)();
  return post(payload, payload.query.startsWith("mutation") ? bearer(t.options.keys.write) : {});
}

const INTROSPECTION = `query IntrospectionQuery { __schema { queryType { name } mutationType { name } types { ...FullType } directives { name args { ...InputValue } } } }
fragment FullType on __Type { kind name description fields(includeDeprecated: true) { name args { ...InputValue } type { ...TypeRef } isDeprecated } inputFields { ...InputValue } interfaces { ...TypeRef } enumValues(includeDeprecated: true) { name } possibleTypes { ...TypeRef } }
fragment InputValue on __InputValue { name type { ...TypeRef } defaultValue }
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`;

function introspection(t: Tools) {
  return post({
    query: t.pick([
      INTROSPECTION,
      "{ __schema { types { name } } }",
      `{ __type(name: "${t.text(t.int(1, 40))}") { name fields { name } } }`,
    ]),
  });
}

function persistedQuery(t: Tools) {
  const hash = crypto.createHash("sha256");
  const query = `{ modelInfo { version } } # ${t.text(t.int(10, 50_000))}`;
  const sha = hash.update(query).digest("hex");
  const variants = [
    () => post({ extensions: { persistedQuery: { version: 1, sha256Hash: t.text(64, "0123456789abcdef") } } }),
    () => get({ extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: t.text(64, "0123456789abcdef") } }) }),
    () => post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: t.text(64, "0123456789abcdef") } } }),
    () => post({ extensions: { persistedQuery: { version: t.pick([2, 0, "1", null]), sha256Hash: sha } } }),
    () => post({ extensions: { persistedQuery: { version: 1, sha256Hash: t.pick(["", "xyz", 5, null, "0".repeat(10_000)]) } } }),
    // A correct registration: the query is stored in the persisted-query cache under its hash.
    () => post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: sha } } }),
  ];
  return t.pick(variants)();
}

function operationNames(t: Tools) {
  const name = `Op${t.text(t.int(1, 30))}`;
  return t.random() < 0.5
    ? post({ query: `query ${name} { modelInfo { version } }`, operationName: name })
    : post({ query: "query Known { modelInfo { version } }", operationName: t.pick([name, t.text(200), "", null]) });
}

function randomRootFields(t: Tools) {
  if (t.random() < 0.3) return post({ query: `{ ${t.text(t.int(1, 30), "abcdefghijklmnopqrstuvwxyz_")} }` });
  const n = t.int(1, 5);
  const fields = Array.from({ length: n }, () => t.pick(ROOTS));
  return post({ query: `${t.pick(["query", "mutation", "subscription", ""])} { ${[...new Set(fields)].join(" ")} }` });
}

function getRequests(t: Tools) {
  const preflight: Record<string, string> = t.random() < 0.7 ? { "apollo-require-preflight": "1" } : {};
  const variants = [
    () => get({ query: "{ modelInfo { version } }" }, preflight),
    () => get({ query: 'mutation { recordInteraction(input: { customerId: "1", productId: "1001", type: VIEW }) { id } }' }, preflight),
    () => get({}, preflight),
    () => get({}, { accept: "text/html" }),
    () => get({ query: "{ __typename }", variables: "{not json" }, preflight),
    () => get({ query: "{ __typename }", extensions: "[1" }, preflight),
    () => get({ query: `{ product(id: "${"z".repeat(t.int(17_000, 40_000))}") { id } }` }, preflight),
    () => get({ query: "{ __typename }", operationName: t.text(100) }, preflight),
  ];
  return t.pick(variants)();
}

function otherMethodsAndPaths(t: Tools): Omit<FuzzRequest, "kind"> {
  const method = t.pick(["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "GET", "POST"]);
  const path = t.pick([
    "/graphql",
    "/graphql/",
    "/graphql/x",
    "/GRAPHQL",
    "/%ff",
    "/..%2f..%2fetc%2fpasswd",
    "/metrics",
    "/health/ready",
    "/health/live",
    "/",
    `/${t.text(t.int(1, 200))}`,
  ]);
  return {
    method,
    path,
    headers: { "content-type": "application/json" },
    body: method === "GET" || method === "HEAD" ? undefined : Buffer.from('{"query":"{ __typename }"}'),
  };
}

function wrongKeys(t: Tools) {
  const header = t.pick<Record<string, string>>([
    { authorization: `Bearer ${t.text(t.int(1, 100))}` },
    { authorization: "Bearer " },
    { authorization: `Basic ${Buffer.from("user:pass").toString("base64")}` },
    { authorization: t.text(t.int(1, 8000)) },
    { "x-api-key": t.text(t.int(1, 500)) },
    { authorization: `Bearer ${t.options.keys.read}x` },
  ]);
  const query =
    t.random() < 0.5
      ? "{ modelInfo { version } }"
      : 'mutation { recordInteraction(input: { customerId: "1", productId: "1001", type: VIEW }) { id } }';
  return post({ query }, header);
}

function batched(t: Tools) {
  return post(Array.from({ length: t.int(2, 1000) }, () => ({ query: "{ modelInfo { version } }" })));
}

function hugeHeaders(t: Tools) {
  return post({ query: "{ __typename }" }, { cookie: `a=${t.text(t.int(17_000, 30_000))}` });
}

/** Addresses a proxy might forward (TRUST_PROXY): each a new entry in the per-address rate limiter. */
function forwardedFor(t: Tools) {
  const address = t.pick([
    () => `${t.int(1, 254)}.${t.int(0, 255)}.${t.int(0, 255)}.${t.int(1, 254)}`,
    () => `2001:db8::${t.int(0, 65535).toString(16)}`,
    () => t.text(t.int(1, 2000)),
  ])();
  return post({ query: "{ modelInfo { version } }" }, { "x-forwarded-for": address, "x-request-id": t.text(t.int(1, 300)) });
}

/**
 * Merchandising rules and experiments with hostile values, with the admin key. Names come from a
 * small set, and experiments start only on a few placements (a running one refuses the next), so a
 * campaign stores a bounded number of them.
 */
function merchandising(t: Tools) {
  const odd = () => t.pick<unknown>([oddId(t), -1, 0, 1.5, 2147483648, 1e308, -1e308, "", null, true, [], {}, "NaN", productId(t)]);
  const name = () => (t.random() < 0.8 ? `fuzz-rule-${t.int(0, 9)}` : oddId(t));
  const condition = () =>
    t.pick<Record<string, unknown>>([
      { productIds: [productId(t), odd()] },
      { categories: [oddId(t)] },
      { attributes: [{ name: oddId(t), value: oddId(t) }] },
      { minPrice: odd(), maxPrice: odd() },
      {},
      { productIds: Array.from({ length: t.int(900, 1100) }, () => productId(t)) },
    ]);
  const rule = (): Record<string, unknown> =>
    t.pick<() => Record<string, unknown>>([
      () => ({
        name: name(),
        pin: {
          pins: [
            { productId: productId(t), position: odd() },
            { productId: odd(), position: t.int(1, 12) },
          ],
        },
      }),
      () => ({ name: name(), boost: { condition: condition(), factor: odd() } }),
      () => ({ name: name(), bury: { condition: condition(), factor: t.random() < 0.5 ? null : odd() } }),
      () => ({
        name: name(),
        exclude: { condition: condition() },
        scope: { placements: [oddId(t)], segments: [oddId(t)], clusters: [odd()] },
      }),
      () => ({ name: name(), diversity: { attribute: t.random() < 0.5 ? null : oddId(t), maxPerValue: odd(), withinFirst: odd() } }),
      () => ({ name: name(), promotion: { condition: condition(), slots: odd(), per: odd() } }),
      () => ({
        name: name(),
        curated: { seedProductId: productId(t), productIds: [productId(t), odd()], mode: t.pick(["LEAD", "REPLACE", "SIDEWAYS"]) },
      }),
      () => ({
        name: name(),
        activeFrom: t.pick(["9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "soon"]),
        exclude: { condition: condition() },
      }),
      () => ({ name: name(), pin: { pins: [] }, boost: { condition: condition(), factor: 2 } }),
    ])();
  const admin = bearer(t.options.keys.admin);
  const variants = [
    () =>
      post(
        {
          query: "mutation($r: [MerchandisingRuleInput!]!) { upsertMerchandisingRules(rules: $r) { name } }",
          variables: { r: Array.from({ length: t.int(1, 4) }, rule) },
        },
        admin,
      ),
    () => post({ query: "mutation($n: String!) { deleteMerchandisingRule(name: $n) }", variables: { n: name() } }, admin),
    () =>
      post(
        {
          query: "mutation($i: ExperimentInput!) { startExperiment(input: $i) { id } }",
          variables: {
            i: {
              name: oddId(t),
              placements: t.random() < 0.3 ? null : [t.pick(["fuzz-a", "fuzz-b", oddId(t)])],
              arms: Array.from({ length: t.int(0, 12) }, () => ({
                name: name(),
                share: odd(),
                ranker: t.pick(["MODEL", "ALS", "ITEM_KNN", "POPULARITY", "OTHER"]),
              })),
              control: t.random() < 0.5 ? null : oddId(t),
            },
          },
        },
        admin,
      ),
    () => post({ query: "mutation($id: ID!) { stopExperiment(id: $id) { id } }", variables: { id: oddId(t) } }, admin),
    () => post({ query: "query($id: ID!) { experimentResults(id: $id) { threshold } }", variables: { id: oddId(t) } }, admin),
    () => post({ query: "{ merchandisingRules { name action } experiments { id arms { name } } }" }, t.random() < 0.5 ? admin : {}),
    () =>
      post({
        query: "query($s: ID, $p: String) { recommendations(sessionId: $s, placement: $p, k: 5) { rules } }",
        variables: { s: oddId(t), p: t.pick(["fuzz-a", oddId(t)]) },
      }),
  ];
  return t.pick(variants)();
}

/**
 * Buy again, its page, the mix in recommendations and the admin reminders, with valid and hostile
 * arguments: odd ids, horizons and dates out of range, windows too long or backwards.
 */
function buyAgain(t: Tools) {
  const n = t.pick<unknown>([t.int(1, 30), 0, -1, 367, 2147483648, 1.5, "7", null]);
  const date = () => t.pick<unknown>(["2011-12-01T00:00:00Z", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "soon", "", null, 5]);
  const variants = [
    () =>
      post({
        query: `{ buyAgain(customerId: "${customerId(t)}", k: ${t.int(1, 20)}) { product { id } probability expectedNextPurchase timesBought } }`,
      }),
    () =>
      post({
        query:
          "query($c: ID!, $h: Int, $a: DateTimeISO, $o: Int) { buyAgainPage(customerId: $c, horizonDays: $h, asOf: $a, offset: $o) { dated asOf items { position } } }",
        variables: { c: t.random() < 0.5 ? customerId(t) : oddId(t), h: n, a: date(), o: n },
      }),
    () =>
      post({
        query: "query($c: ID, $m: Int) { recommendations(customerId: $c, k: 8, mix: { buyAgain: $m }) { source score } }",
        variables: { c: t.random() < 0.7 ? customerId(t) : oddId(t), m: t.pick<unknown>([t.int(0, 20), 21, -1, 1e9, "3", null]) },
      }),
    () =>
      post(
        {
          query:
            "query($f: DateTimeISO!, $t: DateTimeISO!, $k: Int, $o: Int) { dueForRepurchase(from: $f, to: $t, k: $k, offset: $o) { customerId probability } }",
          variables: { f: date(), t: date(), k: n, o: t.pick<unknown>([0, t.int(0, 10_000), 10_001, -5]) },
        },
        t.random() < 0.8 ? bearer(t.options.keys.admin) : t.random() < 0.5 ? bearer(t.options.keys.read) : {},
      ),
  ];
  return t.pick(variants)();
}

/** Each kind and how often it comes, out of their sum. */
const KINDS = {
  legitRead: [legitRead, 12],
  legitWrite: [legitWrite, 3],
  malformedJson: [malformedJson, 5],
  notAnOperation: [notAnOperation, 3],
  randomBytes: [randomBytes, 4],
  badContentType: [badContentType, 4],
  oversizedBody: [oversizedBody, 2],
  gzipBomb: [gzipBomb, 1],
  hugeQuery: [hugeQuery, 4],
  deepNesting: [deepNesting, 4],
  aliasFlood: [aliasFlood, 4],
  fieldDuplicates: [fieldDuplicates, 2],
  directiveFlood: [directiveFlood, 2],
  fragmentBomb: [fragmentBomb, 2],
  fragmentCycle: [fragmentCycle, 1],
  manyOperations: [manyOperations, 3],
  oddIds: [oddIds, 6],
  oddNumbers: [oddNumbers, 2],
  hugeVariables: [hugeVariables, 3],
  introspection: [introspection, 2],
  persistedQuery: [persistedQuery, 4],
  operationNames: [operationNames, 3],
  randomRootFields: [randomRootFields, 3],
  getRequests: [getRequests, 3],
  otherMethodsAndPaths: [otherMethodsAndPaths, 2],
  wrongKeys: [wrongKeys, 2],
  batched: [batched, 1],
  hugeHeaders: [hugeHeaders, 1],
  forwardedFor: [forwardedFor, 3],
  buyAgain: [buyAgain, 3],
  merchandising: [merchandising, 4],
} satisfies Record<string, [(t: Tools) => Omit<FuzzRequest, "kind">, number]>;

export type FuzzKind = keyof typeof KINDS;
export const FUZZ_KINDS = Object.keys(KINDS) as FuzzKind[];

/** `count` hostile requests, the same for the same seed. */
export function* fuzzRequests(seed: number, count: number, options: FuzzOptions): Generator<FuzzRequest> {
  const random = createRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const tools: Tools = {
    random,
    int,
    pick: (items) => items[int(0, items.length - 1)],
    text: (length, alphabet = ALNUM) => {
      const bytes = Buffer.allocUnsafe(length);
      for (let i = 0; i < length; i++) bytes[i] = alphabet.charCodeAt(int(0, alphabet.length - 1));
      return bytes.toString("latin1");
    },
    options,
  };
  const entries = Object.entries(KINDS) as [FuzzKind, [(t: Tools) => Omit<FuzzRequest, "kind">, number]][];
  const total = entries.reduce((sum, [, [, weight]]) => sum + weight, 0);
  for (let i = 0; i < count; i++) {
    let roll = random() * total;
    const [kind, [make]] = entries.find(([, [, weight]]) => (roll -= weight) < 0) ?? entries[entries.length - 1];
    yield { kind, ...make(tools) };
  }
}

/** What became of one request. */
export interface FuzzOutcome {
  kind: FuzzKind;
  /** The HTTP status; 0 when there was no answer. */
  status: number;
  ms: number;
  /** errors[0].extensions.code of the answer, if any. */
  code?: string;
  /** Why the answer is not acceptable: a 5xx, a 4xx without a JSON error code, no answer. */
  problem?: string;
}

/** Sends one request and checks its answer; never throws. */
export function send(base: string, request: FuzzRequest, agent: http.Agent, timeoutMs: number): Promise<FuzzOutcome> {
  const url = new URL(base);
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<FuzzOutcome, "kind" | "ms">) => {
      if (settled) return;
      settled = true;
      resolve({ kind: request.kind, ms: performance.now() - started, ...outcome });
    };
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        agent,
        headers: { ...request.headers, ...(request.body ? { "content-length": String(request.body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", (error) => finish({ status: res.statusCode ?? 0, problem: `the answer broke off: ${error.message}` }));
        res.on("end", () => finish(judge(request, res.statusCode ?? 0, Buffer.concat(chunks).toString("utf8"))));
      },
    );
    req.setTimeout(timeoutMs, () => {
      finish({ status: 0, problem: `no answer within ${timeoutMs} ms` });
      req.destroy();
    });
    // A server may answer (413) and close before it has read the whole body: that is an answer, not a problem.
    req.on("error", (error) => setTimeout(() => finish({ status: 0, problem: `no answer: ${error.message}` }), 50));
    req.end(request.body);
  });
}

function judge(request: FuzzRequest, status: number, text: string): Omit<FuzzOutcome, "kind" | "ms"> {
  let code: string | undefined;
  let internal = false;
  try {
    const body = JSON.parse(text) as { errors?: { extensions?: { code?: unknown } }[] };
    if (typeof body?.errors?.[0]?.extensions?.code === "string") code = body.errors[0].extensions.code;
    internal = Array.isArray(body?.errors) && body.errors.some((e) => e?.extensions?.code === "INTERNAL_SERVER_ERROR");
  } catch {
    // not JSON
  }
  if (status >= 500 || internal) return { status, code, problem: `${status}: ${text.slice(0, 300)}` };
  if (status >= 400 && code === undefined && request.method !== "HEAD")
    return { status, problem: `${status} without a JSON error code: ${text.slice(0, 300) || "(empty body)"}` };
  return { status, code };
}

export interface CampaignResult {
  requests: number;
  byStatus: Record<string, number>;
  byCode: Record<string, number>;
  /** The slowest request of each kind. */
  slowestByKind: Partial<Record<FuzzKind, number>>;
  slowest: FuzzOutcome | null;
  overOneSecond: FuzzOutcome[];
  /** Every problem (a 5xx, a 4xx without a code, no answer), with one of its requests. */
  problems: { outcome: FuzzOutcome; request: FuzzRequest }[];
}

/** Sends `requests` with `concurrency` at a time; stops early once `deadline` (Date.now() ms) has passed. */
export async function runCampaign(
  base: string,
  requests: Iterable<FuzzRequest>,
  { concurrency = 4, timeoutMs = 30_000, deadline = Infinity }: { concurrency?: number; timeoutMs?: number; deadline?: number } = {},
): Promise<CampaignResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const result: CampaignResult = {
    requests: 0,
    byStatus: {},
    byCode: {},
    slowestByKind: {},
    slowest: null,
    overOneSecond: [],
    problems: [],
  };
  const iterator = requests[Symbol.iterator]();
  const worker = async () => {
    for (let next = iterator.next(); !next.done && Date.now() < deadline; next = iterator.next()) {
      const request = next.value;
      const outcome = await send(base, request, agent, timeoutMs);
      result.requests++;
      result.byStatus[outcome.status] = (result.byStatus[outcome.status] ?? 0) + 1;
      if (outcome.code) result.byCode[outcome.code] = (result.byCode[outcome.code] ?? 0) + 1;
      result.slowestByKind[outcome.kind] = Math.max(result.slowestByKind[outcome.kind] ?? 0, outcome.ms);
      if (!result.slowest || outcome.ms > result.slowest.ms) result.slowest = outcome;
      if (outcome.ms > 1000) result.overOneSecond.push(outcome);
      // Kept without the body, which may be a megabyte.
      if (outcome.problem) result.problems.push({ outcome, request: { ...request, body: request.body?.subarray(0, 500) } });
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return result;
}
