/**
 * The one place where service errors become GraphQL error codes. Anything unexpected is reported as
 * INTERNAL_SERVER_ERROR without its internals (no SQL, no paths); the HTTP layer logs it in full with
 * the request id (isInternal tells it which errors those are).
 */
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { InvalidInputError, NotFoundError } from "../domain/errors";

const ErrorCode = {
  NOT_FOUND: "NOT_FOUND",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  BAD_REQUEST: "BAD_REQUEST",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;

/**
 * An error Apollo raised itself with a 4xx status but no code ("provided sha does not match query",
 * "Unsupported persisted query version"): the client's mistake, which Apollo would call internal.
 */
export function isClientRefusal(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined) return false;
  const status = (error.extensions.http as { status?: number } | undefined)?.status;
  return status !== undefined && status >= 400 && status < 500;
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof NotFoundError) {
    return { ...formatted, message: original.message, extensions: { code: ErrorCode.NOT_FOUND } };
  }
  if (original instanceof InvalidInputError) {
    return { ...formatted, message: original.message, extensions: { code: ErrorCode.BAD_USER_INPUT } };
  }
  if (isClientRefusal(error)) return { ...formatted, extensions: { code: ErrorCode.BAD_REQUEST } };
  if (formatted.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR) {
    return {
      message: "Internal server error",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  }
  return formatted;
}

/** Whether an error met while answering is the server's fault: not a service's refusal, nor a GraphQL error with a code of its own. */
export function isInternal(error: GraphQLError): boolean {
  if (isClientRefusal(error)) return false;
  const original = error.originalError;
  if (original instanceof NotFoundError || original instanceof InvalidInputError) return false;
  // A code of its own decides (Apollo's validation errors wrap graphql-js's, which have none).
  const code = error.extensions?.code;
  if (code !== undefined) return code === ErrorCode.INTERNAL_SERVER_ERROR;
  return original instanceof GraphQLError ? isInternal(original) : true;
}
