/**
 * Who may do what. Writes need a `write` key and admin fields an `admin` key; reads need a `read` key
 * only when READS_REQUIRE_KEY is set. A development server with no keys configured at all lets
 * everything through (and says so loudly at start); a production server with no keys refuses writes.
 */
import type { Config, Scope } from "../config";
import { allows, type Caller } from "./keys";

/** Why a request is refused: the GraphQL error code and the HTTP status that go with it. */
export interface Refusal {
  code: "UNAUTHENTICATED" | "FORBIDDEN";
  status: 401 | 403;
  message: string;
}

export type AccessPolicy = (caller: Caller, needed: Scope) => Refusal | null;

export function accessPolicy(config: Pick<Config, "keys" | "production" | "readsRequireKey">): AccessPolicy {
  const open = config.keys.length === 0 && !config.production;
  return (caller, needed) => {
    if (caller.wrongKey) return { code: "UNAUTHENTICATED", status: 401, message: "the API key is not valid" };
    if (open) return null;
    if (needed === "read" && !config.readsRequireKey) return null;
    if (config.keys.length === 0)
      return {
        code: "UNAUTHENTICATED",
        status: 401,
        message: `this server has no API keys configured (API_KEYS), so it refuses ${needed}s`,
      };
    if (!caller.key)
      return {
        code: "UNAUTHENTICATED",
        status: 401,
        message: `this needs an API key with the ${needed} scope (Authorization: Bearer <key>)`,
      };
    if (!allows(caller.key.scope, needed))
      return {
        code: "FORBIDDEN",
        status: 403,
        message: `the key "${caller.key.name}" has the ${caller.key.scope} scope; this needs ${needed}`,
      };
    return null;
  };
}
