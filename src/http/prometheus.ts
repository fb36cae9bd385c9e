/**
 * Prometheus metrics (prom-client, on a registry of the server's own): requests and their latency per
 * operation and outcome, errors by code, fold-in latency, the model served (version, age, swaps,
 * customers, products), the SQLite WAL's size, and the process's own figures. A server of several
 * processes adds up its workers' counts (worker-prometheus.ts); each gauge says how its workers' values
 * combine (`aggregator`): the model's version is the oldest one served, its age the oldest's.
 */
import fs from "node:fs";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Services } from "../serving";

/** What /metrics answers with: Prometheus's text format. */
export const PROMETHEUS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

export class Prometheus {
  readonly registry = new Registry();
  readonly requests: Histogram<"operation" | "outcome">;
  readonly errors: Counter<"code">;
  readonly rejected: Counter<"reason">;

  constructor(services: Services, modelDb: string) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Histogram({
      name: "graphql_request_duration_seconds",
      help: "GraphQL requests by operation (its type and root fields) and outcome (ok, error, refused)",
      labelNames: ["operation", "outcome"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.errors = new Counter({ name: "graphql_errors_total", help: "GraphQL errors answered, by code", labelNames: ["code"], registers });
    this.rejected = new Counter({
      name: "http_rejected_total",
      help: "HTTP requests refused before GraphQL ran, by reason (rate limit, malformed body, …)",
      labelNames: ["reason"],
      registers,
    });
    const foldIn = new Histogram({
      name: "foldin_duration_seconds",
      help: "Time a recorded interaction spends folding its customer into the model",
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers,
    });
    services.interactions.onFoldIn((seconds) => foldIn.observe(seconds));
    // Every worker switches to each new version: the server's count is the count of one of them.
    const swaps = new Counter({
      name: "model_swaps_total",
      help: "Switches to a newer model version since start",
      registers,
      aggregator: "max",
    });
    services.onModelSwap(() => swaps.inc());
    const model = () => services.modelInfo.describe();
    new Gauge({
      name: "model_version",
      help: "The model version served",
      registers,
      aggregator: "min",
      collect: gauge(() => model().version),
    });
    new Gauge({
      name: "model_age_seconds",
      help: "Seconds since the served model version was trained",
      registers,
      aggregator: "max",
      collect: gauge(() => (Date.now() - model().trainedAt.getTime()) / 1000),
    });
    new Gauge({
      name: "model_customers",
      help: "Customers with an embedding in the served version",
      registers,
      aggregator: "max",
      collect: gauge(() => model().customers),
    });
    new Gauge({
      name: "model_products",
      help: "Products with an embedding in the served version",
      registers,
      aggregator: "max",
      collect: gauge(() => model().products),
    });
    new Gauge({
      name: "sqlite_wal_bytes",
      help: "Size of the model file's write-ahead log",
      registers,
      aggregator: "max",
      collect: gauge(() => {
        try {
          return fs.statSync(`${modelDb}-wal`).size;
        } catch {
          return 0;
        }
      }),
    });
  }
}

function gauge(read: () => number) {
  return function (this: Gauge) {
    this.set(read());
  };
}
