import { startHttpServer } from "../../src/app";
import { readConfig } from "../../src/config";
import pino from "pino";
import { createLogger } from "../../src/http/logging";
import { createServices } from "../../src/serving";
import { Store } from "../../src/store";

/** The service over HTTP on 127.0.0.1, on a free port, with settings from `env` (as the environment would give them). */
/** `pagesDir`: serve the pages built there (by buildPages) rather than from dist/web. */
export async function startTestServer(dbPath: string, env: Record<string, string> = {}, pagesDir?: string) {
  const read = readConfig({ PORT: "0", MODEL_DB: dbPath, LOG_LEVEL: "silent", LOG_FORMAT: "json", ...env });
  const config = pagesDir ? { ...read, pages: { ...read.pages, dir: pagesDir } } : read;
  const store = Store.open(dbPath);
  const services = createServices(store);
  /** The log's JSON lines, when LOG_LEVEL is given. */
  const logLines: Record<string, unknown>[] = [];
  const logger =
    config.log.level === "silent"
      ? createLogger(config.log)
      : pino({ level: config.log.level, base: undefined }, { write: (line: string) => void logLines.push(JSON.parse(line)) });
  const server = await startHttpServer(services, config, logger);
  const base = server.url.replace(/\/graphql$/, "");
  /** POSTs a GraphQL request, with extra headers. */
  async function post(body: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } | undefined;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }
  async function close() {
    await server.close();
    store.close();
  }
  return { server, services, store, base, post, close, config, logLines };
}
