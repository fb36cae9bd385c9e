/**
 * Building the service: the Apollo server and the HTTP app around it. Nothing here listens on a port;
 * src/main.ts does that, and tests call executeOperation or listen on port 0.
 */
import "reflect-metadata";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import cors from "cors";
import express from "express";
import type { Context } from "./graphql/context";
import { formatError } from "./graphql/errors";
import { buildAppSchema } from "./graphql/schema";
import type { Services } from "./services";

export type AppServices = Services;

export function createApolloServer(extraPlugins: ConstructorParameters<typeof ApolloServer<Context>>[0]["plugins"] = []) {
  return new ApolloServer<Context>({
    schema: buildAppSchema(),
    formatError,
    introspection: true,
    includeStacktraceInErrorResponses: process.env.NODE_ENV === "development",
    plugins: extraPlugins,
  });
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the HTTP service: POST/GET /graphql (Apollo Sandbox in a browser) and GET /health. */
export async function startHttpServer(services: AppServices, port: number, host?: string): Promise<RunningServer> {
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = createApolloServer([ApolloServerPluginDrainHttpServer({ httpServer })]);
  await apollo.start();
  app.get("/health", (_req, res) => {
    const info = services.modelInfo.describe();
    res.json({ status: "ok", modelVersion: info.version, customers: info.customers, products: info.products });
  });
  app.use(
    "/graphql",
    cors<cors.CorsRequest>(),
    express.json({ limit: "1mb" }),
    expressMiddleware(apollo, { context: async () => services }),
  );
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(port, host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const shownHost = host && host !== "0.0.0.0" && host !== "::" ? host : "localhost";
  return {
    url: `http://${shownHost}:${address.port}/graphql`,
    port: address.port,
    close: () => apollo.stop(),
  };
}
