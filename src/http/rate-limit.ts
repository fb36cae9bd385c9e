/**
 * Rate limits (rate-limiter-flexible, in memory): requests per second per client address and per API
 * key. A request over a limit is answered 429 with a Retry-After header before its body is read.
 * Loopback addresses are exempt by default (health checks, local tools); behind a proxy, set
 * TRUST_PROXY so the client's own address counts. Memory: each address's or key's entry is deleted
 * a second after its first request (rate-limiter-flexible's MemoryStorage, on a timer), so clients
 * at random addresses hold at most one second's worth of entries.
 *
 * A server of several processes (src/workers.ts) keeps the counts in its primary process
 * (rate-limiter-flexible's RateLimiterCluster, over the cluster module's IPC), so that a limit is the
 * whole server's, not each worker's. Should the primary not answer in time, the request goes through.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";
import {
  type RateLimiterAbstract,
  RateLimiterCluster,
  RateLimiterClusterMaster,
  RateLimiterMemory,
  RateLimiterRes,
} from "rate-limiter-flexible";
import type { Config } from "../config";
import type { Logger } from "./logging";
import { sendError } from "./responses";

/** How long a worker waits for the primary's count before letting the request through. */
const SHARED_TIMEOUT_MS = 1000;

/** In the primary process of a server of several processes: keeps the counts of every worker's limits. */
export function keepSharedRateLimits(): void {
  new RateLimiterClusterMaster();
}

/**
 * The client's address behind `hops` proxies, as Express's `trust proxy` with a number of hops takes
 * it: the socket's peer, then X-Forwarded-For read from its right-hand end, one entry per trusted hop.
 * The left-most entries are the client's to write, so never more than `hops` back.
 */
export function clientAddress(req: IncomingMessage, hops: number): string {
  const peer = req.socket.remoteAddress ?? "unknown";
  if (hops === 0) return peer;
  const header = req.headers["x-forwarded-for"];
  const forwarded = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .reverse();
  const chain = [peer, ...forwarded];
  return chain[Math.min(hops, chain.length - 1)];
}

export class RateLimits {
  private readonly perAddress: RateLimiterAbstract | null;
  private readonly perKey: RateLimiterAbstract | null;
  private readonly exempt: Set<string>;

  /** `shared`: one of several worker processes, whose primary keeps the counts (keepSharedRateLimits). */
  constructor(
    private readonly limits: Config["limits"],
    private readonly onReject: (reason: string) => void,
    private readonly logger: Logger,
    private readonly shared = false,
  ) {
    const limiter = (which: string, points: number): RateLimiterAbstract | null => {
      if (points <= 0) return null;
      if (shared) return new RateLimiterCluster({ keyPrefix: `per-${which}`, points, duration: 1, timeoutMs: SHARED_TIMEOUT_MS });
      return new RateLimiterMemory({ points, duration: 1 });
    };
    this.perAddress = limiter("address", limits.perAddress);
    this.perKey = limiter("key", limits.perKey);
    this.exempt = new Set(limits.exempt);
  }

  /** Takes a point for the key (if any) and the address; false, with the 429 sent, when a limit is reached. */
  async admit(keyName: string | null, address: string, res: ServerResponse): Promise<boolean> {
    const { perKey, perAddress, limits } = this;
    if (perKey && keyName !== null && !(await this.take(perKey, keyName, "key", limits.perKey, res))) return false;
    if (perAddress && !this.exempt.has(address) && !(await this.take(perAddress, address, "address", limits.perAddress, res))) return false;
    return true;
  }

  /** Takes one point from `limiter` for `id`; false (and the 429 sent) when there is none left. */
  private async take(limiter: RateLimiterAbstract, id: string, which: "address" | "key", limit: number, res: ServerResponse) {
    try {
      await limiter.consume(id);
      return true;
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) {
        if (!this.shared) throw error;
        this.logger.warn({ err: error }, `the rate limit per ${which} could not be checked; the request goes through`);
        return true;
      }
      this.onReject(`rate limit per ${which}`);
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
}

/** Express middleware over `limits`. */
export function rateLimit(limits: RateLimits, hops: number, keyNameOf: (req: Request) => string | null) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (await limits.admit(keyNameOf(req), clientAddress(req, hops), res)) next();
    } catch (error) {
      next(error);
    }
  };
}
