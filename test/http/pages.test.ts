/** The pages' routes over HTTP: the built files, their settings (which keys they may show), the workbook, and 404 elsewhere. */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPages } from "../../scripts/build-web";
import { ConfigError, readConfig } from "../../src/config";
import { startTestServer } from "../helpers/http-server";
import { tempDir } from "../helpers/paths";
import { trainedModelFile } from "../helpers/trained-store";

const READ = "shop-read-secret-0001";
const WRITE = "shop-write-secret-0002";
const ADMIN = "shop-admin-secret-0003";
const KEYS = `shop:read:${READ},backend:write:${WRITE},ops:admin:${ADMIN}`;

/** The code of a refusal, answered as `{ errors: [{ message, extensions: { code } }] }`. */
const codeOf = async (response: Response) =>
  ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code;

describe("the pages' settings", () => {
  it("let a development server without keys record events, showing no key", () => {
    expect(readConfig({}).pages).toMatchObject({ enabled: true, readKey: null, recordEvents: true, writeKey: null });
  });

  it("record nothing by default once keys exist, and show only the keys named for the pages", () => {
    expect(readConfig({ API_KEYS: KEYS }).pages).toMatchObject({ readKey: null, recordEvents: false, writeKey: null });
    const pages = readConfig({ API_KEYS: KEYS, PAGES_READ_KEY: "shop", DEMO_WRITE_KEY: "backend" }).pages;
    expect(pages.readKey?.secret).toBe(READ);
    expect(pages.recordEvents).toBe(true);
    expect(pages.writeKey?.secret).toBe(WRITE);
    expect(readConfig({ API_KEYS: KEYS, DEMO_WRITE_KEY: "backend", DEMO_RECORDS_EVENTS: "false" }).pages.writeKey).toBeNull();
  });

  it.each([
    [{ PAGES_READ_KEY: "ops" }, /^PAGES_READ_KEY: the key "ops" has the admin scope/],
    [{ PAGES_READ_KEY: "nobody" }, /^PAGES_READ_KEY: there is no key named "nobody"/],
    [{ DEMO_WRITE_KEY: "shop" }, /^DEMO_WRITE_KEY: the key "shop" has the read scope/],
    [{ DEMO_RECORDS_EVENTS: "true" }, /^DEMO_RECORDS_EVENTS: .* name one in DEMO_WRITE_KEY/],
    [{ PAGES_CURRENCY: "euro" }, /^PAGES_CURRENCY must be a currency code of three capital letters/],
  ])("refuse %o", (env, message) => {
    expect(() => readConfig({ API_KEYS: KEYS, ...env })).toThrow(ConfigError);
    expect(() => readConfig({ API_KEYS: KEYS, ...env })).toThrow(message);
  });
});

describe("the pages over HTTP", () => {
  let dbPath = "";
  let pagesDir = "";
  const servers: Awaited<ReturnType<typeof startTestServer>>[] = [];
  const start = async (env: Record<string, string> = {}, dir = pagesDir) => {
    const server = await startTestServer(dbPath, env, dir);
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    ({ dbPath } = await trainedModelFile());
    pagesDir = path.join(tempDir(), "web");
    await buildPages(pagesDir);
  }, 120_000);

  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  it("serve both pages and their scripts, with a policy that loads scripts from the service only, and 404 elsewhere", async () => {
    const { base } = await start();
    for (const [address, script] of [
      ["/", "/assets/storefront.js"],
      ["/dashboard", "/assets/dashboard.js"],
    ]) {
      const page = await fetch(`${base}${address}`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      expect(page.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
      expect(await page.text()).toContain(`src="${script}"`);
      const code = await fetch(`${base}${script}`);
      expect(code.status).toBe(200);
      expect(code.headers.get("content-type")).toMatch(/javascript/);
      // fetch asks for gzip and unpacks it: the script arrives compressed and whole.
      expect(code.headers.get("content-encoding")).toBe("gzip");
      expect((await code.text()).length).toBeGreaterThan(1000);
    }
    for (const address of ["/nowhere", "/assets/nowhere.js", "/pages/nothing"]) {
      const response = await fetch(`${base}${address}`);
      expect(response.status, address).toBe(404);
      expect(await codeOf(response)).toBe("NOT_FOUND");
    }
  });

  it("tell the pages which keys to send and offer sample customers", async () => {
    const { base, post } = await start({ API_KEYS: KEYS, PAGES_READ_KEY: "shop", READS_REQUIRE_KEY: "true", PAGES_CURRENCY: "EUR" });
    const headers = { authorization: `Bearer ${READ}` };
    const config = (await (await fetch(`${base}/pages/config.json`)).json()) as Record<string, unknown>;
    expect(config).toMatchObject({
      graphqlUrl: "/graphql",
      readKey: READ,
      recordEvents: false,
      writeKey: null,
      workbook: { needsKey: true },
      currency: "EUR",
    });
    const samples = config.sampleCustomers as { customerId: string; label: string }[];
    expect(samples.length).toBeGreaterThan(1);
    expect(new Set(samples.map((s) => s.label)).size).toBe(samples.length);
    // Each in the segment the API gives them now, after a live purchase too.
    const buy = {
      query: `mutation { recordInteraction(input: { customerId: "${samples[0].customerId}", productId: "1001", type: PURCHASE }) { id } }`,
    };
    expect((await post(buy, { authorization: `Bearer ${WRITE}` })).status).toBe(200);
    const after = ((await (await fetch(`${base}/pages/config.json`, { headers })).json()) as { sampleCustomers: typeof samples })
      .sampleCustomers;
    expect(after.length).toBeGreaterThan(1);
    for (const sample of after) {
      const answer = await post({ query: `{ segment(customerId: "${sample.customerId}") { rfm { label } } }` }, headers);
      expect((answer.json?.data as { segment: { rfm: { label: string } } }).segment.rfm.label, sample.customerId).toBe(sample.label);
    }
  });

  it("let only the admin scope download the workbook when keys exist", async () => {
    const { base } = await start({ API_KEYS: KEYS });
    expect((await fetch(`${base}/pages/workbook.xlsx`)).status).toBe(401);
    expect((await fetch(`${base}/pages/workbook.xlsx`, { headers: { authorization: `Bearer ${READ}` } })).status).toBe(403);
    const response = await fetch(`${base}/pages/workbook.xlsx`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="?shop-report-model-\d+\.xlsx"?$/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
  });

  it("say the pages are not built when they are not, and serve nothing with PAGES=false", async () => {
    const unbuilt = await start({}, tempDir());
    const response = await fetch(`${unbuilt.base}/`);
    expect(response.status).toBe(503);
    expect(await codeOf(response)).toBe("PAGES_NOT_BUILT");
    const off = await start({ PAGES: "false" });
    expect((await fetch(`${off.base}/`)).status).toBe(404);
    expect((await fetch(`${off.base}/pages/config.json`)).status).toBe(404);
  });
});
