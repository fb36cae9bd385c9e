/**
 * Building the service: the Apollo server and the HTTP app around it. Nothing here listens on a port
 * until startHttpServer is called; src/main.ts does that, and tests call executeOperation or listen on
 * port 0.
 */
import "reflect-metadata";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import express, { type NextFunction, type Request, type Response } from "express";
import { type Config, readConfig } from "./config";
import type { Context } from "./graphql/context";
import { formatError } from "./graphql/errors";
import { knownOperationTypes } from "./graphql/operation-types";
import { buildAppSchema } from "./graphql/schema";
import { type AccessPolicy, accessPolicy } from "./http/access";
import { documentCache, persistedQueryCache } from "./http/caches";
import { Health } from "./http/health";
import { type Caller, KeyRing } from "./http/keys";
import { graphqlPost } from "./http/graphql-post";
import { accessLog, createLogger, type Logger, notesOf } from "./http/logging";
import { Prometheus } from "./http/prometheus";
import { prometheusRoutes } from "./http/prometheus-routes";
import { graphqlRoute } from "./http/graphql-route";
import { clientErrorOf } from "./http/body-errors";
import { listen } from "./http/listen";
import { pageRoutes } from "./http/pages";
import { accessPlugin, costPlugin, noStorePlugin, observePlugin } from "./http/plugins";
import { RateLimits } from "./http/rate-limit";
import { answerParserRefusal, sendError } from "./http/responses";
import type { Services } from "./serving";

export type AppServices = Services;

/** What the GraphQL endpoint needs from the configuration. */
export type GraphQLSettings = Pick<Config, "production" | "introspection" | "landingPage" | "keys" | "readsRequireKey"> & {
  limits: Pick<Config["limits"], "depth" | "aliases" | "tokens" | "directives" | "cost">;
};

/** The settings of a development server with nothing configured (what tests get by default). */
export const DEFAULT_SETTINGS: Config = readConfig({});

/**
 * The Apollo server: the schema, the limits (depth, aliases, directives and field suggestions by
 * GraphQL Armor; tokens by graphql-js's parser; cost by graphql-query-complexity), access by key scope,
 * the landing page and introspection as configured.
 */
export function createApolloServer(settings: GraphQLSettings = DEFAULT_SETTINGS, extraPlugins: ApolloServerPlugin<Context>[] = []) {
  const schema = buildAppSchema();
  const { limits } = settings;
  const armor = new ApolloArmor({
    maxDepth: { n: limits.depth, ignoreIntrospection: false, flattenFragments: true },
    maxAliases: { n: limits.aliases },
    maxDirectives: { n: limits.directives },
    // Tokens are counted by graphql-js's own parser (parseOptions below) and cost by costPlugin, which knows each field's price.
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: settings.production },
  });
  const protection = armor.protect();
  const policy: AccessPolicy = accessPolicy(settings);
  return new ApolloServer<Context>({
    schema,
    formatError,
    introspection: settings.introspection,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // src/main.ts stops the server on SIGTERM and SIGINT (readiness off, SHUTDOWN_DELAY_SECONDS, then
    // drain, write, exit). Apollo's own handlers would stop it at once and end the process by signal.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: limits.tokens },
    // Parsed documents and persisted queries, each cache bounded by what its entries really hold (http/caches.ts).
    documentStore: documentCache(),
    cache: persistedQueryCache(),
    validationRules: [knownOperationTypes, ...protection.validationRules],
    plugins: [
      ...protection.plugins,
      accessPlugin(policy, schema),
      costPlugin(limits.cost, limits.tokens, schema),
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin(),
      settings.landingPage ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageDisabled(),
      ...extraPlugins,
    ],
  });
}

export interface RunningServer {
  url: string;
  port: number;
  /** The port /metrics is served on without a key, when METRICS_PORT is set. */
  metricsPort?: number;
  /** Readiness turns false; after the configured delay, in-flight requests finish (within the grace period) and the server stops. */
  close(): Promise<void>;
}

export interface ServeOptions {
  /**
   * One of several worker processes on one port (src/workers.ts): the rate limits count in the primary
   * process, /metrics shows the whole server's figures, and METRICS_PORT is the primary's to serve.
   */
  serverWorker?: boolean;
}

/**
 * Starts the HTTP service: POST/GET /graphql, /health/live, /health/ready (and /health), /metrics.
 * Every answer, refusals included, is JSON with a code; every request writes one access line.
 */
