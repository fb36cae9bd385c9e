/**
 * Worker threads that run a function of one of this folder's modules: loaded through tsx when running
 * from TypeScript sources (tests, `tsx` scripts), plainly when compiled.
 */
import path from "node:path";
import { Worker } from "node:worker_threads";

const SOURCE = `
  const { workerData } = require("node:worker_threads");
  if (workerData.tsx) require(workerData.tsx).register();
  require(workerData.entry)[workerData.run](workerData.input);
`;

/** A worker thread that calls `run(input)` of the module `name` (a file of src/services, without extension). */
export function moduleThread(name: string, run: string, input: unknown): Worker {
  const entry = path.join(__dirname, `${name}${path.extname(__filename)}`);
  const tsx = entry.endsWith(".ts") ? require.resolve("tsx/cjs/api") : null;
  return new Worker(SOURCE, { eval: true, workerData: { entry, tsx, run, input } });
}
