/** Small dense linear algebra on flat, row-major Float64Arrays (k × k matrices, k ≈ 10–256). */

/** G = AᵀA for the n × k matrix A (row-major), plus `ridge` on the diagonal. */
export function gramian(a: ArrayLike<number>, n: number, k: number, ridge = 0): Float64Array {
  const g = new Float64Array(k * k);
  for (let r = 0; r < n; r++) {
    const off = r * k;
    for (let i = 0; i < k; i++) {
      const ai = a[off + i];
      if (ai === 0) continue;
      const gi = i * k;
      for (let j = 0; j <= i; j++) g[gi + j] += ai * a[off + j];
    }
  }
  for (let i = 0; i < k; i++) {
    g[i * k + i] += ridge;
    for (let j = 0; j < i; j++) g[j * k + i] = g[i * k + j];
  }
  return g;
}

/**
 * G = AᵀA for an n × k Float64Array (row-major), four rows of A per pass over G's lower triangle, so
 * each load and store of g_ij carries four multiply-adds. Training's Gram matrix; `gramian` is the
 * plain reference the tests hold it to.
 */
export function gramianBlocked(a: Float64Array, n: number, k: number): Float64Array {
  const g = new Float64Array(k * k);
  let r = 0;
  for (; r + 3 < n; r += 4) {
    const o0 = r * k;
    const o1 = o0 + k;
    const o2 = o1 + k;
    const o3 = o2 + k;
    for (let i = 0; i < k; i++) {
      const a0 = a[o0 + i];
      const a1 = a[o1 + i];
      const a2 = a[o2 + i];
      const a3 = a[o3 + i];
      const gi = i * k;
      for (let j = 0; j <= i; j++) g[gi + j] += a0 * a[o0 + j] + a1 * a[o1 + j] + a2 * a[o2 + j] + a3 * a[o3 + j];
    }
  }
  for (; r < n; r++) {
    const off = r * k;
    for (let i = 0; i < k; i++) {
      const ai = a[off + i];
      const gi = i * k;
      for (let j = 0; j <= i; j++) g[gi + j] += ai * a[off + j];
    }
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) g[j * k + i] = g[i * k + j];
  return g;
}

/**
 * In-place Cholesky factorisation A = LLᵀ of a symmetric positive definite matrix; only the lower
 * triangle of `a` is read, and L overwrites it. Throws if A is not positive definite.
 */
export function choleskyFactor(a: Float64Array, k: number): void {
  for (let j = 0; j < k; j++) {
    const jk = j * k;
    let d = a[jk + j];
    for (let p = 0; p < j; p++) d -= a[jk + p] * a[jk + p];
    if (!(d > 0)) throw new Error(`matrix is not positive definite (pivot ${j} = ${d})`);
    const ljj = Math.sqrt(d);
    a[jk + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      const ik = i * k;
      let s = a[ik + j];
      for (let p = 0; p < j; p++) s -= a[ik + p] * a[jk + p];
      a[ik + j] = s / ljj;
    }
  }
}

/** Solves LLᵀx = b in place (b becomes x), given the factor from choleskyFactor. */
export function choleskySolveInPlace(l: Float64Array, k: number, b: Float64Array): void {
  for (let i = 0; i < k; i++) {
    const ik = i * k;
    let s = b[i];
    for (let p = 0; p < i; p++) s -= l[ik + p] * b[p];
    b[i] = s / l[ik + i];
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = b[i];
    for (let p = i + 1; p < k; p++) s -= l[p * k + i] * b[p];
    b[i] = s / l[i * k + i];
  }
}

export function dot(a: ArrayLike<number>, aOff: number, b: ArrayLike<number>, bOff: number, k: number): number {
  let s = 0;
  for (let f = 0; f < k; f++) s += a[aOff + f] * b[bOff + f];
  return s;
}

/** a·b over k entries with four independent partial sums (for the CG solver's hot loops; Float64Arrays only, so V8 keeps them monomorphic). */
export function dot4(a: Float64Array, aOff: number, b: Float64Array, bOff: number, k: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let f = 0;
  for (; f + 3 < k; f += 4) {
    s0 += a[aOff + f] * b[bOff + f];
    s1 += a[aOff + f + 1] * b[bOff + f + 1];
    s2 += a[aOff + f + 2] * b[bOff + f + 2];
    s3 += a[aOff + f + 3] * b[bOff + f + 3];
  }
  for (; f < k; f++) s0 += a[aOff + f] * b[bOff + f];
  return s0 + s1 + s2 + s3;
}

