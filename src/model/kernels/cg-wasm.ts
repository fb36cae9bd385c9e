/**
 * The WebAssembly SIMD kernel of the conjugate-gradient row solve (source: assembly/cg.ts, built by
 * `npm run build:kernel`), in float32: the same algorithm as `solveRowCG`, which stays the reference.
 *
 * Each thread makes its own instance, whose memory holds float32 copies of what its row solves read:
 * both sides' entries and ridges once, and per side solved, the other side's factors and their Gram
 * matrix (`beginSide`). A row's factors are copied in and out around its solve, so the float64
 * arrays of the training run stay the only shared state and every thread computes the same numbers.
 *
 * An instance's memory is made at the size its problem needs and never grown: growing a
 * WebAssembly.Memory detaches its old ArrayBuffer, and once any buffer of a thread has been
 * detached, V8 checks for detachment on every typed-array access of its optimized code, for good (the
 * server's scoring ran 15–30% slower after training the sample in-process). A problem that needs more
 * gets a new instance on a new memory instead; the old one is collected like any other object.
 */
import { CG_WASM_BASE64 } from "./cg-wasm.generated";

/** What the kernel reads of one side of an ALS problem (structurally, an `AlsSide`). */
export interface KernelSide {
  confidence: { rows: number; indptr: Int32Array; indices: Int32Array; data: Float64Array };
  ridges: Float64Array;
  factors: Float64Array;
}

/** The little of the WebAssembly JS API used here (Node's types do not declare it). */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}

const WASM = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
const PAGE_BYTES = 65_536;

interface KernelExports {
  heapBase(): number;
  solveRows(
    rows: number,
    indptr: number,
    indices: number,
    confidence: number,
    ridges: number,
    x: number,
    y: number,
    gram: number,
    kp: number,
    steps: number,
    scratch: number,
    coefs: number,
    part: number,
  ): void;
  gramian(a: number, n: number, kp: number, g: number): void;
}

/** An instance of the kernel and the memory it was given (whole pages, zero-filled). */
interface Kernel {
  exports: KernelExports;
  buffer: ArrayBuffer;
}

let compiled: object | null | undefined;

/** The compiled kernel, or null where this WebAssembly has no SIMD (then ALS solves in TypeScript). */
function kernelModule(): object | null {
  if (compiled === undefined) {
    const bytes = Uint8Array.from(atob(CG_WASM_BASE64), (c) => c.charCodeAt(0));
    compiled = WASM !== undefined && WASM.validate(bytes) ? new WASM.Module(bytes) : null;
  }
  return compiled;
}

/** Whether the WebAssembly kernel can run here. */
export function wasmKernelAvailable(): boolean {
  return kernelModule() !== null;
}

/** An instance on a new memory of at least `bytes` (never grown later; see the top of this file). */
function instantiate(bytes: number): Kernel {
  const module = kernelModule();
  if (module === null) throw new Error("WebAssembly SIMD is not available here");
  const memory = new WASM!.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE_BYTES)) });
  const { exports } = new WASM!.Instance(module, { env: { memory } });
  return { exports: exports as KernelExports, buffer: memory.buffer };
}

let base: number | undefined;

/** Where the caller's arrays may start: after the module's own data and stack (the same in every instance). */
function heapBase(): number {
  base ??= instantiate(0).exports.heapBase();
  return base;
}

/** This thread's instance for Gram matrices, made on first use and made anew when a larger one is needed. */
let gramKernel: Kernel | null = null;

/**
 * G = AᵀA for the n × k matrix A (row-major), computed in float32 by the kernel: the Gram matrix of a
 * training run on the WebAssembly kernel (whose row solves read it in float32 anyway); `gramianBlocked`
 * is the float64 one.
 */
export function gramianWasm(a: Float64Array, n: number, k: number): Float64Array {
  const kp = Math.ceil(k / 4) * 4;
  const g = align(heapBase());
  const at = align(g + kp * kp * 4);
  const bytes = at + n * kp * 4;
  if (gramKernel === null || gramKernel.buffer.byteLength < bytes) gramKernel = instantiate(bytes);
  const f32 = new Float32Array(gramKernel.buffer);
  copyRows(a, n, k, f32, at / 4, kp);
  gramKernel.exports.gramian(at, n, kp, g);
  const out = new Float64Array(k * k);
  const g0 = g / 4;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      const v = f32[g0 + i * kp + j];
      out[i * k + j] = v;
      out[j * k + i] = v;
    }
  }
  return out;
}

/** Rows whose factors are copied in and solved per kernel call. */
const BATCH_ROWS = 256;

