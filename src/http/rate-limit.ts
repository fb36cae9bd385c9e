/**
 * Rate limits (rate-limiter-flexible, in memory): requests per second per client address and per API
 * key. A request over a limit is answered 429 with a Retry-After header before its body is read.
 * Loopback addresses are exempt by default (health checks, local tools); behind a proxy, set
 * TRUST_PROXY so the client's own address counts. Memory: each address's or key's entry is deleted
 * a second after its first request (rate-limiter-flexible's MemoryStorage, on a timer), so clients
 * at random addresses hold at most one second's worth of entries.
 *
 * A server of several processes (src/cluster.ts) keeps the counts in its primary process
 * (rate-limiter-flexible's RateLimiterCluster, over the cluster module's IPC), so that a limit is the
 * whole server's, not each worker's. Should the primary not answer in time, the request goes through.
 */
import type { NextFunction, Request, Response } from "express";
import {
  type RateLimiterAbstract,
  RateLimiterCluster,
  RateLimiterClusterMaster,
  RateLimiterMemory,
  RateLimiterRes,
} from "rate-limiter-flexible";
import type { Config } from "../config";
import { sendError } from "./responses";

/** How long a worker waits for the primary's count before letting the request through. */
const SHARED_TIMEOUT_MS = 1000;

/** In the primary process of a server of several processes: keeps the counts of every worker's limits. */
export function keepSharedRateLimits(): void {
  new RateLimiterClusterMaster();
}

/** `shared`: one of several worker processes, whose primary keeps the counts (keepSharedRateLimits). */
export function rateLimit(
  limits: Config["limits"],
  keyNameOf: (req: Request) => string | null,
  onReject: (reason: string) => void,
  shared = false,
) {
  const limiter = (which: string, points: number): RateLimiterAbstract | null => {
    if (points <= 0) return null;
    if (shared) return new RateLimiterCluster({ keyPrefix: `per-${which}`, points, duration: 1, timeoutMs: SHARED_TIMEOUT_MS });
    return new RateLimiterMemory({ points, duration: 1 });
  };
  const perAddress = limiter("address", limits.perAddress);
  const perKey = limiter("key", limits.perKey);
  const exempt = new Set(limits.exempt);
  /** Takes one point from `limiter` for `id`; false (and the 429 sent) when there is none left. */
  async function take(limiter: RateLimiterAbstract, id: string, which: "address" | "key", limit: number, res: Response): Promise<boolean> {
    try {
      await limiter.consume(id);
      return true;
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) {
        if (!shared) throw error;
        res.req.log.warn({ err: error }, `the rate limit per ${which} could not be checked; the request goes through`);
        return true;
      }
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
