/** Times are milliseconds since the Unix epoch, UTC. */

export const DAY_MS = 86_400_000;
