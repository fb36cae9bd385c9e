/**
 * A worker thread of AlsThreads: waits for a task (a side to solve), claims chunks of its rows until
 * none are left, and waits for the next, until told to stop. Runs on the shared arrays it was given.
 */
import { type AlsProblem, RowSolver } from "../model/als";
import { chunkSize, claimChunk, CONTROL, FAILURE_BYTES, type WorkerProblem } from "./als-threads";

export function runAlsWorker(shared: WorkerProblem): void {
  const control = new Int32Array(shared.control);
  try {
    serve(shared, control);
  } catch (error) {
    // Tell the waiting thread at once, with the message, instead of leaving a chunk unsolved.
    // The first worker to fail claims the slot (−1), writes its message, then publishes its length.
    if (Atomics.compareExchange(control, CONTROL.FAILED, 0, -1) === 0) {
      const message = Buffer.from(String(error instanceof Error ? error.message : error)).subarray(0, FAILURE_BYTES);
      new Uint8Array(shared.failure).set(message);
      Atomics.store(control, CONTROL.FAILED, Math.max(1, message.length));
    }
    Atomics.notify(control, CONTROL.DONE);
  }
}

function serve(shared: WorkerProblem, control: Int32Array): void {
  const gram = new Float64Array(shared.gram);
  const problem: AlsProblem = {
    k: shared.k,
    solver: shared.solver,
    cgSteps: shared.cgSteps,
    kernel: shared.kernel,
    sides: [side(shared.sides[0]), side(shared.sides[1])],
  };
  const solver = new RowSolver(problem);
  Atomics.add(control, CONTROL.READY, 1);
  Atomics.notify(control, CONTROL.READY);
  let seen = 0; // no task yet
  for (;;) {
    Atomics.wait(control, CONTROL.TASK, seen);
    if (Atomics.load(control, CONTROL.STOP) === 1) return;
    const task = Atomics.load(control, CONTROL.TASK);
    if (task === seen) continue;
    seen = task;
    const generation = Math.floor(task / 2);
    const which = task % 2 === 0 ? 0 : 1;
    const rows = problem.sides[which].confidence.rows;
    const size = chunkSize(rows);
    solver.beginSide(which, gram);
    const chunks = Math.ceil(rows / size);
    for (;;) {
      const chunk = claimChunk(control, generation, chunks);
      if (chunk < 0) break;
      solver.solveRows(chunk * size, Math.min(rows, (chunk + 1) * size));
      Atomics.add(control, CONTROL.DONE, 1);
      Atomics.notify(control, CONTROL.DONE);
    }
  }
}

function side(s: WorkerProblem["sides"][number]): AlsProblem["sides"][number] {
  return {
    confidence: {
      rows: s.rows,
      cols: s.cols,
      indptr: new Int32Array(s.indptr),
      indices: new Int32Array(s.indices),
      data: new Float64Array(s.data),
    },
    ridges: new Float64Array(s.ridges),
    factors: new Float64Array(s.factors),
  };
}
