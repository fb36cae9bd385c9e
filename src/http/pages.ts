/**
 * The pages for people: the storefront demo at / and the analyst dashboard at /dashboard, static files
 * built by `npm run build:web` (every script and style served from here: they work offline). The pages
 * read their settings from /pages/config.json and talk to /graphql like any client; the analyst
 * workbook downloads from /pages/workbook.xlsx (with the admin scope when keys are configured).
 */
import fs from "node:fs";
import path from "node:path";
import compression from "compression";
import express, { type Request, type Response, type Router } from "express";
import type { Config } from "../config";
import type { Services } from "../serving";
import { workbookOf } from "../report/workbook.service";
import type { Refusal } from "./access";
import { sendError } from "./responses";

/** How many sample customers the demo offers. */
const SAMPLE_CUSTOMERS = 5;

/** Scripts and styles only: the pages' code, nothing from elsewhere; product images may come from the catalogue's own hosts. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data: https: http:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** `refusal`: why the app's access policy refuses this request's caller (identified once, by the app) the scope asked for. */
export function pageRoutes(services: Services, config: Config, refusal: (req: Request, needed: "admin") => Refusal | null): Router {
  const router = express.Router();
  const { dir, readKey, recordEvents, writeKey, currency } = config.pages;

  router.get("/pages/config.json", (_req, res) => {
    res.set("cache-control", "no-store").json({
      graphqlUrl: "/graphql",
      readKey: readKey?.secret ?? null,
      recordEvents,
      writeKey: recordEvents ? (writeKey?.secret ?? null) : null,
      workbook: { url: "/pages/workbook.xlsx", needsKey: config.keys.length > 0 || config.production },
      currency,
      sampleCustomers: services.segments.samples(SAMPLE_CUSTOMERS),
    });
  });

  router.get("/pages/workbook.xlsx", async (req, res, next) => {
    const refused = refusal(req, "admin");
    if (refused) return sendError(res, refused.status, refused.code, `${refused.message} (the workbook needs the admin scope)`);
    try {
      const bytes = await workbookOf(config.modelDb);
      res.type(XLSX).attachment(`shop-report-model-${services.holder.latest().id}.xlsx`).send(bytes);
    } catch (error) {
      next(error);
    }
  });

  const page = (file: string) => (_req: Request, res: Response) => {
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) return sendError(res, 503, "PAGES_NOT_BUILT", "the pages are not built: run `npm run build:web`");
    res.set("content-security-policy", CONTENT_SECURITY_POLICY).set("cache-control", "no-cache").sendFile(full);
  };
  router.get("/", page("index.html"));
  router.get("/dashboard", page("dashboard.html"));
  // The dashboard's bundle is about 600 KB (ECharts): gzip it for browsers that accept it (compression, expressjs's own).
  router.use("/assets", compression(), express.static(path.join(dir, "assets"), { index: false, maxAge: "1h" }));
  return router;
}
