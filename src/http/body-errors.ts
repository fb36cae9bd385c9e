/** The body parser's refusals (Express's JSON parser), as the client's mistakes they are. */
type ClientError = Error & { type?: string; status?: number; encoding?: string };

/** The body parser's refusals, as the client's mistakes they are. */
export function clientErrorOf(error: ClientError, limit: number): { status: number; code: string; message: string } | null {
  switch (error.type) {
    case "entity.parse.failed":
      return { status: 400, code: "BAD_REQUEST", message: `the body is not valid JSON: ${error.message}` };
    case "entity.too.large":
      return { status: 413, code: "PAYLOAD_TOO_LARGE", message: `the body is larger than ${limit} bytes (MAX_BODY_BYTES)` };
    case "encoding.unsupported":
      return {
        status: 415,
        code: "UNSUPPORTED_MEDIA_TYPE",
        message: `Content-Encoding ${error.encoding} is not accepted: send the body as plain JSON`,
      };
    case "charset.unsupported":
      return { status: 415, code: "UNSUPPORTED_MEDIA_TYPE", message: error.message };
    case "request.aborted":
    case "request.size.invalid":
    case "stream.encoding.set":
      return { status: 400, code: "BAD_REQUEST", message: error.message };
    default:
      return null;
  }
}
