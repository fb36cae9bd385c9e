/**
 * V8 optimizes typed-array loops (scoring, top-k, fold-in) on the promise that no ArrayBuffer of the
 * process has ever been detached, and that typed arrays keep their own species. One broken promise
 * costs the whole thread the fast path for good: the server once scored 15–30% slower because it
 * loaded exceljs (whose zip libraries break both) and grew WebAssembly memory while training the
 * sample. A server that trains and serves every kind of request must keep both. (The workbook is built
 * in a thread of its own, which loads exceljs: test/report/workbook.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { type ServerProcess, startServerProcess } from "../../scripts/server-process";
import { tempDir } from "../helpers/paths";

const WRITE = "fast-path-write-secret-01";
/** V8's protectors of typed-array code; `--trace-protector-invalidation` names each one it gives up. */
const TYPED_ARRAY_PROTECTORS = /Invalidating protector cell (ArrayBufferDetaching|TypedArraySpeciesLookupChain)/;

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess(
    // Trains the bundled sample in the serving process first (ALS on the WebAssembly kernel).
    { MODEL_DB: path.join(tempDir(), "model.db"), SAMPLE_IF_MISSING: "true", API_KEYS: `shop:write:${WRITE}` },
    120_000,
    100_000,
    // tsx's ES-module loader, a thread of its own, detaches a buffer as it starts (the trace cannot tell
    // threads apart); its CommonJS hook starts none.
    ["--trace-protector-invalidation", "-r", "tsx/cjs"],
  );
}, 150_000);
afterAll(() => server?.stop());

async function graphql(query: string, key = WRITE): Promise<Record<string, unknown>> {
  const response = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data!;
}

describe("the server process", () => {
  it("keeps V8's typed-array fast path through training, serving and fold-in", { timeout: 120_000 }, async () => {
    const { sampleCustomers } = (await (await fetch(`${server.base}/pages/config.json`)).json()) as {
      sampleCustomers: { customerId: string }[];
    };
    const customer = sampleCustomers[0].customerId;
    const { recommendations } = (await graphql(
      `{ recommendations(customerId: "${customer}", k: 5) { product { id } because { id } } }`,
    )) as {
      recommendations: { product: { id: string } }[];
    };
    const product = recommendations[0].product.id;
    await graphql(
      `{ similarProducts(productId: "${product}", k: 5) { product { id } } segment(customerId: "${customer}") { customerId } }`,
    );
    await graphql(`{ recommendations(k: 5, context: { viewedProductIds: ["${product}"] }) { product { id } } }`);
    await graphql(`mutation { recordInteraction(input: { customerId: "fast-path-new", productId: "${product}", type: PURCHASE }) { id } }`);
    await graphql(
      `{ recommendations(customerId: "fast-path-new", k: 5) { product { id } } frequentlyBoughtTogether(productId: "${product}") { product { id } } }`,
    );
    await server.stop();
    // V8 prints its traces through C's buffered stdout: whole once the process has exited.
    const log = server.logLines();
    expect(log.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
    expect(log.filter((line) => TYPED_ARRAY_PROTECTORS.test(line))).toEqual([]);
  });
});
