/**
 * Every setting of the server, from the environment, checked once at start-up with one zod schema:
 * its name, default and error message live here and in the table of docs/configuration.md, nowhere else. An unknown
 * or malformed value stops start-up with a message naming the setting.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { DEFAULT_RETENTION_DAYS } from "./domain/attribution";
import { DEFAULT_BUY_AGAIN_HORIZON_DAYS, MAX_BUY_AGAIN_DAYS } from "./domain/buy-again";
import { distance } from "./domain/edit-distance";
import { DEFAULT_EARLIEST_DATE, parseDay } from "./domain/interaction-bounds";
import { bool, int, list, workers } from "./config-values";

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
/** The storefront demo and the analyst dashboard, as `npm run build:web` writes them. */
export const PAGES_DIR = path.join(ROOT, "dist", "web");

export const SCOPES = ["read", "write", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKey {
  name: string;
  scope: Scope;
  secret: string;
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** The raw settings: each optional, so that defaults can depend on NODE_ENV. */
const SETTINGS = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).optional(),
    PORT: int(0, 65535).optional(),
    HOST: z.string().trim().min(1, "must not be empty").optional(),
    WORKERS: workers.optional(),
    MODEL_DB: z.string().trim().min(1, "must not be empty").optional(),
    SAMPLE_IF_MISSING: bool.optional(),
    MODEL_REFRESH_SECONDS: int(0, 86_400).optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
    LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
    API_KEYS: z.string().optional(),
    API_KEYS_FILE: z.string().trim().min(1, "must not be empty").optional(),
    READS_REQUIRE_KEY: bool.optional(),
    CORS_ORIGINS: list.optional(),
    TRUST_PROXY: int(0, 10).optional(),
    INTROSPECTION: bool.optional(),
    LANDING_PAGE: bool.optional(),
    MAX_BODY_BYTES: int(1024, 100 * 1024 * 1024).optional(),
    MAX_DEPTH: int(1, 100).optional(),
    MAX_ALIASES: int(0, 1000).optional(),
    MAX_TOKENS: int(10, 1_000_000).optional(),
    MAX_DIRECTIVES: int(0, 1000).optional(),
    MAX_COST: int(1, 10_000_000).optional(),
    REQUEST_TIME_BUDGET_MS: int(1, 600_000).optional(),
    RATE_LIMIT_PER_ADDRESS: int(0, 1_000_000).optional(),
    RATE_LIMIT_PER_KEY: int(0, 1_000_000).optional(),
    RATE_LIMIT_EXEMPT: list.optional(),
    METRICS_PORT: int(0, 65535).optional(),
    SHUTDOWN_DELAY_SECONDS: int(0, 600).optional(),
    SHUTDOWN_GRACE_SECONDS: int(0, 600).optional(),
    ATTRIBUTION_RETENTION_DAYS: int(1, 3660).optional(),
    BUY_AGAIN_HORIZON_DAYS: int(1, MAX_BUY_AGAIN_DAYS).optional(),
    EARLIEST_DATE: z
      .string()
      .transform((v, ctx) => parseDay(v) ?? (ctx.addIssue({ code: "custom", message: "must be a day written YYYY-MM-DD" }), z.NEVER))
      .optional(),
    PAGES: bool.optional(),
    PAGES_DIR: z.string().trim().min(1, "must not be empty").optional(),
    PAGES_READ_KEY: z.string().trim().min(1, "must not be empty").optional(),
    DEMO_RECORDS_EVENTS: bool.optional(),
    DEMO_WRITE_KEY: z.string().trim().min(1, "must not be empty").optional(),
    PAGES_CURRENCY: z
      .string()
      .trim()
      .regex(/^[A-Z]{3}$/, "must be a currency code of three capital letters, e.g. EUR")
      .optional(),
  })
  .strict();

/** Every setting the server reads, as docs/configuration.md lists them. */
export const SETTING_NAMES = Object.keys(SETTINGS.shape) as (keyof typeof SETTINGS.shape)[];

