/** Settings from the environment, checked once at start-up. */
import fs from "node:fs";
import path from "node:path";
import type { OpenOptions } from "./store";

export interface Config {
  port: number;
  host: string | undefined;
  modelDb: string;
  sampleDir: string;
  /** How often to look for a newer model version in the file (seconds); 0 never. */
  refreshSeconds: number;
}

/** The folder holding package.json, whether running from src/ (tsx) or dist/src/ (compiled). */
function projectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start, "..");
  }
}

const ROOT = projectRoot(__dirname);
/** The bundled sample shop, in the trio format. */
export const SAMPLE_DIR = path.join(ROOT, "data");
export const DEFAULT_MODEL_DB = path.join(ROOT, "data", "model.db");

/** How the server opens its model file: WAL checkpoints on a worker thread, so no request waits on one. */
export const SERVING_STORE: OpenOptions = { checkpointIntervalMs: 250 };

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const portText = env.PORT ?? "4000";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${portText}"`);
  const refreshText = env.MODEL_REFRESH_SECONDS ?? "10";
  const refreshSeconds = Number(refreshText);
  if (!Number.isFinite(refreshSeconds) || refreshSeconds < 0)
    throw new Error(`MODEL_REFRESH_SECONDS must be a number of seconds ≥ 0, got "${refreshText}"`);
  return {
    port,
    refreshSeconds,
    host: env.HOST || undefined,
    modelDb: path.resolve(env.MODEL_DB || DEFAULT_MODEL_DB),
    sampleDir: SAMPLE_DIR,
  };
}
