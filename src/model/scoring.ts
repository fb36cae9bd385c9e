/** Scoring the whole catalogue against one vector: the hot loop of every ranking query. */

/** out[i] = y_i · x for every row i of the n × k matrix y. */
export function scoreAll(y: Float32Array, n: number, k: number, x: ArrayLike<number>, out: Float32Array): Float32Array {
  for (let i = 0; i < n; i++) {
    const off = i * k;
    let s = 0;
    for (let f = 0; f < k; f++) s += y[off + f] * x[f];
    out[i] = s;
  }
  return out;
}

/** The Euclidean norm of every row of y, for cosine similarity. */
export function rowNorms(y: Float32Array, n: number, k: number): Float32Array {
  const norms = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const off = i * k;
    let s = 0;
    for (let f = 0; f < k; f++) s += y[off + f] * y[off + f];
    norms[i] = Math.sqrt(s);
  }
  return norms;
}

/**
 * out[j] = cos(y_i, y_j) for every row j; rows with a zero norm get NaN so that rankings skip them.
 */
export function cosineToRow(y: Float32Array, norms: Float32Array, n: number, k: number, i: number, out: Float32Array): Float32Array {
  const qi = i * k;
  const qn = norms[i];
  for (let j = 0; j < n; j++) {
    const nj = norms[j];
    if (nj === 0 || qn === 0) {
      out[j] = Number.NaN;
      continue;
    }
    const off = j * k;
    let s = 0;
    for (let f = 0; f < k; f++) s += y[off + f] * y[qi + f];
    out[j] = s / (nj * qn);
  }
  return out;
}
