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

/** A typed array's bytes as a BLOB, in the machine's byte order (little-endian on x64 and arm64). */
export function encodeTyped(values: Int32Array | Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

/** Copies a BLOB into a new array: SQLite's buffers need not be aligned for a typed view. */
export function decodeInt32(blob: Buffer): Int32Array {
  if (blob.length % 4 !== 0) throw new Error(`stored Int32 array has ${blob.length} bytes`);
  const out = new Int32Array(blob.length / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

export function decodeFloat64(blob: Buffer): Float64Array {
  if (blob.length % 8 !== 0) throw new Error(`stored Float64 array has ${blob.length} bytes`);
  const out = new Float64Array(blob.length / 8);
  new Uint8Array(out.buffer).set(blob);
  return out;
}
