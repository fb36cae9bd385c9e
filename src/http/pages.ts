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
import type { Services } from "../services";
import { workbookOf } from "../services/workbook.service";
import { accessPolicy } from "./access";
import { KeyRing } from "./keys";
import { sendError } from "./responses";

/** How many sample customers the demo offers. */
const SAMPLE_CUSTOMERS = 5;

/** Scripts and styles only: the pages' code, nothing from elsewhere; product images may come from the catalogue's own hosts. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data: https: http:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function pageRoutes(services: Services, config: Config): Router {
  const router = express.Router();
  const { dir, readKey, recordEvents, writeKey, currency } = config.pages;
  const policy = accessPolicy(config);
  const keys = new KeyRing(config.keys);

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
    const refusal = policy(keys.identify(req.headers), "admin");
    if (refusal) return sendError(res, refusal.status, refusal.code, `${refusal.message} (the workbook needs the admin scope)`);
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
