/**
 * Builds the pages (the storefront demo and the analyst dashboard) from web/ into dist/web: esbuild
 * bundles each page's TypeScript with ECharts into one script, and web/public is copied beside it.
 * Nothing is fetched at run time from anywhere but the service.   npm run build:web
 */
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { PAGES_DIR } from "../src/config";

const WEB = path.join(PAGES_DIR, "..", "..", "web");

/** Builds the pages into `out` (by default where the server serves them from), replacing what was there. */
export async function buildPages(out: string = PAGES_DIR): Promise<void> {
  fs.rmSync(out, { recursive: true, force: true });
  fs.cpSync(path.join(WEB, "public"), out, { recursive: true });
  await build({
    entryPoints: ["storefront", "dashboard"].map((page) => path.join(WEB, "src", `${page}.ts`)),
    outdir: path.join(out, "assets"),
    bundle: true,
    minify: true,
    sourcemap: true,
    format: "iife",
    platform: "browser",
    target: ["es2022"],
    legalComments: "linked",
    logLevel: "warning",
  });
}

async function main() {
  const started = Date.now();
  await buildPages();
  console.log(`Built the pages into ${path.relative(process.cwd(), PAGES_DIR)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (require.main === module)
  main().catch((error: unknown) => {
    console.error(`build:web: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
