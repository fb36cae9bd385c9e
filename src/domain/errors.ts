/**
 * Errors the services raise for their callers. They say what went wrong in words a user can act on;
 * the GraphQL layer maps each class to an error code in one place (src/graphql/errors.ts).
 */

/** The caller asked for something that does not exist (an unknown customer or product id). */
export class NotFoundError extends Error {
  override readonly name = "NotFoundError";
}

/** The caller's input is invalid; nothing was changed. */
export class InvalidInputError extends Error {
  override readonly name = "InvalidInputError";
}

/** A data file cannot be used at all (missing, unreadable, wrong header). */
export class DataFileError extends Error {
  override readonly name = "DataFileError";
}