export interface Config {
  production: boolean;
  port: number;
  host: string;
  /** Server processes serving the model file on one port (src/workers.ts); 1: this process alone. */
  workers: number;
  modelDb: string;
  /** True when MODEL_DB is the default path (a missing default file is trained on the sample). */
  defaultModelDb: boolean;
  sampleIfMissing: boolean;
  sampleDir: string;
  /** How often to look for a newer model version in the file (seconds); 0 never. */
  refreshSeconds: number;
  log: { level: (typeof LOG_LEVELS)[number]; pretty: boolean };
  keys: ApiKey[];
  readsRequireKey: boolean;
  /** Origins allowed to call from a browser; ["*"] for any; empty for none (same origin only). */
  corsOrigins: string[];
  /** Reverse proxies in front of the server: the client's address is the one the nearest of them saw (0: none). */
  trustProxy: number;
  introspection: boolean;
  landingPage: boolean;
  limits: {
    bodyBytes: number;
    depth: number;
    aliases: number;
    tokens: number;
    directives: number;
    cost: number;
    timeBudgetMs: number;
    /** Requests per second per client address (0: no limit), except from `exempt` addresses. */
    perAddress: number;
    /** Requests per second per API key (0: no limit). */
    perKey: number;
    exempt: string[];
  };
  /** A separate port for /metrics, open without a key; undefined serves /metrics on PORT to the admin key. */
  metricsPort: number | undefined;
  shutdown: { delaySeconds: number; graceSeconds: number };
  /** The earliest interaction time accepted (ms since the epoch, UTC), by the API and by imports. */
  earliestDate: number;
  /** Days a served recommendation list is kept for `recommendationPerformance`. */
  attributionRetentionDays: number;
  /** buyAgain's longest default horizon: each customer's next-order window, up to this (days). */
  buyAgainHorizonDays: number;
  pages: PagesSettings;
}

/** The pages in `dir`; visitors see `readKey`, and `writeKey` only when the demo records events; `currency` is the shop's. */
export interface PagesSettings {
  enabled: boolean;
  dir: string;
  readKey: ApiKey | null;
  recordEvents: boolean;
  writeKey: ApiKey | null;
  currency: string | null;
}

/** Thrown for a setting that is unknown or malformed; the message names it. */
export class ConfigError extends Error {}

const KEY_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const MIN_SECRET = 16;

/** Parses `name:scope:secret` entries (comma- or line-separated; `#` starts a comment in a file). */
export function parseKeys(text: string, where: string): ApiKey[] {
  const entries = text
    .split(/[,\n]/)
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter(Boolean);
  return entries.map((entry, i) => {
    const [name, scope, ...rest] = entry.split(":");
    const secret = rest.join(":");
    const fail = (message: string): never => {
      // Never echo the entry: it holds a secret.
      throw new ConfigError(`${where}: entry ${i + 1} ${message}`);
    };
    if (scope === undefined || rest.length === 0) fail("is not name:scope:secret");
    if (!KEY_NAME.test(name)) fail("has a name that is not 1 to 64 letters, digits, '_', '.' or '-'");
    if (!(SCOPES as readonly string[]).includes(scope)) fail(`(${name}) has scope "${scope}"; scopes are ${SCOPES.join(", ")}`);
    if (secret.length < MIN_SECRET) fail(`(${name}) has a secret shorter than ${MIN_SECRET} characters`);
    return { name, scope: scope as Scope, secret };
  });
}

function checkKeys(keys: ApiKey[]): ApiKey[] {
  const names = new Set<string>();
  const secrets = new Set<string>();
  for (const key of keys) {
    if (names.has(key.name)) throw new ConfigError(`API_KEYS: the key name "${key.name}" is used twice`);
    if (secrets.has(key.secret)) throw new ConfigError(`API_KEYS: the key "${key.name}" has the same secret as another key`);
    names.add(key.name);
    secrets.add(key.secret);
  }
  return keys;
}

/** Prefixes only this server's settings use: a name with one of them that is not a setting is a typo. */
const OWN_PREFIXES = ["MODEL_", "API_KEY", "RATE_LIMIT_", "SHUTDOWN_", "REQUEST_TIME_", "CORS_", "READS_"];

