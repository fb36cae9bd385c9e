/**
 * Logs: pino, JSON lines in production and readable lines in development, and one access line per
 * request with its request id, operation, duration, status, error codes and key name.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
import type { Config } from "../config";

export type { Logger } from "pino";

export function createLogger(options: Config["log"]): Logger {
  const base = { level: options.level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  return options.pretty
    ? pino(
        base,
        pretty({ colorize: process.stdout.isTTY, translateTime: "SYS:HH:MM:ss.l", singleLine: true, ignore: "req,res", sync: true }),
      )
    : pino(base);
}

/** What the GraphQL layer tells the access line about a request (kept in res.locals). */
export interface AccessNotes {
  requestId: string;
  operation?: string;
  /** The operation's name as the client gave it (at most 100 characters). */
  operationName?: string;
  errorCodes?: string[];
  key?: string;
}

const REQUEST_ID = /^[\w.:@-]{1,128}$/;

/** The request's id: the caller's x-request-id when it is a sane one, otherwise a new UUID. */
function requestId(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  const id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
  return id;
}

export function notesOf(res: ServerResponse): AccessNotes {
  const withLocals = res as ServerResponse & { locals?: AccessNotes };
  return (withLocals.locals ??= { requestId: "" });
}

/**
 * Middleware: assigns the request id (returned as x-request-id) and writes the access line when the
 * answer is sent or the connection closes first. One pino call per request: pino-http, which this
 * replaced, built three child loggers per request, each serialising its bindings, a large share of
 * the server's CPU on a small query (docs/performance.md).
 */
export function accessLog(logger: Logger) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const started = performance.now();
    const id = requestId(req);
    res.setHeader("x-request-id", id);
    const notes = notesOf(res);
    notes.requestId = id;
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const status = res.statusCode;
      const level = status >= 500 ? "error" : status >= 400 ? "warn" : "info";
      if (!logger.isLevelEnabled(level)) return;
      const { operation, operationName, errorCodes, key } = notes;
      const method = req.method ?? "";
      const where = path(req);
      logger[level](
        {
          requestId: id,
          req: { method, path: where, address: req.socket.remoteAddress },
          operation,
          operationName,
          errorCodes,
          key,
          res: { status },
          // To a hundredth of a millisecond: most answers take one or two, so whole ones hide the tail.
          ms: Math.round((performance.now() - started) * 100) / 100,
        },
        `${method} ${where} ${status}`,
      );
    };
    res.once("finish", done);
    res.once("close", done);
    next();
  };
}

/** The path asked for (Express rewrites req.url under a mount point; originalUrl keeps it), without its query string. */
function path(req: IncomingMessage): string {
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? "";
  return url.split("?")[0].slice(0, 200);
}