export async function startHttpServer(
  services: AppServices,
  config: Config,
  logger: Logger = createLogger(config.log),
  options: ServeOptions = {},
): Promise<RunningServer> {
  const serverWorker = options.serverWorker ?? false;
  const app = express();
  app.disable("x-powered-by");
  // Answers are never stored (cache-control: no-store), so a hash of every body for an ETag is work for nothing.
  app.set("etag", false);
  // A number of hops, never `true`: Express then takes the address the nearest proxy appended to
  // X-Forwarded-For, not the left-most entry, which the client writes itself.
  app.set("trust proxy", config.trustProxy);
  // Plain GraphQL POSTs are answered without Express (http/graphql-post.ts); the rest by the app.
  const httpServer = http.createServer((req, res) => {
    if (plainPost(req, res)) return;
    app(req, res);
  });
  const metrics = new Prometheus(services, config.modelDb);
  httpServer.on("clientError", (error: NodeJS.ErrnoException, socket) =>
    answerParserRefusal(error, socket, (code) => {
      metrics.rejected.inc({ reason: code.toLowerCase() });
      logger.warn({ reason: error.message }, "refused a malformed request");
    }),
  );
  const health = new Health(services, config.modelDb);
  const keys = new KeyRing(config.keys);
  const policy = accessPolicy(config);
  const apollo = createApolloServer(config, [
    ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdown.graceSeconds * 1000 }),
    observePlugin(metrics, logger),
  ]);
  await apollo.start();

  const callers = new WeakMap<http.IncomingMessage, Caller>();
  const callerOf = (req: http.IncomingMessage) => callers.get(req)!;
  const identify = (req: http.IncomingMessage, res: http.ServerResponse): Caller => {
    const caller = keys.identify(req.headers);
    callers.set(req, caller);
    if (caller.key) notesOf(res).key = caller.key.name;
    return caller;
  };
  const contextOf = (res: http.ServerResponse, caller: Caller): Context => {
    const notes = notesOf(res);
    return {
      ...services,
      request: {
        id: notes.requestId,
        deadline: Date.now() + config.limits.timeBudgetMs,
        keyName: caller.key?.name ?? null,
        scope: caller.key?.scope ?? null,
        wrongKey: caller.wrongKey,
        notes,
      },
    };
  };
  const logAccess = accessLog(logger);
  const limits = new RateLimits(config.limits, (reason) => metrics.rejected.inc({ reason }), logger, serverWorker);
  // Compressed bodies are refused (415): inflating one takes an event-loop turn per 16 KB, over a
  // second for a megabyte under load, and a kilobyte of gzip asks for a megabyte of work.
  const jsonParser = express.json({ limit: config.limits.bodyBytes, inflate: false });
  /** A body the client got wrong, answered as such (true), or false for an error of the server's. */
  const refuseBody = (error: unknown, res: http.ServerResponse): boolean => {
    const clientError = error instanceof Error ? clientErrorOf(error, config.limits.bodyBytes) : null;
    if (!clientError) return false;
    metrics.rejected.inc({ reason: clientError.code.toLowerCase() });
    logger.warn({ requestId: notesOf(res).requestId, reason: clientError.message }, "refused a malformed request");
    sendError(res, clientError.status, clientError.code, clientError.message);
    return true;
  };
  const plainPost = graphqlPost({
    apollo,
    accessLog: logAccess,
    identify,
    limits,
    trustedHops: config.trustProxy,
    bodyBytes: config.limits.bodyBytes,
    jsonParser,
    context: (_req, res, caller) => contextOf(res, caller),
    refuseBody,
    logger,
  });

  app.use(logAccess);
  app.use((req, res, next) => {
    identify(req, res);
    next();
  });
  health.routes(app);

  const metricsServer = await prometheusRoutes(app, metrics, config, serverWorker, policy, callerOf);

  graphqlRoute(app, { apollo, config, limits, metrics, jsonParser, callerOf, contextOf });
  if (config.pages.enabled) app.use(pageRoutes(services, config, (req, needed) => policy(callerOf(req), needed)));
  app.use((_req, res) =>
    sendError(res, 404, "NOT_FOUND", "no such address: the API is at /graphql, health at /health/live and /health/ready"),
  );
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    if (refuseBody(error, res)) return;
    logger.error({ requestId: notesOf(res).requestId, err: error }, "internal error");
    sendError(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
  });

  await listen(httpServer, config.port, config.host);
  const address = httpServer.address() as AddressInfo;
  return {
    url: graphqlUrl(config.host, address.port),
    port: address.port,
    metricsPort: metricsServer ? (metricsServer.address() as AddressInfo).port : undefined,
    close: async () => {
      health.stop();
      if (config.shutdown.delaySeconds > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdown.delaySeconds * 1000));
      await apollo.stop();
      if (metricsServer) await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
    },
  };
}

/** The API's address as a client on this machine reaches it. */
export function graphqlUrl(host: string, port: number): string {
  const shownHost = host !== "0.0.0.0" && host !== "::" ? host : "localhost";
  return `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${port}/graphql`;
}
