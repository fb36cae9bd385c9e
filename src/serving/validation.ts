/** Checks on caller input shared by the services; each failure is an InvalidInputError with a clear message. */
import { InvalidInputError } from "../domain/errors";

const MAX_K = 100;

export function requireId(value: string, what: string): string {
  const id = value.trim();
  if (id === "") throw new InvalidInputError(`${what} must not be empty`);
  if (id.length > 200) throw new InvalidInputError(`${what} is too long (${id.length} characters; at most 200)`);
  return id;
}

export function requireK(k: number): number {
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw new InvalidInputError(`k must be an integer from 1 to ${MAX_K}, got ${k}`);
  return k;
}
