/**
 * Rate limits (rate-limiter-flexible, in memory): requests per second per client address and per API
 * key. A request over a limit is answered 429 with a Retry-After header before its body is read.
 * Loopback addresses are exempt by default (health checks, local tools); behind a proxy, set
 * TRUST_PROXY so the client's own address counts. Memory: each address's or key's entry is deleted
 * a second after its first request (rate-limiter-flexible's MemoryStorage, on a timer), so clients
 * at random addresses hold at most one second's worth of entries.
 */
import type { NextFunction, Request, Response } from "express";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Config } from "../config";
import { sendError } from "./responses";

export function rateLimit(limits: Config["limits"], keyNameOf: (req: Request) => string | null, onReject: (reason: string) => void) {
  const perAddress = limits.perAddress > 0 ? new RateLimiterMemory({ points: limits.perAddress, duration: 1 }) : null;
  const perKey = limits.perKey > 0 ? new RateLimiterMemory({ points: limits.perKey, duration: 1 }) : null;
  const exempt = new Set(limits.exempt);
  /** Takes one point from `limiter` for `id`; false (and the 429 sent) when there is none left. */
  async function take(limiter: RateLimiterMemory, id: string, which: "address" | "key", limit: number, res: Response): Promise<boolean> {
    try {
      await limiter.consume(id);
      return true;
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      onReject(`rate limit per ${which}`);
      res.setHeader("Retry-After", String(Math.max(1, Math.ceil(error.msBeforeNext / 1000))));
      sendError(
        res,
        429,
        "RATE_LIMITED",
        `too many requests: the limit is ${limit} per second per ${which} (RATE_LIMIT_PER_${which.toUpperCase()})`,
      );
      return false;
    }
  }
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const keyName = keyNameOf(req);
      if (perKey && keyName !== null && !(await take(perKey, keyName, "key", limits.perKey, res))) return;
      const address = req.ip ?? req.socket.remoteAddress ?? "unknown";
      if (perAddress && !exempt.has(address) && !(await take(perAddress, address, "address", limits.perAddress, res))) return;
      next();
    } catch (error) {
      next(error);
    }
  };
}
