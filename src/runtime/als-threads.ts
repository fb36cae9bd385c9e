/**
 * ALS on every core: an AlsRuntime whose arrays live in shared memory and whose sides are solved by
 * this thread and worker threads together. Rows are handed out in chunks from one atomic counter, so
 * a slow or missing worker only means the others solve more; each row's solve reads the other side's
 * fixed factors and writes its own row, so the result is the same whatever the number of threads.
 *
 * The calling thread blocks (Atomics.wait) while a side is solved, so training stays synchronous.
 */
import os from "node:os";
import type { Worker } from "node:worker_threads";
import { type AlsProblem, type AlsRuntime, RowSolver } from "../model/als";
import { moduleThread } from "./module-thread";

/** Slots of the control array shared with the workers. */
export const CONTROL = {
  /** The task: generation · 2 + side (0 before the first); a worker wakes when it changes. */
  TASK: 0,
  /** Generation (mod 2^15) · 2^16 + the next chunk to claim: claims of a stale generation fail. */
  CLAIM: 1,
  /** Chunks of the current task finished. */
  DONE: 2,
  /** Set to 1 to make the workers exit. */
  STOP: 3,
  /** Workers that have loaded and wait for tasks. */
  READY: 4,
  /** Bytes of the first failing worker's error message (in the `failure` buffer), 0 while none failed. */
  FAILED: 5,
} as const;

const CONTROL_SLOTS = 6;
/** Room for a failing worker's error message, in UTF-8 bytes. */
export const FAILURE_BYTES = 1024;
/** How long the first sweep waits for the workers to load; a worker that takes longer joins when it can. */
const START_MS = 10_000;
/** Chunks a side is cut into stay below 2^16 (the claim word's low half). */
const MAX_CHUNKS = 65_536;
/** How long the caller waits without any chunk finishing before it gives up on a stuck worker. */
const STALL_MS = 60_000;

/** Rows per chunk: small enough to balance the threads, large enough that claiming costs nothing. */
export function chunkSize(rows: number): number {
  return Math.max(16, Math.ceil(rows / (MAX_CHUNKS - 1)));
}

/**
 * Below this much work (pairs × factors × iterations) starting worker threads costs more than it
 * saves, so training left to its default uses one thread.
 */
export const MIN_PARALLEL_WORK = 5_000_000;

/** The threads a training run uses: as many as asked for, or by default every core the process may use, for problems worth it. */
export function threadsFor(asked: number | undefined, pairs: number, options: { factors: number; iterations: number }): number {
  if (asked !== undefined) return asked;
  return pairs * options.factors * options.iterations < MIN_PARALLEL_WORK ? 1 : os.availableParallelism();
}

/** What a worker receives: the problem's shared arrays. */
export interface WorkerProblem {
  control: SharedArrayBuffer;
  /** Where a worker writes the message of an error it cannot recover from. */
  failure: SharedArrayBuffer;
  gram: SharedArrayBuffer;
  k: number;
  solver: AlsProblem["solver"];
  cgSteps: number;
  kernel: AlsProblem["kernel"];
  sides: {
    rows: number;
    cols: number;
    indptr: SharedArrayBuffer;
    indices: SharedArrayBuffer;
    data: SharedArrayBuffer;
    ridges: SharedArrayBuffer;
    factors: SharedArrayBuffer;
  }[];
}

function shared(values: Uint8Array | Int32Array | Float64Array): SharedArrayBuffer {
  if (!(values.buffer instanceof SharedArrayBuffer)) throw new Error("the ALS problem is not in shared memory");
  return values.buffer;
}

export class AlsThreads implements AlsRuntime {
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
  private readonly failure = new Uint8Array(new SharedArrayBuffer(FAILURE_BYTES));
  private gram: Float64Array | null = null;
  /** The problem the workers were started on: they hold its arrays, so it is the only one this runtime solves. */
  private problem: AlsProblem | null = null;
  /** This thread's row solver for that problem. */
  private solver: RowSolver | null = null;
  private workers: Worker[] = [];
  private generation = 0;
  private chunks = { total: 0, byWorkers: 0 };

