import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_MODEL_DB, readConfig, SETTING_NAMES } from "../../src/config";
import { ROOT, tempDir } from "../helpers/paths";

const SECRET = "s3cret-s3cret-s3cret";

describe("readConfig", () => {
  it("gives a development server safe defaults: loopback only, introspection and landing page on, no keys", () => {
    const config = readConfig({});
    expect(config).toMatchObject({ production: false, port: 4000, host: "127.0.0.1", modelDb: DEFAULT_MODEL_DB, defaultModelDb: true });
    expect(config).toMatchObject({ introspection: true, landingPage: true, keys: [], corsOrigins: [], readsRequireKey: false });
    expect(config.log.pretty).toBe(true);
  });

  it("turns introspection and the landing page off and logs JSON in production, unless told otherwise", () => {
    expect(readConfig({ NODE_ENV: "production" })).toMatchObject({ introspection: false, landingPage: false, log: { pretty: false } });
    expect(readConfig({ NODE_ENV: "production", INTROSPECTION: "true" }).introspection).toBe(true);
  });

  it.each([
    [{ PORT: "" }, /^PORT must be a whole number \(got ""\)/],
    [{ PORT: "70000" }, /^PORT /],
    [{ MAX_DEPTH: "deep" }, /^MAX_DEPTH must be a whole number/],
    [{ LOG_LEVEL: "verbose" }, /^LOG_LEVEL /],
    [{ READS_REQUIRE_KEY: "maybe" }, /^READS_REQUIRE_KEY must be true or false/],
    [{ MODEL_BD: "x.db" }, /^MODEL_BD is not a setting of this server; did you mean MODEL_DB\?/],
    [{ RATE_LIMIT_PER_IP: "5" }, /^RATE_LIMIT_PER_IP is not a setting/],
    [{ EARLIEST_DATE: "2000-02-30" }, /^EARLIEST_DATE must be a day written YYYY-MM-DD/],
    [{ ATTRIBUTION_RETENTION_DAYS: "0" }, /^ATTRIBUTION_RETENTION_DAYS /],
    [{ WORKERS: "0" }, /^WORKERS must be a whole number from 1 to 64, or auto/],
    [{ WORKERS: "two" }, /^WORKERS must be a whole number from 1 to 64, or auto for one per core \(got "two"\)/],
    [{ WORKER: "2" }, /^WORKER is not a setting of this server; did you mean WORKERS\?/],
  ])("stops on %o with a message naming the setting", (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(message);
  });

  it("reads the earliest interaction date accepted as a UTC day", () => {
    expect(readConfig({}).earliestDate).toBe(Date.UTC(1990, 0, 1));
    expect(readConfig({ EARLIEST_DATE: "2010-06-30" }).earliestDate).toBe(Date.UTC(2010, 5, 30));
  });

  it("keeps served recommendation lists 90 days, or as many as ATTRIBUTION_RETENTION_DAYS says", () => {
    expect(readConfig({}).attributionRetentionDays).toBe(90);
    expect(readConfig({ ATTRIBUTION_RETENTION_DAYS: "14" }).attributionRetentionDays).toBe(14);
  });

  it("ignores the environment's other variables", () => {
    expect(() => readConfig({ HOME: "/root", PATH: "/bin", HOSTNAME: "box", NODE_OPTIONS: "--x", npm_config_cache: "/c" })).not.toThrow();
  });

  it("reads keys from API_KEYS and API_KEYS_FILE, and never repeats a secret in an error", () => {
    const dir = tempDir({ "keys.txt": `# the shop's keys\nbackend:write:${SECRET}-2\n\nops:admin:${SECRET}-3 # on-call\n` });
    const config = readConfig({ API_KEYS: `web:read:${SECRET}-1`, API_KEYS_FILE: path.join(dir, "keys.txt") });
    expect(config.keys.map((k) => `${k.name}:${k.scope}`)).toEqual(["web:read", "backend:write", "ops:admin"]);
    for (const [value, message] of [
      [`web:reader:${SECRET}`, /scope "reader"/],
      ["web:read:short", /shorter than 16 characters/],
      [`web read ${SECRET}`, /is not name:scope:secret/],
      [`a:read:${SECRET},a:write:${SECRET}x`, /"a" is used twice/],
      [`a:read:${SECRET},b:write:${SECRET}`, /same secret/],
    ] as const) {
      let error: Error | undefined;
      try {
        readConfig({ API_KEYS: value });
      } catch (e) {
        error = e as Error;
      }
      expect(error?.message).toMatch(message);
      expect(error?.message).not.toContain(SECRET);
    }
    expect(() => readConfig({ API_KEYS_FILE: path.join(dir, "missing.txt") })).toThrow(
      /API_KEYS_FILE: cannot read .*missing.txt \(ENOENT\)/,
    );
  });

  it("knows whether MODEL_DB is the default path (only then is a missing file trained on the sample)", () => {
    const dir = tempDir();
    expect(readConfig({ MODEL_DB: path.join(dir, "shop.db") }).defaultModelDb).toBe(false);
    expect(readConfig({ MODEL_DB: DEFAULT_MODEL_DB }).defaultModelDb).toBe(true);
    expect(fs.existsSync(path.join(dir, "shop.db"))).toBe(false);
  });

  it("runs one process by default, as many as WORKERS says, or one per core for auto", () => {
    expect(readConfig({}).workers).toBe(1);
    expect(readConfig({ WORKERS: "3" }).workers).toBe(3);
    expect(readConfig({ WORKERS: " Auto " }).workers).toBe(os.availableParallelism());
  });
});

describe("the configuration page's table", () => {
  /** The rows of a settings table, by the setting each names. */
  function rowsOf(markdown: string): Map<string, string> {
    return new Map([...markdown.matchAll(/^\| `([A-Z_]+)` \|.*$/gm)].map((m) => [m[1], m[0]]));
  }
  const text = fs.readFileSync(path.join(ROOT, "docs/configuration.md"), "utf8");
  const page = rowsOf(text);

  it("lists every setting, and nothing that is not one", () => {
    const listed = [...text.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(listed.length).toBeGreaterThan(10);
    expect([...listed].sort()).toEqual([...SETTING_NAMES].sort());
  });

  it("gives the README's essentials word for word", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const essentials = rowsOf(readme.split("\n## Configuration\n")[1].split("\n## ")[0]);
    expect(essentials.size).toBeGreaterThan(3);
    for (const [name, row] of essentials) expect(row).toBe(page.get(name));
  });
});
