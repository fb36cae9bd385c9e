import fs from "node:fs";
import { StringDecoder } from "node:string_decoder";

/**
 * A file's lines, split at its record delimiter as csv-parse finds it (the first "\r\n", "\n" or "\r"),
 * read in chunks, with a leading UTF-8 BOM dropped.
 */
export class LineReader {
  readonly recordDelimiter: string | null;
  private readonly fd: number;
  private readonly buffer: Buffer;
  private readonly decoder = new StringDecoder("utf8");
  private pending: string[] = [];
  private at = 0;
  /** The text after the last record delimiter read so far. */
  private rest = "";
  private done = false;
  /** Whether the last line read ends the file without a record delimiter. */
  unterminated = false;

  constructor(file: string, chunkBytes: number) {
    this.buffer = Buffer.alloc(chunkBytes);
    this.fd = fs.openSync(file, "r");
    this.rest = this.readChunk().replace(/^\uFEFF/, "");
    while (!this.done && !/[\r\n][^]/.test(this.rest)) this.rest += this.readChunk();
    const first = /\r\n|\n|\r/.exec(this.rest);
    this.recordDelimiter = first ? first[0] : null;
  }

  /** The next line without its delimiter; undefined after the last. */
  next(): string | undefined {
    while (this.at === this.pending.length) {
      if (this.done) {
        if (this.rest === "") return undefined;
        this.pending = [this.rest];
        this.rest = "";
        this.unterminated = true;
      } else {
        this.split(this.rest + this.readChunk());
      }
      this.at = 0;
    }
    return this.pending[this.at++];
  }

  /** The next line, left to be read. */
  peek(): string | undefined {
    const line = this.next();
    if (line !== undefined) this.at--;
    return line;
  }

  /** Up to `n` more lines. */
  take(n: number): string[] {
    const out: string[] = [];
    while (out.length < n) {
      const line = this.next();
      if (line === undefined) break;
      out.push(line);
    }
    return out;
  }

  private split(text: string): void {
    const parts = text.split(this.recordDelimiter!);
    this.rest = parts.pop()!;
    this.pending = parts;
  }

  private readChunk(): string {
    const n = fs.readSync(this.fd, this.buffer, 0, this.buffer.length, null);
    if (n > 0) return this.decoder.write(this.buffer.subarray(0, n));
    this.done = true;
    fs.closeSync(this.fd);
    return this.decoder.end();
  }
}
