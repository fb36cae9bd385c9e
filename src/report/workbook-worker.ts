/**
 * The worker thread of workbook.service.ts: builds the analyst workbook of a model file and posts its
 * bytes back. exceljs lives only here: loading it (its zip libraries) detaches an ArrayBuffer and breaks
 * the typed-array species lookup, which would cost every typed-array loop of a serving process V8's
 * fast path (as growing WebAssembly memory would; model/kernels/cg-wasm.ts).
 */
import { parentPort } from "node:worker_threads";
import { Store } from "../store";
import { buildReport } from "./report.service";
import { workbookBytes } from "./report.writers";

export async function runWorkbookWorker(modelDb: string): Promise<void> {
  try {
    // Its own read-only connection: the serving one is never held up by a write.
    const store = Store.open(modelDb, { readonly: true });
    try {
      parentPort!.postMessage(await workbookBytes(buildReport(store)));
    } finally {
      store.close();
    }
  } catch (error) {
    // A plain Error crosses to the caller whole; SQLite's own arrives without its message.
    throw new Error(`the workbook of ${modelDb}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
