/**
 * Starts the service: checks the settings, opens the model file (training one on the bundled sample if
 * asked to), listens. With WORKERS above 1, this process is the primary that starts the workers
 * (src/workers.ts), and each worker runs this file again to serve.
 */
import "reflect-metadata";
import fs from "node:fs";
import { startHttpServer } from "./app";
import { runPrimary, type WorkerRole, workerRole } from "./workers";
import { type Config, ConfigError, readConfig } from "./config";
import { createLogger, type Logger } from "./http/logging";
import { importAndTrain, resolveSettings } from "./training/pipeline.service";
import { createServices } from "./serving";
import { FLUSH_INTERVAL_MS } from "./serving/attribution.service";
import { trainFromStore } from "./training/training.service";
import { PEER_SERVING_STORE, SERVING_STORE, Store } from "./store";

async function ensureModel(config: Config, log: Logger): Promise<void> {
  const { modelDb, sampleDir } = config;
  if (!fs.existsSync(modelDb)) {
    if (!config.defaultModelDb && !config.sampleIfMissing)
      throw new ConfigError(
        `MODEL_DB: there is no model file at ${modelDb}. Train one with \`npm run train -- --db ${modelDb} …\`, fix the path, or set SAMPLE_IF_MISSING=true to train the bundled sample there.`,
      );
    // The demo model trains with the default settings, quickly and always the same (`npm run train` tunes).
    log.info(`no model file at ${modelDb}: training one on the bundled sample (${sampleDir}) ...`);
    const { training } = await importAndTrain(modelDb, "trio", sampleDir, { tune: false, bounds: { earliestDate: config.earliestDate } });
    log.info(`trained model ${training.modelId} in ${training.seconds.toFixed(1)} s`);
    return;
  }
  const store = openStore(modelDb);
  try {
    if (store.models.latestId() !== null) return;
    if (store.interactions.count() === 0)
      throw new ConfigError(`${modelDb} holds no data and no model; run \`npm run train -- --db ${modelDb}\``);
    log.info(`${modelDb} has data but no model: training one ...`);
    const { settings, tuning } = resolveSettings(store);
    trainFromStore(store, settings, {}, tuning);
  } finally {
    store.close();
  }
}

/** Opens the model file; any failure names the file. */
function openStore(modelDb: string, options = {}): Store {
  try {
    return Store.open(modelDb, options);
  } catch (error) {
    throw new ConfigError(`cannot open the model file ${modelDb}: ${(error as Error).message}`);
  }
}

function warnAboutAccess(config: Config, log: Logger): void {
  if (config.keys.length === 0 && !config.production)
    log.warn(
      "NO API KEYS ARE CONFIGURED: this development server accepts writes from anyone who can reach it. Set API_KEYS (or API_KEYS_FILE) before exposing it; with NODE_ENV=production it refuses writes until you do.",
    );
  else if (config.keys.length === 0) log.warn("no API keys are configured: writes are refused (set API_KEYS or API_KEYS_FILE)");
  else log.info({ keys: config.keys.map((k) => `${k.name} (${k.scope})`) }, "API keys configured");
  if (config.landingPage)
    log.info(
      "the landing page at /graphql is Apollo Sandbox, whose code loads from Apollo's servers (it needs the internet); offline, use schema.graphql and curl, or set LANDING_PAGE=false",
    );
}

async function main(log: Logger, config: Config): Promise<void> {
  const worker = workerRole();
  if (worker) return serve(log.child({ worker: worker.slot }), config, worker);
  await ensureModel(config, log);
  if (config.workers === 1) return serve(log, config, null);
  warnAboutAccess(config, log);
  return runPrimary(config, log);
}

/** Serves the model file: as the only process (`worker` null), or as one of the workers of src/workers.ts. */
async function serve(log: Logger, config: Config, worker: WorkerRole | null): Promise<void> {
  const store = openStore(config.modelDb, worker && !worker.checkpoints ? PEER_SERVING_STORE : SERVING_STORE);
  const services = createServices(store, {
    earliestDate: config.earliestDate,
    attributionRetentionDays: config.attributionRetentionDays,
    buyAgainHorizonDays: config.buyAgainHorizonDays,
  });
  const server = await startHttpServer(services, config, log, { serverWorker: worker !== null });
  const info = services.modelInfo.describe();
  if (!worker) warnAboutAccess(config, log);
  log.info(`serving model ${info.version} (${info.customers} customers, ${info.products} products) from ${config.modelDb}`);
  if (!worker) log.info(`GraphQL ready at ${server.url}`);
  if (server.metricsPort !== undefined) log.info(`metrics at http://${config.host}:${server.metricsPort}/metrics`);
  services.onModelSwap((swap) =>
    log.info(`switched from model ${swap.from} to ${swap.to}; re-applied recent interactions of ${swap.replayedCustomers} customers`),
  );
  if (config.refreshSeconds > 0) {
    // Pick up a model version that a training run wrote into the file, without a restart, even when idle.
    const timer = setInterval(() => {
      try {
        services.refreshModel();
      } catch (error) {
        log.error({ err: error }, `model refresh failed; still serving the previous version (${config.modelDb})`);
      }
    }, config.refreshSeconds * 1000);
    timer.unref();
  }
  // Served recommendation lists wait in memory; write them every tenth of a second (attribution.service.ts).
  const flusher = setInterval(() => {
    try {
      services.attribution.flush();
    } catch (error) {
      log.error({ err: error }, "writing served recommendation lists failed; they are kept for the next try");
    }
  }, FLUSH_INTERVAL_MS);
  flusher.unref();
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: not ready any more; finishing requests in flight (at most ${config.shutdown.graceSeconds} s), then stopping`);
    await server.close();
    services.attribution.flush();
    store.close();
    log.info("stopped");
    process.exit(0);
  };
  // A worker hears both a terminal's Ctrl-C and the primary passing it on: it stops once, and the primary decides the rest.
  const listen = worker ? process.on.bind(process) : process.once.bind(process);
  listen("SIGINT", () => void shutdown("SIGINT"));
  listen("SIGTERM", () => void shutdown("SIGTERM"));
}

let config: Config;
try {
  config = readConfig();
} catch (error) {
  console.error(`Configuration error: ${(error as Error).message}`);
  process.exit(1);
}
const log = createLogger(config.log);
main(log, config).catch((error: unknown) => {
  if (error instanceof ConfigError) log.fatal(error.message);
  else log.fatal({ err: error }, error instanceof Error ? error.message : String(error));
  process.exit(1);
});
