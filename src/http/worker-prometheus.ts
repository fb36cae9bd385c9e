/**
 * /metrics for a server of several processes (src/workers.ts). Each worker keeps its own prom-client
 * registry; prom-client's AggregatorRegistry, in the primary process, gathers them all over the cluster
 * module's IPC (counters and histograms summed, each gauge as it declares: prometheus.ts). The primary
 * serves the result on METRICS_PORT; a worker asked for /metrics on the main port asks the primary for it.
 */
import cluster from "node:cluster";
import { AggregatorRegistry, type Registry } from "prom-client";

const CHANNEL = "shop-recommender:metrics";
/** Longer than AggregatorRegistry's own wait for the workers (5 s). */
const ANSWER_TIMEOUT_MS = 10_000;

interface MetricsMessage {
  channel: typeof CHANNEL;
  id: number;
  text?: string;
  error?: string;
}

const isMetricsMessage = (message: unknown): message is MetricsMessage =>
  typeof message === "object" && message !== null && (message as { channel?: unknown }).channel === CHANNEL;

/** In the primary process: the whole server's metrics, also sent to a worker that asks for them. */
export function gatherWorkersPrometheus(): () => Promise<string> {
  const aggregator = new AggregatorRegistry();
  const gather = () => aggregator.clusterMetrics();
  cluster.on("message", (worker, message: unknown) => {
    if (!isMetricsMessage(message)) return;
    const answer = (reply: Partial<MetricsMessage>) => {
      if (worker.isConnected()) worker.send({ channel: CHANNEL, id: message.id, ...reply });
    };
    gather().then(
      (text) => answer({ text }),
      (error: Error) => answer({ error: error.message }),
    );
  });
  return gather;
}

/** In a worker: hands `registry` to the primary's gathering, and returns a reader of the whole server's metrics. */
export function workerPrometheus(registry: Registry): () => Promise<string> {
  new AggregatorRegistry(); // makes this worker answer the primary's requests for its metrics
  AggregatorRegistry.setRegistries([registry]);
  const waiting = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();
  let next = 0;
  process.on("message", (message: unknown) => {
    if (!isMetricsMessage(message)) return;
    const waiter = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error !== undefined) waiter?.reject(new Error(`gathering the workers' metrics failed: ${message.error}`));
    else waiter?.resolve(message.text ?? "");
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`the primary process sent no metrics within ${ANSWER_TIMEOUT_MS / 1000} s`));
      }, ANSWER_TIMEOUT_MS);
      const settle =
        <T>(f: (value: T) => void) =>
        (value: T) => {
          clearTimeout(timer);
          f(value);
        };
      waiting.set(id, { resolve: settle(resolve), reject: settle(reject) });
      process.send!({ channel: CHANNEL, id });
    });
}
