/**
 * The storefront's request, answered without Express: a plain `POST /graphql` with a JSON body of a
 * known length, no Origin (so no CORS to answer) and no Content-Encoding. Express's router, its
 * request and response decorations and its body parser cost about as much CPU as running a small
 * query (figures in docs/performance.md); everything else (a browser's cross-origin
 * request, GET, a chunked or compressed body, other addresses) still goes through the Express app.
 *
 * Each step is the one the Express chain takes, shared with it: the access line and request id, the
 * caller's key, the rate limits, the body limit, Apollo. A body that is not a JSON object is handed to
 * Express's own JSON parser (on a replay of the bytes read), so every refusal says what it said before.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { type ApolloServer, HeaderMap } from "@apollo/server";
import type { Context } from "../graphql/context";
import type { Caller } from "./keys";
import { type Logger, notesOf } from "./logging";
import { clientAddress, type RateLimits } from "./rate-limit";
import { sendError } from "./responses";

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

export interface GraphQLPostOptions {
  apollo: ApolloServer<Context>;
  /** Writes the access line and sets the request id (logging.ts). */
  accessLog: Middleware;
  identify: (req: IncomingMessage, res: ServerResponse) => Caller;
  limits: RateLimits;
  trustedHops: number;
  bodyBytes: number;
  /** Express's JSON body parser, for the bodies this path does not take as they are. */
  jsonParser: Middleware;
  context: (req: IncomingMessage, res: ServerResponse, caller: Caller) => Context;
  /** A refusal of the body (as the Express app's error handler answers it), or null for an error of the server's. */
  refuseBody: (error: unknown, res: ServerResponse) => boolean;
  logger: Logger;
}

const JSON_TYPES = new Set(["application/json", "application/json;charset=utf-8"]);

/** Whether the request is the plain kind this path answers (anything else goes to Express). */
export function isPlainGraphQLPost(req: IncomingMessage, bodyBytes: number): boolean {
  const { headers } = req;
  if (req.method !== "POST" || req.url !== "/graphql") return false;
  if (headers.origin !== undefined || headers["content-encoding"] !== undefined || headers["transfer-encoding"] !== undefined) return false;
  const type = headers["content-type"];
  if (type === undefined || !JSON_TYPES.has(type.toLowerCase().replace(/\s+/g, ""))) return false;
  const length = headers["content-length"];
  return length !== undefined && /^\d{1,9}$/.test(length) && Number(length) <= bodyBytes;
}

/** Returns a handler that answers a plain GraphQL POST and returns true, or returns false for Express to answer. */
export function graphqlPost(options: GraphQLPostOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { apollo, logger } = options;

  const fail = (error: unknown, res: ServerResponse) => {
    if (options.refuseBody(error, res)) return;
    logger.error({ requestId: notesOf(res).requestId, err: error }, "internal error");
    if (!res.headersSent) sendError(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
    else res.destroy();
  };

  async function answer(req: IncomingMessage, res: ServerResponse, caller: Caller, body: unknown): Promise<void> {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: "POST", headers, search: "", body },
      context: async () => options.context(req, res, caller),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.setHeader("content-length", Buffer.byteLength(response.body.string));
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  /** A body that is not a plain JSON object: Express's parser reads the same bytes and decides (an error, {} for none, an array…). */
  function parseAsExpress(req: IncomingMessage, res: ServerResponse, bytes: Buffer, then: (body: unknown) => void): void {
    const replay = Object.assign(Readable.from([bytes]), { headers: req.headers, method: req.method, url: req.url }) as Readable &
      IncomingMessage & { body?: unknown };
    options.jsonParser(replay, res, (error) => (error ? fail(error, res) : then(replay.body)));
  }

  return (req, res) => {
    if (!isPlainGraphQLPost(req, options.bodyBytes)) return false;
    options.accessLog(req, res, () => {});
    const caller = options.identify(req, res);
    const run = async () => {
      if (!(await options.limits.admit(caller.key?.name ?? null, clientAddress(req, options.trustedHops), res))) return;
      const bytes = await readBody(req);
      const body = plainObject(bytes);
      if (body !== undefined) return answer(req, res, caller, body);
      parseAsExpress(req, res, bytes, (parsed) => answer(req, res, caller, parsed).catch((error: unknown) => fail(error, res)));
    };
    run().catch((error: unknown) => fail(error, res));
    return true;
  };
}

/** The body's bytes (Node's parser holds it to the Content-Length the request declared). */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.once("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    // The client went away mid-body: the refusal Express's parser gives it (there is nobody left to answer).
    const aborted = () => reject(Object.assign(new Error("request aborted"), { type: "request.aborted" }));
    req.once("error", aborted);
    req.once("aborted", aborted);
  });
}

/** The body as a JSON object when it plainly is one (starts with `{`, parses); otherwise undefined. */
function plainObject(bytes: Buffer): Record<string, unknown> | undefined {
  if (bytes.length === 0 || bytes[0] !== 0x7b) return undefined;
  try {
    const value: unknown = JSON.parse(bytes.toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
