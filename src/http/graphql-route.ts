/** POST and GET /graphql through Express: CORS, rate limits, JSON only, then Apollo. */
import type http from "node:http";
import type { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import cors from "cors";
import type { Express, RequestHandler } from "express";
import type { Config } from "../config";
import type { Context } from "../graphql/context";
import type { Caller } from "./keys";
import type { Prometheus } from "./prometheus";
import { rateLimit, type RateLimits } from "./rate-limit";
import { sendError } from "./responses";

export interface GraphqlRouteDeps {
  apollo: ApolloServer<Context>;
  config: Pick<Config, "corsOrigins" | "trustProxy">;
  limits: RateLimits;
  metrics: Prometheus;
  jsonParser: RequestHandler;
  callerOf: (req: http.IncomingMessage) => Caller;
  contextOf: (res: http.ServerResponse, caller: Caller) => Context;
}

export function graphqlRoute(app: Express, { apollo, config, limits, metrics, jsonParser, callerOf, contextOf }: GraphqlRouteDeps): void {
  const origins = config.corsOrigins;
  app.use(
    "/graphql",
    cors<cors.CorsRequest>({
      origin: origins.includes("*") ? "*" : origins.length > 0 ? origins : false,
      allowedHeaders: ["content-type", "authorization", "x-api-key", "x-request-id", "apollo-require-preflight"],
      exposedHeaders: ["x-request-id"],
      maxAge: 600,
    }),
    rateLimit(limits, config.trustProxy, (req) => callerOf(req).key?.name ?? null),
    (req, res, next) => {
      if (req.method === "POST" && !req.is("application/json")) {
        metrics.rejected.inc({ reason: "content type" });
        return sendError(
          res,
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          `POST /graphql needs Content-Type: application/json, got ${req.headers["content-type"] ?? "none"}`,
        );
      }
      next();
    },
    jsonParser,
    expressMiddleware(apollo, { context: async ({ req, res }): Promise<Context> => contextOf(res, callerOf(req)) }),
  );
}
