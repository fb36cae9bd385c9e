/**
 * The one place where service errors become GraphQL error codes. Anything unexpected is logged and
 * reported as INTERNAL_SERVER_ERROR without its internals.
 */
import { unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLFormattedError } from "graphql";
import { InvalidInputError, NotFoundError } from "../domain/errors";

const ErrorCode = {
  NOT_FOUND: "NOT_FOUND",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof NotFoundError) {
    return { ...formatted, message: original.message, extensions: { code: ErrorCode.NOT_FOUND } };
  }
  if (original instanceof InvalidInputError) {
    return { ...formatted, message: original.message, extensions: { code: ErrorCode.BAD_USER_INPUT } };
  }
  if (formatted.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR) {
    console.error("internal error:", original);
    return {
      message: "Internal server error",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  }
  return formatted;
}