interface SideLayout {
  indptr: number;
  indices: number;
  confidence: number;
  ridges: number;
}

export class WasmCgKernel {
  private readonly kernel: KernelExports;
  /** k rounded up to a multiple of 4: the stride of every vector in the kernel's memory. */
  private readonly kp: number;
  private readonly gram: number;
  private readonly scratch: number;
  /** Per entry of the longest row: one f32 (coefs) and one f32x4 (part). */
  private readonly coefs: number;
  private readonly part: number;
  private readonly y: number;
  private readonly x: number;
  private readonly layout: SideLayout[];
  private readonly f32: Float32Array;
  private side: 0 | 1 | null = null;

  constructor(
    private readonly k: number,
    private readonly steps: number,
    private readonly sides: readonly [KernelSide, KernelSide],
  ) {
    const kp = (this.kp = Math.ceil(k / 4) * 4);
    let next = align(heapBase());
    const take = (bytes: number) => {
      const at = next;
      next = align(next + bytes);
      return at;
    };
    this.gram = take(kp * kp * 4);
    this.scratch = take(3 * kp * 4);
    const longest = Math.max(...sides.map(({ confidence }) => longestRow(confidence.indptr)));
    this.coefs = take(longest * 4);
    this.part = take(longest * 16);
    this.y = take(Math.max(sides[0].confidence.rows, sides[1].confidence.rows) * kp * 4);
    this.x = take(BATCH_ROWS * kp * 4);
    this.layout = sides.map(({ confidence }) => ({
      indptr: take((confidence.rows + 1) * 4),
      indices: take(confidence.indices.length * 4),
      confidence: take(confidence.indices.length * 4),
      ridges: take(confidence.rows * 4),
    }));
    const { exports, buffer } = instantiate(next);
    this.kernel = exports;
    this.f32 = new Float32Array(buffer);
    const i32 = new Int32Array(buffer);
    sides.forEach(({ confidence, ridges }, s) => {
      const at = this.layout[s];
      i32.set(confidence.indptr, at.indptr / 4);
      i32.set(confidence.indices, at.indices / 4);
      this.f32.set(confidence.data, at.confidence / 4);
      this.f32.set(ridges, at.ridges / 4);
    });
  }

  /** Loads what every row of `side` is solved against: the other side's factors and their Gram matrix (k × k). */
  beginSide(side: 0 | 1, gram: Float64Array): void {
    const { k, kp, f32 } = this;
    copyRows(gram, k, k, f32, this.gram / 4, kp);
    const y = this.sides[1 - side];
    copyRows(y.factors, y.confidence.rows, k, f32, this.y / 4, kp);
    this.side = side;
  }

  /** Re-solves rows [from, to) of the side begun last, in place in its float64 factors. */
  solveRows(from: number, to: number): void {
    if (this.side === null) throw new Error("beginSide before solveRows");
    const { k, kp, f32 } = this;
    const at = this.layout[this.side];
    const x = this.sides[this.side].factors;
    const xAt = this.x / 4;
    for (let start = from; start < to; start += BATCH_ROWS) {
      const rows = Math.min(BATCH_ROWS, to - start);
      for (let t = 0; t < rows; t++) {
        const src = (start + t) * k;
        const dst = xAt + t * kp;
        for (let f = 0; f < k; f++) f32[dst + f] = x[src + f];
      }
      this.kernel.solveRows(
        rows,
        at.indptr + start * 4,
        at.indices,
        at.confidence,
        at.ridges + start * 4,
        this.x,
        this.y,
        this.gram,
        kp,
        this.steps,
        this.scratch,
        this.coefs,
        this.part,
      );
      for (let t = 0; t < rows; t++) {
        const src = xAt + t * kp;
        const dst = (start + t) * k;
        for (let f = 0; f < k; f++) x[dst + f] = f32[src + f];
      }
    }
  }
}

function longestRow(indptr: Int32Array): number {
  let longest = 0;
  for (let u = 0; u + 1 < indptr.length; u++) longest = Math.max(longest, indptr[u + 1] - indptr[u]);
  return longest;
}

function align(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/** rows × k (row-major) into rows of stride kp, zero-padded. */
function copyRows(from: Float64Array, rows: number, k: number, to: Float32Array, at: number, kp: number): void {
  for (let r = 0; r < rows; r++) {
    const src = r * k;
    const dst = at + r * kp;
    for (let f = 0; f < k; f++) to[dst + f] = from[src + f];
    for (let f = k; f < kp; f++) to[dst + f] = 0;
  }
}
