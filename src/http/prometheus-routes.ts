/** /metrics: on the main port behind the admin scope, or alone on METRICS_PORT without a key. */
import http from "node:http";
import express, { type Express } from "express";
import type { Config } from "../config";
import type { Caller } from "./keys";
import { listen } from "./listen";
import { type Prometheus, PROMETHEUS_CONTENT_TYPE } from "./prometheus";
import { sendError } from "./responses";
import type { AccessPolicy } from "./access";
import { workerPrometheus } from "./worker-prometheus";

/**
 * Serves the figures: a worker of several processes shows the whole server's (gathered by the
 * primary, which serves METRICS_PORT itself); a single process serves METRICS_PORT when it is set.
 * Returns the server on METRICS_PORT when this process started one.
 */
export async function prometheusRoutes(
  app: Express,
  metrics: Prometheus,
  config: Pick<Config, "metricsPort" | "host">,
  serverWorker: boolean,
  policy: AccessPolicy,
  callerOf: (req: http.IncomingMessage) => Caller,
): Promise<http.Server | undefined> {
  const metricsText = serverWorker ? workerPrometheus(metrics.registry) : () => metrics.registry.metrics();
  if (config.metricsPort !== undefined) {
    return serverWorker ? undefined : startMetricsServer(config.metricsPort, config.host, metricsText);
  }
  app.get("/metrics", (req, res, next) => {
    const refusal = policy(callerOf(req), "admin");
    if (refusal)
      return sendError(res, refusal.status, refusal.code, `${refusal.message} (/metrics needs the admin scope, or set METRICS_PORT)`);
    metricsText()
      .then((body) => res.type(PROMETHEUS_CONTENT_TYPE).send(body))
      .catch(next);
  });
  return undefined;
}

/** /metrics alone, without a key, on its own port (METRICS_PORT): the single process's, or a cluster primary's. */
export async function startMetricsServer(port: number, host: string, text: () => Promise<string>): Promise<http.Server> {
  const metricsApp = express();
  metricsApp.disable("x-powered-by");
  metricsApp.get("/metrics", (_req, res, next) => {
    text()
      .then((body) => res.type(PROMETHEUS_CONTENT_TYPE).send(body))
      .catch(next);
  });
  const server = http.createServer(metricsApp);
  await listen(server, port, host);
  return server;
}
