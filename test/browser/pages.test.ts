/**
 * The storefront demo and the analyst dashboard in a real browser: Debian's chromium, driven by
 * playwright-core, against the service on port 0 with a small trained shop. Without a browser at
 * CHROMIUM_PATH (default /usr/bin/chromium) the tests skip and say how to install one.
 * SCREENSHOTS=1 also writes each page at phone and desktop widths into docs/screenshots.
 */
import fs from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPages } from "../../scripts/build-web";
import { startTestServer } from "../helpers/http-server";
import { ROOT, tempDir } from "../helpers/paths";
import { trainedModelFile } from "../helpers/trained-store";

const EXECUTABLE = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const HAVE_BROWSER = fs.existsSync(EXECUTABLE);
if (!HAVE_BROWSER)
  console.warn(
    `Browser tests skipped: no browser at ${EXECUTABLE}. Install one with \`apt-get install -y chromium\` or set CHROMIUM_PATH.`,
  );

/** Every wait in these tests is bounded by this. */
const WAIT_MS = 20_000;
const PHONE = { width: 390, height: 844 };
const ADMIN = "pages-admin-secret-0001";
const KEYS = `shop:read:pages-read-secret-00001,ops:admin:${ADMIN}`;
const DESKTOP = { width: 1280, height: 900 };

