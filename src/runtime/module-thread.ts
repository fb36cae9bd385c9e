/**
 * Worker threads that run a function of a module of src/: loaded through tsx when running from
 * TypeScript sources (tests, `tsx` scripts), plainly when compiled.
 */
import path from "node:path";
import { Worker } from "node:worker_threads";

const SOURCE = `
  const { workerData } = require("node:worker_threads");
  if (workerData.tsx) require(workerData.tsx).register();
  require(workerData.entry)[workerData.run](workerData.input);
`;

/** A worker thread that calls `run(input)` of the module `name` in the folder `dir` (the caller's `__dirname`; a file name without extension). */
export function moduleThread(dir: string, name: string, run: string, input: unknown): Worker {
  const entry = path.join(dir, `${name}${path.extname(__filename)}`);
  const tsx = entry.endsWith(".ts") ? require.resolve("tsx/cjs/api") : null;
  return new Worker(SOURCE, { eval: true, workerData: { entry, tsx, run, input } });
}
