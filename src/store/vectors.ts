/** Factor vectors are stored as little-endian Float32 BLOBs, k × 4 bytes each. */

export function encodeVector(values: ArrayLike<number>, offset = 0, length = values.length - offset): Buffer {
  const out = Buffer.allocUnsafe(length * 4);
  for (let f = 0; f < length; f++) out.writeFloatLE(values[offset + f], f * 4);
  return out;
}

/** Copies a stored vector into `target` at `offset`; throws if its length is not `k`. */
export function decodeVectorInto(blob: Buffer, k: number, target: Float32Array, offset: number): void {
  if (blob.length !== k * 4) throw new Error(`stored vector has ${blob.length / 4} components, expected ${k}`);
  for (let f = 0; f < k; f++) target[offset + f] = blob.readFloatLE(f * 4);
}
