/** Starts the service: opens the model file (training one on the bundled sample if there is none) and listens. */
import "reflect-metadata";
import fs from "node:fs";
import { startHttpServer } from "./app";
import { readConfig, SERVING_STORE } from "./config";
import { importAndTrain, resolveSettings } from "./services/pipeline.service";
import { createServices } from "./services";
import { trainFromStore } from "./services/training.service";
import { Store } from "./store";

async function ensureModel(modelDb: string, sampleDir: string): Promise<void> {
  if (!fs.existsSync(modelDb)) {
    // The demo model trains with the default settings, quickly and always the same (`npm run train` tunes).
    console.log(`No model file at ${modelDb}: training one on the bundled sample (${sampleDir}) ...`);
    const { training } = await importAndTrain(modelDb, "trio", sampleDir, { tune: false });
    console.log(`Trained model ${training.modelId} in ${training.seconds.toFixed(1)} s.`);
    return;
  }
  const store = Store.open(modelDb);
  try {
    if (store.models.latestId() !== null) return;
    if (store.interactions.count() === 0)
      throw new Error(`${modelDb} holds no data and no model; run \`npm run train -- --db ${modelDb}\``);
    console.log(`${modelDb} has data but no model: training one ...`);
    const { settings, tuning } = resolveSettings(store);
    trainFromStore(store, settings, {}, tuning);
  } finally {
    store.close();
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  await ensureModel(config.modelDb, config.sampleDir);
  const store = Store.open(config.modelDb, SERVING_STORE);
  const services = createServices(store);
  const server = await startHttpServer(services, config.port, config.host);
  const info = services.modelInfo.describe();
  console.log(`Serving model ${info.version} (${info.customers} customers, ${info.products} products) from ${config.modelDb}`);
  console.log(`GraphQL ready at ${server.url}`);
  services.onModelSwap((swap) =>
    console.log(`Switched from model ${swap.from} to ${swap.to}; re-applied recent interactions of ${swap.replayedCustomers} customers`),
  );
  if (config.refreshSeconds > 0) {
    // Pick up a model version that a training run wrote into the file, without a restart, even when idle.
    const timer = setInterval(() => {
      try {
        services.refreshModel();
      } catch (error) {
        console.error("model refresh failed; still serving the previous version:", error);
      }
    }, config.refreshSeconds * 1000);
    timer.unref();
  }
  // Served recommendation lists wait in memory; write them every second (attribution.service.ts).
  const flusher = setInterval(() => {
    try {
      services.attribution.flush();
    } catch (error) {
      console.error("writing served recommendation lists failed; they are kept for the next try:", error);
    }
  }, 1000);
  flusher.unref();
  const shutdown = async (signal: string) => {
    console.log(`${signal}: shutting down`);
    await server.close();
    services.attribution.flush();
    store.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
