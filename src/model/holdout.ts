/**
 * A seeded random per-customer holdout, for validating on data that cannot be split in time (no
 * dates, or too few days): of each customer with at least two products, round(fraction · n) of their
 * n products (at least one, and always leaving one) are held out. Each customer's choice depends only
 * on the seed and their own id, so adding or removing other customers changes no one else's split.
 */
import type { Csr } from "./csr";
import { createRandom } from "./random";

/** The held-out entries of a customers × products matrix: per row, its held-out columns, sorted. */
export type HeldOut = readonly (readonly number[])[];

/** FNV-1a of a string, as an unsigned 32-bit integer. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let c = 0; c < s.length; c++) h = Math.imul(h ^ s.charCodeAt(c), 0x01000193);
  return h >>> 0;
}

/** Products held out of a customer with n: round(fraction · n), clamped to 1 … n − 1; none when n < 2. */
export function heldOutCount(n: number, fraction: number): number {
  return n < 2 ? 0 : Math.min(n - 1, Math.max(1, Math.round(fraction * n)));
}

/**
 * Chooses the held-out products of each row of `bought` (what each customer bought, one entry per
 * product): a seeded shuffle of the row, keyed by the customer's id, of which the first
 * heldOutCount(n) are held out.
 */
export function chooseHoldout(bought: Csr, customerIds: readonly string[], fraction: number, seed: number): HeldOut {
  const held: number[][] = [];
  for (let u = 0; u < bought.rows; u++) {
    const row = Array.from(bought.indices.subarray(bought.indptr[u], bought.indptr[u + 1]));
    const count = heldOutCount(row.length, fraction);
    if (count === 0) {
      held.push([]);
      continue;
    }
    const random = createRandom((seed ^ hashString(customerIds[u])) >>> 0);
    // Fisher–Yates on the row's first `count` places.
    for (let a = 0; a < count; a++) {
      const b = a + Math.floor(random() * (row.length - a));
      [row[a], row[b]] = [row[b], row[a]];
    }
    held.push(row.slice(0, count).sort((x, y) => x - y));
  }
  return held;
}

/** `m` without the held-out entries (rows beyond `held` keep all of theirs). */
export function withoutHeldOut(m: Csr, held: HeldOut): Csr {
  const indptr = new Int32Array(m.rows + 1);
  const keep = new Uint8Array(m.indices.length);
  let nnz = 0;
  for (let u = 0; u < m.rows; u++) {
    const out = u < held.length ? held[u] : [];
    let q = 0;
    for (let p = m.indptr[u]; p < m.indptr[u + 1]; p++) {
      const i = m.indices[p];
      while (q < out.length && out[q] < i) q++;
      if (q < out.length && out[q] === i) continue;
      keep[p] = 1;
      nnz++;
    }
    indptr[u + 1] = nnz;
  }
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  for (let p = 0, d = 0; p < m.indices.length; p++) {
    if (!keep[p]) continue;
    indices[d] = m.indices[p];
    data[d++] = m.data[p];
  }
  return { rows: m.rows, cols: m.cols, indptr, indices, data };
}