describe.skipIf(!HAVE_BROWSER)("the pages in a real browser", () => {
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
  /** The same shop behind keys: reads need one, the pages have a read key, the workbook wants the admin key. */
  let guarded: Awaited<ReturnType<typeof startTestServer>> | undefined;
  let browser: Browser | undefined;
  let sampleCustomer = "";
  /** Addresses the pages asked for outside the service: there must be none (offline). */
  const elsewhere: string[] = [];

  beforeAll(async () => {
    const { dbPath } = await trainedModelFile();
    const pagesDir = path.join(tempDir(), "web");
    await buildPages(pagesDir);
    server = await startTestServer(dbPath, { PAGES_CURRENCY: "EUR" }, pagesDir);
    guarded = await startTestServer(dbPath, { API_KEYS: KEYS, READS_REQUIRE_KEY: "true", PAGES_READ_KEY: "shop" }, pagesDir);
    const config = (await (await fetch(`${server.base}/pages/config.json`)).json()) as { sampleCustomers: { customerId: string }[] };
    sampleCustomer = config.sampleCustomers[0].customerId;
    browser = await chromium.launch({ executablePath: EXECUTABLE, args: ["--no-sandbox", "--disable-gpu"], timeout: WAIT_MS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await guarded?.close();
  });

  async function open(address: string, viewport = DESKTOP, base = server!.base): Promise<Page> {
    const page = await browser!.newPage({ viewport, locale: "en-GB" });
    page.setDefaultTimeout(WAIT_MS);
    page.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith(base) && !url.startsWith("data:") && !url.startsWith("blob:")) elsewhere.push(url);
    });
    await page.goto(`${base}${address}`);
    await page.waitForSelector("body[data-ready=true]");
    return page;
  }

  const cardIds = (page: Page) =>
    page.locator("#cards li.card").evaluateAll((cards) => cards.map((c) => c.getAttribute("data-product-id")));

  it("shows a typed customer's cards and segment, similar products for a card, and a changed list after a purchase", async () => {
    const page = await open("/");
    try {
      await page.getByLabel("Customer id").fill(sampleCustomer);
      await page.getByLabel("Customer id").press("Enter");
      await page.waitForSelector("#cards li.card");
      const before = await cardIds(page);
      expect(before.length).toBe(12);
      await expect.poll(() => page.locator("#segment-body").innerText(), { timeout: WAIT_MS }).toMatch(/RFM segment: \S/);
      expect(await page.locator("#segment-body").innerText()).toMatch(/Behaviour cluster/);
      // Their buy-again shelf: their own products with a chance and, the sample being dated, when.
      await page.waitForSelector("#again-list li");
      expect(await page.locator("#again-list li").first().innerText()).toMatch(/\d+%.*next around .*bought \d+×/);
      expect(await page.locator("#cards li.card").first().innerText()).toMatch(/score \d/);
      // Prices in the shop's currency (PAGES_CURRENCY), as the browser's language writes them (en-GB here).
      expect(await page.locator("#cards li.card .price").first().innerText()).toMatch(/^€\d[\d,]*\.\d\d$/);

      const first = page.locator("#cards li.card").first();
      const firstName = (await first.locator("h3").innerText()).trim();
      // By keyboard: Enter opens the details and moves the focus there; Escape closes them and gives it back.
      await first.getByRole("button", { name: /Similar products and baskets/ }).focus();
      await page.keyboard.press("Enter");
      await page.waitForSelector("#similar li[data-product-id]");
      expect(await page.evaluate("document.activeElement.id")).toBe("details");
      expect(await page.locator("#details-title").innerText()).toBe(`Around ${firstName}`);
      expect(await page.locator("#similar li[data-product-id]").count()).toBeGreaterThan(0);
      await page.keyboard.press("Escape");
      expect(await page.locator("#details").isHidden()).toBe(true);
      expect(await page.evaluate("document.activeElement.getAttribute('aria-label')")).toBe(
        `Similar products and baskets for ${firstName}`,
      );

      await first.getByRole("button", { name: /Record a purchase of/ }).click();
      await expect.poll(() => cardIds(page), { timeout: WAIT_MS }).not.toContain(before[0]);
      expect(await page.locator("#status").innerText()).toMatch(/Recorded a purchase of/);
    } finally {
      await page.close();
    }
  });

  it("follows an anonymous visit's views", async () => {
    const page = await open("/");
    try {
      await page.getByRole("button", { name: "Browse anonymously" }).click();
      await page.waitForSelector("#catalogue li.card");
      await page.waitForSelector("#cards li.card");
      const viewed = page.locator("#catalogue li.card").nth(5);
      const viewedId = await viewed.getAttribute("data-product-id");
      await viewed.getByRole("button", { name: /^View / }).click();
      await expect.poll(() => page.locator("#viewed").innerText(), { timeout: WAIT_MS }).not.toMatch(/nothing yet/);
      await expect.poll(() => page.locator("#cards .badge").allInnerTexts(), { timeout: WAIT_MS }).toContain("This visit");
      expect(await cardIds(page)).not.toContain(viewedId);
    } finally {
      await page.close();
    }
  });

  it("says so for an unknown customer, and when the service is down", async () => {
    const page = await open("/");
    try {
      await page.getByLabel("Customer id").fill("nobody-at-all");
      await page.getByRole("button", { name: "Show recommendations" }).click();
      await expect.poll(() => page.locator("#segment-body").innerText(), { timeout: WAIT_MS }).toMatch(/Unknown customer/);
      await page.route("**/graphql", (route) => route.abort("connectionrefused"));
      await page.getByRole("button", { name: "Show recommendations" }).click();
      await expect
        .poll(() => page.locator("#status").innerText(), { timeout: WAIT_MS })
        .toMatch(/Error: The recommendation service is not answering/);
    } finally {
      await page.close();
    }
  });

  it("says so on the dashboard when the service is down", async () => {
    const page = await browser!.newPage({ viewport: DESKTOP });
    try {
      page.setDefaultTimeout(WAIT_MS);
      await page.route("**/graphql", (route) => route.abort("connectionrefused"));
      await page.goto(`${server!.base}/dashboard`);
      await page.waitForSelector("body[data-ready=true]");
      expect(await page.locator("#status").innerText()).toMatch(/^Error: The recommendation service is not answering/);
      expect(await page.locator("#rules-status").innerText()).toMatch(/^Error: /);
    } finally {
      await page.close();
    }
  });

  it("draws every dashboard chart with data, and lists and sorts the rules", async () => {
    const page = await open("/dashboard");
    try {
      expect(await page.locator("#status").innerText()).toMatch(/Model version \d+, trained/);
      const charts = ["chart-rfm", "chart-grid", "chart-clusters", "chart-rules", "chart-loss"];
      for (const id of charts) {
        const chart = page.locator(`#${id}`);
        expect(Number(await chart.getAttribute("data-points")), id).toBeGreaterThan(0);
        // Drawn marks, not an empty surface: the SVG holds a shape per bar, cell or point and more.
        expect(await chart.locator("svg path").count(), id).toBeGreaterThan(5);
        expect(await chart.getAttribute("aria-label"), id).toMatch(/\d/);
      }
      expect(await page.locator("#segment-rows tr").count()).toBeGreaterThan(1);
      expect(await page.locator("#cluster-cards li").count()).toBeGreaterThan(1);
      const rows = page.locator("#rules-rows tr");
      expect(await rows.count()).toBeGreaterThan(1);
      const lifts = async () =>
        (await page.locator("#rules-rows tr td:nth-child(5)").allInnerTexts()).map((t) => Number(t.replace(/[^\d.]/g, "")));
      const byLift = await lifts();
      expect(byLift).toEqual([...byLift].sort((a, b) => b - a));
      await page.getByRole("button", { name: /^Lift/ }).click();
      const ascending = await lifts();
      expect(ascending).toEqual([...byLift].sort((a, b) => a - b));
      await page.getByLabel("Least lift").fill("1000");
      await page.getByRole("button", { name: "Filter" }).click();
      await expect.poll(() => rows.innerText(), { timeout: WAIT_MS }).toMatch(/No rule passes/);
      expect(await page.locator("#workbook-link").getAttribute("href")).toBe("/pages/workbook.xlsx");
    } finally {
      await page.close();
    }
  });

  it("read with the pages' read key when reads need one, record nothing, and ask for the admin key for the workbook", async () => {
    const storefront = await open(`/?customer=${encodeURIComponent(sampleCustomer)}`, DESKTOP, guarded!.base);
    try {
      await storefront.waitForSelector("#cards li.card");
      expect(await storefront.locator("#cards button", { hasText: "Buy" }).count()).toBe(0);
      expect(await storefront.locator("#write-note").innerText()).toMatch(/turned off/);
    } finally {
      await storefront.close();
    }
    const dashboard = await open("/dashboard", DESKTOP, guarded!.base);
    try {
      expect(await dashboard.locator("#status").innerText()).toMatch(/Model version \d+/);
      await dashboard.getByLabel("Admin key").fill("not-the-key-at-all");
      await dashboard.getByRole("button", { name: /Download the workbook/ }).click();
      await expect
        .poll(() => dashboard.locator("#workbook-area").innerText(), { timeout: WAIT_MS })
        .toMatch(/Error: the API key is not valid/);
      await dashboard.getByLabel("Admin key").fill(ADMIN);
      const [download] = await Promise.all([
        dashboard.waitForEvent("download", { timeout: WAIT_MS }),
        dashboard.getByRole("button", { name: /Download the workbook/ }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^shop-report-model-\d+\.xlsx$/);
    } finally {
      await dashboard.close();
    }
  });

  it("show each arm of an experiment with its intervals and verdicts, asking for an admin key when keys are configured", async () => {
    const graphql = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await fetch(`${guarded!.base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN}` },
        body: JSON.stringify({ query, variables }),
      });
      return ((await response.json()) as { data: Record<string, { id: string }> }).data;
    };
    const started = await graphql(`
      mutation {
        startExperiment(
          input: {
            name: "Home page rankers"
            placements: ["browser-test"]
            arms: [{ name: "tuned", share: 0.5 }, { name: "best sellers", share: 0.5, ranker: POPULARITY }]
          }
        ) {
          id
        }
      }
    `);
    for (let v = 0; v < 20; v++)
      await graphql(
        `
          query ($s: ID!) {
            recommendations(sessionId: $s, placement: "browser-test", k: 4) {
              position
            }
          }
        `,
        { s: `visit-${v}` },
      );
    // Each server process writes its served lists to the file a tenth of a second later.
    const RESULTS = `query ($id: ID!) { experimentResults(id: $id) { arms { lists } } }`;
    const served = async () =>
      (
        (await graphql(RESULTS, { id: started.startExperiment.id })) as unknown as { experimentResults: { arms: { lists: number }[] } }
      ).experimentResults.arms.reduce((sum, a) => sum + a.lists, 0);
    await expect.poll(served, { timeout: WAIT_MS }).toBe(20);
    const check = async (page: Page) => {
      const rows = page.locator("#experiment-rows tr");
      await expect.poll(() => rows.count(), { timeout: WAIT_MS }).toBe(2);
      expect(await rows.nth(0).innerText()).toMatch(/tuned \(control\)/);
      expect(await rows.nth(1).innerText()).toMatch(/best sellers[\s\S]*too few lists to call/);
      expect(await page.locator("#experiments-status").innerText()).toMatch(/Home page rankers: 20 lists on browser-test/);
      expect(Number(await page.locator("#chart-experiment").getAttribute("data-points"))).toBeGreaterThan(0);
    };
    const open1 = await open("/dashboard");
    try {
      await check(open1);
    } finally {
      await open1.close();
    }
    const guardedPage = await open("/dashboard", DESKTOP, guarded!.base);
    try {
      expect(await guardedPage.locator("#experiments-status").innerText()).toMatch(/need the admin scope/);
      await guardedPage.getByLabel("Key with the admin scope").fill(ADMIN);
      await guardedPage.getByRole("button", { name: "Show the experiments" }).click();
      await check(guardedPage);
    } finally {
      await guardedPage.close();
      await graphql(
        `
          mutation ($id: ID!) {
            stopExperiment(id: $id) {
              id
            }
          }
        `,
        { id: started.startExperiment.id },
      );
    }
  });

  it("loads nothing from outside the service, at phone and desktop widths", async () => {
    const shots = process.env.SCREENSHOTS === "1" ? path.join(ROOT, "docs", "screenshots") : null;
    if (shots) fs.mkdirSync(shots, { recursive: true });
    for (const [size, viewport] of [
      ["phone", PHONE],
      ["desktop", DESKTOP],
    ] as const) {
      for (const [name, address] of [
        ["storefront", `/?customer=${encodeURIComponent(sampleCustomer)}`],
        ["dashboard", "/dashboard"],
      ]) {
        const page = await open(address, viewport);
        try {
          if (name === "storefront") await page.waitForSelector("#cards li.card");
          // Nothing is wider than the window: no sideways scrolling on a phone.
          // (A string: this file is type-checked without the DOM's types.)
          expect(Number(await page.evaluate("document.documentElement.scrollWidth"))).toBeLessThanOrEqual(viewport.width);
          if (shots) await page.screenshot({ path: path.join(shots, `${name}-${size}.png`), fullPage: size === "desktop" });
        } finally {
          await page.close();
        }
      }
    }
    expect(elsewhere).toEqual([]);
  });
});
