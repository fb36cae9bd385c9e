/**
 * AssemblyScript source of the WebAssembly SIMD kernel for ALS's conjugate-gradient row solve (the
 * same algorithm as `solveRowCG` in ../../solvers.ts, its reference), in float32, four lanes at a time.
 * Built by `npm run build:kernel` (scripts/build-kernel.ts) into ../cg-wasm.generated.ts; not part of
 * the TypeScript program.
 *
 * Works on raw addresses in its own memory, laid out by ../cg-wasm.ts. Every vector has kp entries,
 * k rounded up to a multiple of 4, the padding zero (so it stays zero through the solve):
 *   gram: kp × kp, y: one row of kp per column of the other side, x: one row of kp per row solved.
 */

export { gramian } from "./gram";

/** Where the caller may lay out its arrays: after this module's own (empty) data and stack. */
export function heapBase(): usize {
  return __heap_base;
}

/** Σ lanes of a. */
@inline function hsum(a: v128): f32 {
  return f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1) + f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3);
}

/** a · b over kp entries. */
@inline function dot(a: usize, b: usize, kp: i32): f32 {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let f = 0;
  for (; f + 8 <= kp; f += 8) {
    const o = <usize>(f << 2);
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
  }
  if (f < kp) {
    const o = <usize>(f << 2);
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  return hsum(f32x4.add(s0, s1));
}

/** out = (G + ridge·I)·v for the symmetric kp × kp matrix G, four rows of G per pass over v. */
function ridgedTimes(g: usize, ridge: f32, v: usize, out: usize, kp: i32): void {
  const rowBytes = <usize>(kp << 2);
  const rv = f32x4.splat(ridge);
  for (let f = 0; f < kp; f += 4) {
    const r0 = g + <usize>f * rowBytes;
    const r1 = r0 + rowBytes;
    const r2 = r1 + rowBytes;
    const r3 = r2 + rowBytes;
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    for (let j = 0; j < kp; j += 4) {
      const o = <usize>(j << 2);
      const x = v128.load(v + o);
      a0 = f32x4.add(a0, f32x4.mul(v128.load(r0 + o), x));
      a1 = f32x4.add(a1, f32x4.mul(v128.load(r1 + o), x));
      a2 = f32x4.add(a2, f32x4.mul(v128.load(r2 + o), x));
      a3 = f32x4.add(a3, f32x4.mul(v128.load(r3 + o), x));
    }
    // [Σa0, Σa1, Σa2, Σa3] by two rounds of pairwise sums.
    const s01 = f32x4.add(v128.shuffle<f32>(a0, a1, 0, 4, 1, 5), v128.shuffle<f32>(a0, a1, 2, 6, 3, 7));
    const s23 = f32x4.add(v128.shuffle<f32>(a2, a3, 0, 4, 1, 5), v128.shuffle<f32>(a2, a3, 2, 6, 3, 7));
    const sums = f32x4.add(v128.shuffle<f32>(s01, s23, 0, 1, 4, 5), v128.shuffle<f32>(s01, s23, 2, 3, 6, 7));
    const o = <usize>(f << 2);
    v128.store(out + o, f32x4.add(sums, f32x4.mul(rv, v128.load(v + o))));
  }
}

/** The address of the factors of the column of entry q. */
@inline function entryRow(indices: usize, q: i32, y: usize, bytes: usize): usize {
  return y + <usize>load<i32>(indices + (<usize>q << 2)) * bytes;
}

/**
 * dots[t] = y_q · v for the entries q = start + t in [start, end). Blocks of 32 entries of v stay in
 * locals while every entry's block is multiplied in; the four-lane partial sums wait in `part`.
 */
function entryDots(start: i32, end: i32, indices: usize, y: usize, v: usize, kp: i32, part: usize, dots: usize): void {
  const n = end - start;
  const bytes = <usize>(kp << 2);
  const full = kp & ~31;
  for (let t = 0; t < n; t++) v128.store(part + (<usize>t << 4), f32x4.splat(0));
  for (let b = 0; b < full; b += 32) {
    const vb = v + (<usize>b << 2);
    const v0 = v128.load(vb);
    const v1 = v128.load(vb, 16);
    const v2 = v128.load(vb, 32);
    const v3 = v128.load(vb, 48);
    const v4 = v128.load(vb, 64);
    const v5 = v128.load(vb, 80);
    const v6 = v128.load(vb, 96);
    const v7 = v128.load(vb, 112);
    for (let t = 0; t < n; t++) {
      const yb = entryRow(indices, start + t, y, bytes) + (<usize>b << 2);
      let s0 = f32x4.mul(v128.load(yb), v0);
      let s1 = f32x4.mul(v128.load(yb, 16), v1);
      s0 = f32x4.add(s0, f32x4.mul(v128.load(yb, 32), v2));
      s1 = f32x4.add(s1, f32x4.mul(v128.load(yb, 48), v3));
      s0 = f32x4.add(s0, f32x4.mul(v128.load(yb, 64), v4));
      s1 = f32x4.add(s1, f32x4.mul(v128.load(yb, 80), v5));
      s0 = f32x4.add(s0, f32x4.mul(v128.load(yb, 96), v6));
      s1 = f32x4.add(s1, f32x4.mul(v128.load(yb, 112), v7));
      const pt = part + (<usize>t << 4);
      v128.store(pt, f32x4.add(v128.load(pt), f32x4.add(s0, s1)));
    }
  }
  for (let f = full; f < kp; f += 4) {
    const o = <usize>(f << 2);
    const vf = v128.load(v + o);
    for (let t = 0; t < n; t++) {
      const pt = part + (<usize>t << 4);
      v128.store(pt, f32x4.add(v128.load(pt), f32x4.mul(v128.load(entryRow(indices, start + t, y, bytes) + o), vf)));
    }
  }
  for (let t = 0; t < n; t++) store<f32>(dots + (<usize>t << 2), hsum(v128.load(part + (<usize>t << 4))));
}

/** out += Σ_t coefs[t] · y_q over the entries q = start + t, with blocks of 32 entries of out in locals. */
function entryAxpy(start: i32, end: i32, indices: usize, y: usize, coefs: usize, out: usize, kp: i32): void {
  const n = end - start;
  const bytes = <usize>(kp << 2);
  const full = kp & ~31;
  for (let b = 0; b < full; b += 32) {
    const ob = out + (<usize>b << 2);
    let a0 = v128.load(ob);
    let a1 = v128.load(ob, 16);
    let a2 = v128.load(ob, 32);
    let a3 = v128.load(ob, 48);
    let a4 = v128.load(ob, 64);
    let a5 = v128.load(ob, 80);
    let a6 = v128.load(ob, 96);
    let a7 = v128.load(ob, 112);
    for (let t = 0; t < n; t++) {
      const c = f32x4.splat(load<f32>(coefs + (<usize>t << 2)));
      const yb = entryRow(indices, start + t, y, bytes) + (<usize>b << 2);
      a0 = f32x4.add(a0, f32x4.mul(c, v128.load(yb)));
      a1 = f32x4.add(a1, f32x4.mul(c, v128.load(yb, 16)));
      a2 = f32x4.add(a2, f32x4.mul(c, v128.load(yb, 32)));
      a3 = f32x4.add(a3, f32x4.mul(c, v128.load(yb, 48)));
      a4 = f32x4.add(a4, f32x4.mul(c, v128.load(yb, 64)));
      a5 = f32x4.add(a5, f32x4.mul(c, v128.load(yb, 80)));
      a6 = f32x4.add(a6, f32x4.mul(c, v128.load(yb, 96)));
      a7 = f32x4.add(a7, f32x4.mul(c, v128.load(yb, 112)));
    }
    v128.store(ob, a0);
    v128.store(ob, a1, 16);
    v128.store(ob, a2, 32);
    v128.store(ob, a3, 48);
    v128.store(ob, a4, 64);
    v128.store(ob, a5, 80);
    v128.store(ob, a6, 96);
    v128.store(ob, a7, 112);
  }
  for (let f = full; f < kp; f += 4) {
    const o = <usize>(f << 2);
    let a = v128.load(out + o);
    for (let t = 0; t < n; t++) {
      const c = f32x4.splat(load<f32>(coefs + (<usize>t << 2)));
      a = f32x4.add(a, f32x4.mul(c, v128.load(entryRow(indices, start + t, y, bytes) + o)));
    }
    v128.store(out + o, a);
  }
}

/**
 * Conjugate-gradient solve of one row, warm-started from x and stopped after `steps` iterations:
 * x ← CG(A = YᵀY + λI + Yᵀ(C − I)Y, b = Yᵀ C p, x₀ = x) over the row's entries [start, end).
 * `coefs` has room for one f32 and `part` for one v128 per entry of the row.
 */
function solveRow(
  start: i32,
  end: i32,
  indices: usize,
  confidence: usize,
  ridge: f32,
  x: usize,
  y: usize,
  gram: usize,
  kp: i32,
  steps: i32,
  scratch: usize,
  coefs: usize,
  part: usize,
): void {
  const bytes = <usize>(kp << 2);
  const r = scratch;
  const p = r + bytes;
  const ap = p + bytes;
  const n = end - start;
  const conf = confidence + (<usize>start << 2);
  // r = b − A x, expanded over the observed entries only: r = −(G + λI)x + Σ (c − (c − 1)·y·x) y.
  ridgedTimes(gram, ridge, x, r, kp);
  for (let f = 0; f < kp; f += 4) v128.store(r + (<usize>f << 2), f32x4.neg(v128.load(r + (<usize>f << 2))));
  entryDots(start, end, indices, y, x, kp, part, coefs);
  for (let t = 0; t < n; t++) {
    const o = <usize>t << 2;
    const c = load<f32>(conf + o);
    store<f32>(coefs + o, c - (c - 1) * load<f32>(coefs + o));
  }
  entryAxpy(start, end, indices, y, coefs, r, kp);
  let rsOld: f32 = 0;
  let acc = f32x4.splat(0);
  for (let f = 0; f < kp; f += 4) {
    const o = <usize>(f << 2);
    const rv = v128.load(r + o);
    v128.store(p + o, rv);
    acc = f32x4.add(acc, f32x4.mul(rv, rv));
  }
  rsOld = hsum(acc);
  if (rsOld < 1e-20) return;

  for (let step = 0; step < steps; step++) {
    // ap = A p = (G + λI)p + Σ (c − 1)(y·p) y
    ridgedTimes(gram, ridge, p, ap, kp);
    entryDots(start, end, indices, y, p, kp, part, coefs);
    for (let t = 0; t < n; t++) {
      const o = <usize>t << 2;
      store<f32>(coefs + o, (load<f32>(conf + o) - 1) * load<f32>(coefs + o));
    }
    entryAxpy(start, end, indices, y, coefs, ap, kp);
    const pAp = dot(p, ap, kp);
    if (!(pAp > 0)) return;
    const alpha = f32x4.splat(rsOld / pAp);
    acc = f32x4.splat(0);
    for (let f = 0; f < kp; f += 4) {
      const o = <usize>(f << 2);
      v128.store(x + o, f32x4.add(v128.load(x + o), f32x4.mul(alpha, v128.load(p + o))));
      const rv = f32x4.sub(v128.load(r + o), f32x4.mul(alpha, v128.load(ap + o)));
      v128.store(r + o, rv);
      acc = f32x4.add(acc, f32x4.mul(rv, rv));
    }
    const rsNew = hsum(acc);
    if (rsNew < 1e-20) return;
    const beta = f32x4.splat(rsNew / rsOld);
    for (let f = 0; f < kp; f += 4) {
      const o = <usize>(f << 2);
      v128.store(p + o, f32x4.add(v128.load(r + o), f32x4.mul(beta, v128.load(p + o))));
    }
    rsOld = rsNew;
  }
}

/**
 * Solves `rows` consecutive rows: row t has entries [indptr[t], indptr[t + 1]) of indices/confidence
 * (i32, f32), ridge ridges[t] (f32) and its kp factors at x + t·kp (f32, updated in place). `scratch`
 * holds 3·kp f32; `coefs` one f32 and `part` one v128 per entry of the longest row.
 */
export function solveRows(
  rows: i32,
  indptr: usize,
  indices: usize,
  confidence: usize,
  ridges: usize,
  x: usize,
  y: usize,
  gram: usize,
  kp: i32,
  steps: i32,
  scratch: usize,
  coefs: usize,
  part: usize,
): void {
  const bytes = <usize>(kp << 2);
  for (let t = 0; t < rows; t++) {
    const o = <usize>t << 2;
    solveRow(
      load<i32>(indptr + o),
      load<i32>(indptr + o + 4),
      indices,
      confidence,
      load<f32>(ridges + o),
      x + <usize>t * bytes,
      y,
      gram,
      kp,
      steps,
      scratch,
      coefs,
      part,
    );
  }
}
