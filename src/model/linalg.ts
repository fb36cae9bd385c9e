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
