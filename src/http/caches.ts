/**
 * Apollo's two caches, parsed documents and persisted queries, each bounded by what its entries really
 * hold. Apollo's default cache charges a parsed document by the JSON of its syntax tree, but a document
 * keeps the whole text it was parsed from (`loc.source.body`) and every token of it, comments included
 * (linked from `loc.startToken`), none of which that JSON shows: a valid query padded with a megabyte
 * of `#` lines was charged a few hundred bytes and held 25 MB, so distinct padded queries grew the
 * server without bound under a fuzz campaign.
 */
import type { DocumentStore } from "@apollo/server";
import type { DocumentNode, Token } from "graphql";

/** What the parsed-document cache may hold, as charged by `documentBytes`. */
export const DOCUMENT_CACHE_BYTES = 16 * 1024 * 1024;
/** What the persisted-query cache may hold: query texts, charged 2 bytes a character. */
export const PERSISTED_QUERY_CACHE_BYTES = 8 * 1024 * 1024;
/** A token object and its share of the syntax tree, in bytes (a generous figure: a comment token alone is about 80). */
const TOKEN_BYTES = 200;

/** A least-recently-used map of at most `maxBytes`, as `sizeOf` charges its entries; Apollo's KeyValueCache. */
export class BoundedCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private total = 0;

  constructor(
    readonly maxBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  /** What the entries held are charged, in bytes: at most maxBytes. */
  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<V | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Most recently used last: eviction takes from the front.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value`, evicting the least recently used entries to make room; a value larger than the whole cache is not kept. */
  async set(key: string, value: V): Promise<void> {
    this.remove(key);
    const bytes = this.sizeOf(value) + 2 * key.length;
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    for (const [oldest] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.remove(oldest);
    }
  }

  async delete(key: string): Promise<boolean> {
    return this.remove(key);
  }

  private remove(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.total -= entry.bytes;
    return true;
  }
}

/** What a parsed document holds: its source text (2 bytes a character at most) and each of its tokens, comments included. */
export function documentBytes(document: DocumentNode): number {
  const loc = document.loc;
  if (!loc) return JSON.stringify(document).length;
  let tokens = 0;
  for (let token: Token | null = loc.startToken; token; token = token.next) tokens++;
  return 2 * loc.source.body.length + TOKEN_BYTES * tokens;
}

export function documentCache(maxBytes = DOCUMENT_CACHE_BYTES): DocumentStore & BoundedCache<DocumentNode> {
  return new BoundedCache<DocumentNode>(maxBytes, documentBytes);
}

export function persistedQueryCache(maxBytes = PERSISTED_QUERY_CACHE_BYTES): BoundedCache<string> {
  return new BoundedCache<string>(maxBytes, (query) => 2 * query.length);
}