/** A variable that looks like one of the settings but is not (MODEL_BD, MAX_ALIAS): start-up stops and names it. */
function checkNoTypos(env: NodeJS.ProcessEnv): void {
  const names = SETTING_NAMES as readonly string[];
  for (const name of Object.keys(env)) {
    if (names.includes(name)) continue;
    const nearest = names.reduce((best, n) => (distance(name, n) < distance(name, best) ? n : best), names[0]);
    if (OWN_PREFIXES.some((p) => name.startsWith(p)) || (name.length >= 6 && distance(name, nearest) <= 2))
      throw new ConfigError(
        `${name} is not a setting of this server; did you mean ${nearest}? (docs/configuration.md lists every setting)`,
      );
  }
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  checkNoTypos(env);
  // Only this server's settings are checked; everything else in the environment is none of its business.
  const given = Object.fromEntries(SETTING_NAMES.filter((name) => env[name] !== undefined).map((name) => [name, env[name]]));
  const parsed = SETTINGS.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? "");
    const shown = name.startsWith("API_KEYS") && name !== "API_KEYS_FILE" ? "" : ` (got "${env[name]}")`;
    throw new ConfigError(`${name} ${issue.message}${shown}`);
  }
  const s = parsed.data;
  const production = s.NODE_ENV === "production";
  const modelDb = path.resolve(s.MODEL_DB ?? DEFAULT_MODEL_DB);
  let keys = s.API_KEYS ? parseKeys(s.API_KEYS, "API_KEYS") : [];
  if (s.API_KEYS_FILE) {
    let text: string;
    try {
      text = fs.readFileSync(s.API_KEYS_FILE, "utf8");
    } catch (error) {
      throw new ConfigError(`API_KEYS_FILE: cannot read ${path.resolve(s.API_KEYS_FILE)} (${(error as NodeJS.ErrnoException).code})`);
    }
    keys = [...keys, ...parseKeys(text, `API_KEYS_FILE ${path.resolve(s.API_KEYS_FILE)}`)];
  }
  checkKeys(keys);
  return {
    production,
    port: s.PORT ?? 4000,
    host: s.HOST ?? "127.0.0.1",
    workers: s.WORKERS ?? 1,
    modelDb,
    defaultModelDb: modelDb === DEFAULT_MODEL_DB,
    sampleIfMissing: s.SAMPLE_IF_MISSING ?? false,
    sampleDir: SAMPLE_DIR,
    refreshSeconds: s.MODEL_REFRESH_SECONDS ?? 10,
    log: { level: s.LOG_LEVEL ?? "info", pretty: (s.LOG_FORMAT ?? (production ? "json" : "pretty")) === "pretty" },
    keys,
    readsRequireKey: s.READS_REQUIRE_KEY ?? false,
    corsOrigins: s.CORS_ORIGINS ?? [],
    trustProxy: s.TRUST_PROXY ?? 0,
    introspection: s.INTROSPECTION ?? !production,
    landingPage: s.LANDING_PAGE ?? !production,
    limits: {
      bodyBytes: s.MAX_BODY_BYTES ?? 1024 * 1024,
      depth: s.MAX_DEPTH ?? 15,
      aliases: s.MAX_ALIASES ?? 20,
      tokens: s.MAX_TOKENS ?? 10_000,
      directives: s.MAX_DIRECTIVES ?? 20,
      cost: s.MAX_COST ?? 5000,
      timeBudgetMs: s.REQUEST_TIME_BUDGET_MS ?? 5000,
      perAddress: s.RATE_LIMIT_PER_ADDRESS ?? 200,
      perKey: s.RATE_LIMIT_PER_KEY ?? 2000,
      exempt: s.RATE_LIMIT_EXEMPT ?? ["127.0.0.1", "::1", "::ffff:127.0.0.1"],
    },
    metricsPort: s.METRICS_PORT,
    shutdown: { delaySeconds: s.SHUTDOWN_DELAY_SECONDS ?? 0, graceSeconds: s.SHUTDOWN_GRACE_SECONDS ?? 10 },
    earliestDate: s.EARLIEST_DATE ?? DEFAULT_EARLIEST_DATE,
    attributionRetentionDays: s.ATTRIBUTION_RETENTION_DAYS ?? DEFAULT_RETENTION_DAYS,
    buyAgainHorizonDays: s.BUY_AGAIN_HORIZON_DAYS ?? DEFAULT_BUY_AGAIN_HORIZON_DAYS,
    pages: pagesSettings(s, keys, production),
  };
}

/** A configured key by name, of exactly the scope the pages may show to visitors. */
function namedKey(keys: ApiKey[], setting: string, name: string, scope: Scope): ApiKey {
  const key = keys.find((k) => k.name === name);
  if (!key) throw new ConfigError(`${setting}: there is no key named "${name}" in API_KEYS or API_KEYS_FILE`);
  if (key.scope !== scope)
    throw new ConfigError(
      `${setting}: the key "${name}" has the ${key.scope} scope; the pages show it to every visitor, so it must be a ${scope} key`,
    );
  return key;
}

function pagesSettings(s: z.infer<typeof SETTINGS>, keys: ApiKey[], production: boolean): PagesSettings {
  const readKey = s.PAGES_READ_KEY === undefined ? null : namedKey(keys, "PAGES_READ_KEY", s.PAGES_READ_KEY, "read");
  const writeKey = s.DEMO_WRITE_KEY === undefined ? null : namedKey(keys, "DEMO_WRITE_KEY", s.DEMO_WRITE_KEY, "write");
  // Without keys a development server takes writes from anyone anyway; otherwise recording needs a write key.
  const recordEvents = s.DEMO_RECORDS_EVENTS ?? (writeKey !== null || (keys.length === 0 && !production));
  if (recordEvents && keys.length > 0 && !writeKey)
    throw new ConfigError("DEMO_RECORDS_EVENTS: the demo records events with a write key; name one in DEMO_WRITE_KEY");
  const currency = s.PAGES_CURRENCY ?? null;
  return {
    enabled: s.PAGES ?? true,
    dir: s.PAGES_DIR ? path.resolve(s.PAGES_DIR) : PAGES_DIR,
    readKey,
    recordEvents,
    writeKey: recordEvents ? writeKey : null,
    currency,
  };
}
