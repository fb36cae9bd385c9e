/**
 * AssemblyScript: the Gram matrix of the WebAssembly kernel (exported by cg.ts, the entry file), in
 * float32, four lanes at a time. Same conventions as cg.ts: raw addresses, rows of kp entries.
 */

/**
 * The lower triangle (and the 4 × 4 blocks on the diagonal whole) of G = AᵀA for the n × kp matrix A
 * (rows of kp, padding zero) into g (kp × kp), four rows of A per pass over G.
 */
export function gramian(a: usize, n: i32, kp: i32, g: usize): void {
  const rowBytes = <usize>(kp << 2);
  memory.fill(g, 0, <usize>kp * rowBytes);
  let r = 0;
  for (; r + 4 <= n; r += 4) {
    const a0 = a + <usize>r * rowBytes;
    const a1 = a0 + rowBytes;
    const a2 = a1 + rowBytes;
    const a3 = a2 + rowBytes;
    for (let i = 0; i < kp; i++) {
      const io = <usize>(i << 2);
      const x0 = f32x4.splat(load<f32>(a0 + io));
      const x1 = f32x4.splat(load<f32>(a1 + io));
      const x2 = f32x4.splat(load<f32>(a2 + io));
      const x3 = f32x4.splat(load<f32>(a3 + io));
      const gi = g + <usize>i * rowBytes;
      const last = (i | 3) + 1;
      for (let j = 0; j < last; j += 4) {
        const o = <usize>(j << 2);
        let s = f32x4.mul(x0, v128.load(a0 + o));
        s = f32x4.add(s, f32x4.mul(x1, v128.load(a1 + o)));
        s = f32x4.add(s, f32x4.mul(x2, v128.load(a2 + o)));
        s = f32x4.add(s, f32x4.mul(x3, v128.load(a3 + o)));
        v128.store(gi + o, f32x4.add(v128.load(gi + o), s));
      }
    }
  }
  for (; r < n; r++) {
    const a0 = a + <usize>r * rowBytes;
    for (let i = 0; i < kp; i++) {
      const x0 = f32x4.splat(load<f32>(a0 + (<usize>i << 2)));
      const gi = g + <usize>i * rowBytes;
      const last = (i | 3) + 1;
      for (let j = 0; j < last; j += 4) {
        const o = <usize>(j << 2);
        v128.store(gi + o, f32x4.add(v128.load(gi + o), f32x4.mul(x0, v128.load(a0 + o))));
      }
    }
  }
}