/** out = (G + λI)·v for a symmetric k × k matrix G, four rows of G per pass over v. */
export function ridgedTimes(g: Float64Array, ridge: number, v: Float64Array, vOff: number, out: Float64Array, k: number): void {
  let f = 0;
  for (; f + 3 < k; f += 4) {
    const r0 = f * k;
    const r1 = r0 + k;
    const r2 = r1 + k;
    const r3 = r2 + k;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < k; j++) {
      const x = v[vOff + j];
      s0 += g[r0 + j] * x;
      s1 += g[r1 + j] * x;
      s2 += g[r2 + j] * x;
      s3 += g[r3 + j] * x;
    }
    out[f] = s0 + ridge * v[vOff + f];
    out[f + 1] = s1 + ridge * v[vOff + f + 1];
    out[f + 2] = s2 + ridge * v[vOff + f + 2];
    out[f + 3] = s3 + ridge * v[vOff + f + 3];
  }
  for (; f < k; f++) out[f] = dot4(g, f * k, v, vOff, k) + ridge * v[vOff + f];
}

/**
 * Symmetric rank-n update of a lower triangle: A += W·Zᵀ, i.e. a_fg += Σ_p w_fp z_gp for g ≤ f, where
 * Z and W are k × n row-major (one row per factor, one column per item; W = Z scaled per column).
 * Entries above the diagonal inside the 4×4 diagonal blocks are written too and must be ignored
 * (choleskyFactor reads only the lower triangle).
 *
 * The loops work on 4×4 blocks of A so every loaded value feeds four multiply-adds, with the
 * sixteen sums in registers: about three times as fast as one outer product per item.
 */
export function addSymmetricProductLower(a: Float64Array, k: number, w: Float64Array, z: Float64Array, n: number): void {
  const kb = k - (k % 4);
  for (let f = 0; f < kb; f += 4) {
    const w0 = f * n;
    const w1 = w0 + n;
    const w2 = w1 + n;
    const w3 = w2 + n;
    for (let g = 0; g <= f; g += 4) {
      const z0 = g * n;
      const z1 = z0 + n;
      const z2 = z1 + n;
      const z3 = z2 + n;
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0,
        s10 = 0,
        s11 = 0,
        s12 = 0,
        s13 = 0;
      let s20 = 0,
        s21 = 0,
        s22 = 0,
        s23 = 0,
        s30 = 0,
        s31 = 0,
        s32 = 0,
        s33 = 0;
      for (let p = 0; p < n; p++) {
        const y0 = z[z0 + p];
        const y1 = z[z1 + p];
        const y2 = z[z2 + p];
        const y3 = z[z3 + p];
        let x = w[w0 + p];
        s00 += x * y0;
        s01 += x * y1;
        s02 += x * y2;
        s03 += x * y3;
        x = w[w1 + p];
        s10 += x * y0;
        s11 += x * y1;
        s12 += x * y2;
        s13 += x * y3;
        x = w[w2 + p];
        s20 += x * y0;
        s21 += x * y1;
        s22 += x * y2;
        s23 += x * y3;
        x = w[w3 + p];
        s30 += x * y0;
        s31 += x * y1;
        s32 += x * y2;
        s33 += x * y3;
      }
      let o = f * k + g;
      a[o] += s00;
      a[o + 1] += s01;
      a[o + 2] += s02;
      a[o + 3] += s03;
      o += k;
      a[o] += s10;
      a[o + 1] += s11;
      a[o + 2] += s12;
      a[o + 3] += s13;
      o += k;
      a[o] += s20;
      a[o + 1] += s21;
      a[o + 2] += s22;
      a[o + 3] += s23;
      o += k;
      a[o] += s30;
      a[o + 1] += s31;
      a[o + 2] += s32;
      a[o + 3] += s33;
    }
  }
  // The last k mod 4 rows, one entry at a time.
  for (let f = kb; f < k; f++) {
    const wf = f * n;
    for (let g = 0; g <= f; g++) {
      const zg = g * n;
      let s = 0;
      for (let p = 0; p < n; p++) s += w[wf + p] * z[zg + p];
      a[f * k + g] += s;
    }
  }
}
