/** Errors answered outside GraphQL execution, in the same shape as GraphQL's: `{ errors: [{ message, extensions: { code } }] }`. */
import http from "node:http";
import type { Duplex } from "node:stream";

const errorBody = (code: string, message: string) => JSON.stringify({ errors: [{ message, extensions: { code } }] });

/** Sends `{ errors: [{ message, extensions: { code } }] }` with `status` (with Express or without). */
export function sendError(res: http.ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, errorBody(code, message));
}

/** Sends a JSON text with `status`, its length and type set. */
export function sendJson(res: http.ServerResponse, status: number, json: string): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("content-length", Buffer.byteLength(json));
  res.end(json);
}

/** A request Node's HTTP parser refused before Express saw it: what to answer, or null for none (the client has gone). */
function parserRefusal(error: NodeJS.ErrnoException): { status: number; code: string; message: string } | null {
  switch (error.code) {
    case "ECONNRESET":
      return null;
    case "HPE_HEADER_OVERFLOW":
      return {
        status: 431,
        code: "REQUEST_HEADER_FIELDS_TOO_LARGE",
        message: `the request's headers (and address) are larger than ${http.maxHeaderSize} bytes`,
      };
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return { status: 408, code: "REQUEST_TIMEOUT", message: "the request took too long to arrive" };
    default:
      return { status: 400, code: "BAD_REQUEST", message: "the request is not valid HTTP" };
  }
}

/**
 * For http.Server's "clientError": answers Node's parser refusals (headers too large, malformed HTTP)
 * with a JSON error like every other refusal, where Node would answer an empty body.
 */
export function answerParserRefusal(error: NodeJS.ErrnoException, socket: Duplex, onRefused: (code: string) => void): void {
  const refusal = parserRefusal(error);
  // As Node's own handler: never write into a response already under way on this connection.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent: boolean } | null })._httpMessage;
  if (!refusal || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  onRefused(refusal.code);
  const body = errorBody(refusal.code, refusal.message);
  socket.end(
    `HTTP/1.1 ${refusal.status} ${http.STATUS_CODES[refusal.status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
