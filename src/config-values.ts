/** How a setting's text becomes its value (zod schemas for config.ts): whole numbers, booleans, lists. */
import os from "node:os";
import { z } from "zod";

/** A whole number in a range; the empty string is an error, not zero. */
export const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const bool = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(["true", "false", "1", "0", "yes", "no"], { error: "must be true or false" }))
  .transform((v) => v === "true" || v === "1" || v === "yes");

export const list = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);

/** Most server processes WORKERS may ask for. */
export const MAX_WORKERS = 64;

/** A number of server processes: 1 to MAX_WORKERS, or `auto` for one per core this process may use. */
export const workers = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v, ctx) => {
    if (v === "auto") return os.availableParallelism();
    const n = /^\d+$/.test(v) ? Number(v) : NaN;
    if (n >= 1 && n <= MAX_WORKERS) return n;
    ctx.addIssue({ code: "custom", message: `must be a whole number from 1 to ${MAX_WORKERS}, or auto for one per core` });
    return z.NEVER;
  });