  /** @param threads how many threads solve rows, this one included (1: no workers). */
  constructor(readonly threads: number) {
    if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads must be a positive integer, got ${threads}`);
  }

  float64(length: number): Float64Array {
    return new Float64Array(new SharedArrayBuffer(length * 8));
  }

  int32(length: number): Int32Array {
    return new Int32Array(new SharedArrayBuffer(length * 4));
  }

  solveSide(problem: AlsProblem, side: 0 | 1, gram: Float64Array): void {
    const rows = problem.sides[side].confidence.rows;
    if (this.problem === null) this.start(problem);
    else if (this.problem !== problem) throw new Error("an AlsThreads runtime solves one training run; make a new one for another");
    const solver = this.solver!;
    if (this.threads === 1) {
      solver.beginSide(side, gram);
      solver.solveRows(0, rows);
      return;
    }
    this.gram!.set(gram);
    solver.beginSide(side, this.gram!);
    const { control } = this;
    const size = chunkSize(rows);
    const chunks = Math.ceil(rows / size);
    // Generations run 1..32767 (0 is "no task yet"), so a claim word never overflows.
    const generation = (this.generation = (this.generation % 32_767) + 1);
    Atomics.store(control, CONTROL.DONE, 0);
    Atomics.store(control, CONTROL.CLAIM, generation * MAX_CHUNKS);
    Atomics.store(control, CONTROL.TASK, generation * 2 + side);
    Atomics.notify(control, CONTROL.TASK);
    // This thread solves chunks too, then waits for those the workers claimed.
    let own = 0;
    for (;;) {
      this.throwIfFailed();
      const chunk = claimChunk(control, generation, chunks);
      if (chunk < 0) break;
      solver.solveRows(chunk * size, Math.min(rows, (chunk + 1) * size));
      Atomics.add(control, CONTROL.DONE, 1);
      own++;
    }
    this.chunks.total += chunks;
    this.chunks.byWorkers += chunks - own;
    let done = Atomics.load(control, CONTROL.DONE);
    let since = Date.now();
    while (done < chunks) {
      this.throwIfFailed();
      Atomics.wait(control, CONTROL.DONE, done, 1000);
      const now = Atomics.load(control, CONTROL.DONE);
      if (now !== done) since = Date.now();
      else if (Date.now() - since > STALL_MS) throw new Error(`ALS worker threads stalled: ${done} of ${chunks} chunks solved`);
      done = now;
    }
  }

  /** A row solve that threw in a worker throws here, with its message. */
  private throwIfFailed(): void {
    const length = Atomics.load(this.control, CONTROL.FAILED);
    if (length > 0) throw new Error(`an ALS worker thread failed: ${Buffer.from(this.failure.slice(0, length)).toString("utf8")}`);
  }

  /** The share of rows' chunks the worker threads solved so far (the rest, this thread). */
  get workerShare(): number {
    return this.chunks.total > 0 ? this.chunks.byWorkers / this.chunks.total : 0;
  }

  /** Stops the workers (they exit at their next wake-up). */
  close(): void {
    Atomics.store(this.control, CONTROL.STOP, 1);
    Atomics.add(this.control, CONTROL.TASK, 1);
    Atomics.notify(this.control, CONTROL.TASK);
    for (const worker of this.workers) void worker.terminate();
    this.workers = [];
  }

  private start(problem: AlsProblem): void {
    this.problem = problem;
    this.solver = new RowSolver(problem);
    if (this.threads === 1) return;
    this.gram = this.float64(problem.k * problem.k);
    const data: WorkerProblem = {
      control: shared(this.control),
      failure: shared(this.failure),
      gram: shared(this.gram),
      k: problem.k,
      solver: problem.solver,
      cgSteps: problem.cgSteps,
      kernel: problem.kernel,
      sides: problem.sides.map(({ confidence, ridges, factors }) => ({
        rows: confidence.rows,
        cols: confidence.cols,
        indptr: shared(confidence.indptr),
        indices: shared(confidence.indices),
        data: shared(confidence.data),
        ridges: shared(ridges),
        factors: shared(factors),
      })),
    };
    for (let t = 1; t < this.threads; t++) {
      const worker = moduleThread(__dirname, "als-worker", "runAlsWorker", data);
      // A worker that fails only leaves its share to the others; training goes on.
      worker.on("error", (error) => console.error("ALS worker thread failed:", error));
      worker.unref();
      this.workers.push(worker);
    }
    const deadline = Date.now() + START_MS;
    for (let ready = 0; (ready = Atomics.load(this.control, CONTROL.READY)) < this.workers.length && Date.now() < deadline;) {
      Atomics.wait(this.control, CONTROL.READY, ready, 100);
    }
  }
}

/** Claims the next chunk of the current generation, or −1 when there is none left (or the generation moved on). */
export function claimChunk(control: Int32Array, generation: number, chunks: number): number {
  for (;;) {
    const claim = Atomics.load(control, CONTROL.CLAIM);
    if (Math.floor(claim / MAX_CHUNKS) !== generation) return -1;
    const chunk = claim % MAX_CHUNKS;
    if (chunk >= chunks) return -1;
    if (Atomics.compareExchange(control, CONTROL.CLAIM, claim, claim + 1) === claim) return chunk;
  }
}

/** Trains with a thread pool for the call, closed afterwards. */
export function withAlsThreads<T>(threads: number, work: (runtime: AlsRuntime) => T): T {
  const runtime = new AlsThreads(threads);
  try {
    return work(runtime);
  } finally {
    runtime.close();
  }
}
