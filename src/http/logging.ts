/**
 * Logs: pino, JSON lines in production and readable lines in development, and one access line per
 * request (pino-http) with its request id, operation, duration, status, error codes and key name.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import pino, { type Logger } from "pino";
import { pinoHttp } from "pino-http";
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
  return (res as ServerResponse & { locals: AccessNotes }).locals;
}

/** Express middleware: assigns the request id (returned as x-request-id) and writes the access line. */
export function accessLog(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = requestId(req);
      res.setHeader("x-request-id", id);
      notesOf(res).requestId = id;
      return id;
    },
    quietReqLogger: true,
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info"),
    customSuccessMessage: (req, res) => `${req.method} ${path(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${path(req)} ${res.statusCode}`,
    customAttributeKeys: { reqId: "requestId", responseTime: "ms" },
    customProps: (_req, res) => {
      const { operation, operationName, errorCodes, key } = notesOf(res);
      return { operation, operationName, errorCodes, key };
    },
    serializers: {
      req: (req: { method: string; remoteAddress?: string; raw: IncomingMessage }) => ({
        method: req.method,
        path: path(req.raw),
        address: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  });
}

/** The path asked for (Express rewrites req.url under a mount point; originalUrl keeps it), without its query string. */
function path(req: IncomingMessage): string {
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? "";
  return url.split("?")[0].slice(0, 200);
}
