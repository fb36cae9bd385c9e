/**
 * The analyst workbook of a model file, as bytes to download (the HTTP route of the dashboard). It is
 * built in a worker thread (workbook-worker.ts): the serving thread neither waits for it nor loads
 * exceljs, whose zip libraries would slow every typed-array loop of the process. One build runs per
 * file at a time (a large shop's takes seconds of a core; docs/performance.md): asked again meanwhile, it answers with
 * the build under way rather than starting another beside the server's own work.
 */
import { moduleThread } from "../runtime/module-thread";

const building = new Map<string, Promise<Buffer>>();

export function workbookOf(modelDb: string): Promise<Buffer> {
  let build = building.get(modelDb);
  if (build === undefined) {
    build = buildInThread(modelDb).finally(() => building.delete(modelDb));
    building.set(modelDb, build);
  }
  return build;
}

function buildInThread(modelDb: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const worker = moduleThread(__dirname, "workbook-worker", "runWorkbookWorker", modelDb);
    worker.once("message", (bytes: Uint8Array) => resolve(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
    worker.once("error", reject);
    // After a message or an error this changes nothing; otherwise the thread ended without either.
    worker.once("exit", (code) => reject(new Error(`the workbook thread exited (code ${code}) without a workbook`)));
  });
}
