/**
 * One server process per core (WORKERS above 1), with Node's cluster module. The primary process has
 * checked the settings and trained the sample model if asked (src/main.ts); it then forks the workers,
 * each of which opens the model file and serves on the same port (the primary hands each new
 * connection to the next worker in turn). Worker 1 also runs the WAL checkpointer; the others leave
 * checkpoints to it (PEER_SERVING_STORE), and a replacement takes over its slot's role. The primary
 * keeps the rate limits' counts and gathers every worker's metrics (serving METRICS_PORT itself),
 * starts a worker again when one dies (after a pause that grows while its slot keeps failing), and on
 * SIGTERM or SIGINT asks every worker to stop as a single process would (readiness off, requests in
 * flight finished, served lists written), then exits once they all have.
 */
import cluster, { type Worker } from "node:cluster";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { graphqlUrl } from "./app";
import { startMetricsServer } from "./http/prometheus-routes";
import type { Config } from "./config";
import { gatherWorkersPrometheus } from "./http/worker-prometheus";
import type { Logger } from "./http/logging";
import { keepSharedRateLimits } from "./http/rate-limit";

/** The environment variable that tells a worker its slot, and whether it checkpoints ("2", "1:checkpoints"). */
const ROLE_VARIABLE = "SHOP_RECOMMENDER_WORKER";

/** A worker's place in the server: its slot (1 to WORKERS), and whether it runs the WAL checkpointer. */
export interface WorkerRole {
  slot: number;
  checkpoints: boolean;
}

/**
 * This process's role when runPrimary started it; null for a primary or a single process (a worker of
 * another process manager's cluster too: it then serves as a process of its own).
 */
export function workerRole(env: NodeJS.ProcessEnv = process.env): WorkerRole | null {
  const given = env[ROLE_VARIABLE];
  if (!cluster.isWorker || given === undefined) return null;
  const [slot, role] = given.split(":");
  return { slot: Number(slot) || 0, checkpoints: role === "checkpoints" };
}

/** The first pause before starting a dead worker's replacement; it doubles with each failure in a row, up to the most. */
const FIRST_PAUSE_MS = 500;
const LONGEST_PAUSE_MS = 30_000;
/** A worker that ran this long before dying starts its slot's pauses over. */
const STEADY_MS = 60_000;
/** Beyond the workers' own shutdown delay and grace, how long the primary waits before killing them. */
const STOP_MARGIN_MS = 15_000;

interface Slot {
  role: WorkerRole;
  worker: Worker | null;
  startedAt: number;
  /** Deaths in a row of this slot's workers, each within STEADY_MS of its start. */
  failures: number;
  restart: NodeJS.Timeout | null;
}

/** Runs the primary process: forks config.workers workers and keeps them running until SIGTERM or SIGINT. */
export async function runPrimary(config: Config, log: Logger): Promise<void> {
  keepSharedRateLimits();
  const metricsText = gatherWorkersPrometheus();
  const metricsServer: http.Server | undefined =
    config.metricsPort === undefined ? undefined : await startMetricsServer(config.metricsPort, config.host, metricsText);
  // PORT=0: every worker joins the port the first one was given (the cluster module shares it), and so does a replacement.
  let port = config.port;
  let ready = false;
  let stopping = false;
  let exitCode = 0;
  const slots: Slot[] = Array.from({ length: config.workers }, (_, i) => ({
    role: { slot: i + 1, checkpoints: i === 0 },
    worker: null,
    startedAt: 0,
    failures: 0,
    restart: null,
  }));
  const listening = new Set<Slot>();

  const finish = () => {
    if (slots.some((s) => s.worker !== null)) return;
    metricsServer?.close();
    log.info("stopped");
    process.exit(exitCode);
  };

  const fork = (slot: Slot) => {
    slot.restart = null;
    const { role } = slot;
    const env: Record<string, string> = { [ROLE_VARIABLE]: `${role.slot}${role.checkpoints ? ":checkpoints" : ""}` };
    if (port !== 0) env.PORT = String(port);
    const worker = cluster.fork(env);
    slot.worker = worker;
    slot.startedAt = Date.now();
    const pid = worker.process.pid;
    log.info(`worker ${role.slot} started (pid ${pid})${role.checkpoints ? "; it checkpoints the WAL" : ""}`);
    worker.on("listening", (address) => {
      if (port === 0) port = address.port;
      listening.add(slot);
      if (!ready && listening.size === slots.length) {
        ready = true;
        log.info(`GraphQL ready at ${graphqlUrl(config.host, port)} (${slots.length} worker processes)`);
        if (metricsServer)
          log.info(`metrics of every worker at http://${config.host}:${(metricsServer.address() as AddressInfo).port}/metrics`);
      }
    });
    worker.on("exit", (code, signal) => {
      slot.worker = null;
      listening.delete(slot);
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (stopping) {
        // Stopped, or (still starting) ended by the SIGTERM itself.
        if (code !== 0 && signal !== "SIGTERM") exitCode = 1;
        return finish();
      }
      if (!ready) {
        log.fatal(`worker ${role.slot} (pid ${pid}) exited (${how}) before the server was ready; stopping`);
        exitCode = 1;
        return stop("startup failure");
      }
      slot.failures = Date.now() - slot.startedAt >= STEADY_MS ? 1 : slot.failures + 1;
      const pause = Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** (slot.failures - 1));
      log.error(`worker ${role.slot} (pid ${pid}) exited unexpectedly (${how}); starting another in ${(pause / 1000).toFixed(1)} s`);
      slot.restart = setTimeout(() => fork(slot), pause);
    });
  };

  const stop = (reason: string) => {
    // A signal may come twice (to the primary, and to its process group): the workers' deadline decides, not a repeat.
    if (stopping) return;
    stopping = true;
    for (const slot of slots) if (slot.restart) clearTimeout(slot.restart);
    const running = slots.filter((s) => s.worker !== null);
    log.info(`${reason}: asking ${running.length} worker processes to finish their requests and stop`);
    // A worker stops as a single process does on SIGTERM (src/main.ts).
    for (const { worker } of running) worker!.process.kill("SIGTERM");
    const most = (config.shutdown.delaySeconds + config.shutdown.graceSeconds) * 1000 + STOP_MARGIN_MS;
    setTimeout(() => {
      log.error(`workers still running ${most / 1000} s after ${reason}: killing them`);
      exitCode = 1;
      for (const { worker } of slots) worker?.process.kill("SIGKILL");
    }, most).unref();
    finish();
  };

  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  log.info(`starting ${slots.length} worker processes on one port (WORKERS=${slots.length})`);
  for (const slot of slots) fork(slot);
}
