/**
 * Compressed sparse rows: row r's entries are indices[indptr[r] .. indptr[r+1]) with values in data.
 * Indices within a row are sorted ascending and unique.
 */
export interface Csr {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float64Array;
}

/** Builds a CSR matrix from coordinate triples, summing duplicates and dropping entries that end at or below `dropAtOrBelow`. */
export function csrFromTriples(
  rows: number,
  cols: number,
  rowIdx: ArrayLike<number>,
  colIdx: ArrayLike<number>,
  values: ArrayLike<number>,
  dropAtOrBelow = -Infinity,
): Csr {
  const n = rowIdx.length;
  const counts = new Int32Array(rows + 1);
  for (let t = 0; t < n; t++) counts[rowIdx[t] + 1]++;
  for (let r = 0; r < rows; r++) counts[r + 1] += counts[r];
  const order = new Int32Array(n);
  const cursor = counts.slice(0, rows);
  for (let t = 0; t < n; t++) order[cursor[rowIdx[t]]++] = t;

  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(n);
  const data = new Float64Array(n);
  let nnz = 0;
  const rowCols: number[] = [];
  const sums = new Map<number, number>();
  for (let r = 0; r < rows; r++) {
    sums.clear();
    for (let p = counts[r]; p < counts[r + 1]; p++) {
      const t = order[p];
      sums.set(colIdx[t], (sums.get(colIdx[t]) ?? 0) + values[t]);
    }
    rowCols.length = 0;
    for (const c of sums.keys()) rowCols.push(c);
    rowCols.sort((a, b) => a - b);
    for (const c of rowCols) {
      const v = sums.get(c)!;
      if (v <= dropAtOrBelow) continue;
      indices[nnz] = c;
      data[nnz] = v;
      nnz++;
    }
    indptr[r + 1] = nnz;
  }
  return { rows, cols, indptr, indices: indices.slice(0, nnz), data: data.slice(0, nnz) };
}

export function transpose(m: Csr): Csr {
  const nnz = m.indices.length;
  const indptr = new Int32Array(m.cols + 1);
  for (let p = 0; p < nnz; p++) indptr[m.indices[p] + 1]++;
  for (let c = 0; c < m.cols; c++) indptr[c + 1] += indptr[c];
  const cursor = indptr.slice(0, m.cols);
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  for (let r = 0; r < m.rows; r++) {
    for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) {
      const dest = cursor[m.indices[p]]++;
      indices[dest] = r;
      data[dest] = m.data[p];
    }
  }
  return { rows: m.cols, cols: m.rows, indptr, indices, data };
}

/** Returns a copy with every stored value passed through `f` (the sparsity pattern is unchanged). */
export function mapValues(m: Csr, f: (value: number) => number): Csr {
  const data = new Float64Array(m.data.length);
  for (let p = 0; p < data.length; p++) data[p] = f(m.data[p]);
  return { ...m, data };
}
