/**
 * API keys: who is calling, and what their key allows. A key is sent as `Authorization: Bearer <secret>`
 * or `x-api-key: <secret>`; secrets are compared as SHA-256 digests with a constant-time comparison,
 * and never logged: requests name their key by its name.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { ApiKey, Scope } from "../config";

/** Who called: the key they presented (if it is one of ours), or that they presented a wrong one. */
export interface Caller {
  key: Pick<ApiKey, "name" | "scope"> | null;
  /** A key was presented that is not one of ours. */
  wrongKey: boolean;
}

export const ANONYMOUS: Caller = { key: null, wrongKey: false };

/** What each scope includes: an admin key can write and read, a write key can read. */
const RANK: Record<Scope, number> = { read: 1, write: 2, admin: 3 };

export function allows(scope: Scope, needed: Scope): boolean {
  return RANK[scope] >= RANK[needed];
}

const digest = (secret: string) => createHash("sha256").update(secret, "utf8").digest();

export class KeyRing {
  private readonly entries: { name: string; scope: Scope; digest: Buffer }[];

  constructor(keys: readonly ApiKey[]) {
    this.entries = keys.map((k) => ({ name: k.name, scope: k.scope, digest: digest(k.secret) }));
  }

  get size(): number {
    return this.entries.length;
  }

  /** The caller a request's headers name. */
  identify(headers: IncomingHttpHeaders): Caller {
    const secret = presentedSecret(headers);
    if (secret === null) return ANONYMOUS;
    const presented = digest(secret);
    // Compare with every key, so that the time taken says nothing about which one (if any) matched.
    let match: (typeof this.entries)[number] | null = null;
    for (const entry of this.entries) if (timingSafeEqual(entry.digest, presented)) match = entry;
    return match ? { key: { name: match.name, scope: match.scope }, wrongKey: false } : { key: null, wrongKey: true };
  }
}

function presentedSecret(headers: IncomingHttpHeaders): string | null {
  const authorization = headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    return match ? match[1].trim() : authorization.trim();
  }
  const header = headers["x-api-key"];
  const value = Array.isArray(header) ? header[0] : header;
  return value ? value.trim() : null;
}
