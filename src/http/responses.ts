/** Errors answered outside GraphQL execution, in the same shape as GraphQL's: `{ errors: [{ message, extensions: { code } }] }`. */
import type { Response } from "express";

export function sendError(res: Response, status: number, code: string, message: string): void {
  res
    .status(status)
    .type("application/json")
    .send(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}
