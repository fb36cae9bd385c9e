/** How a server process opens its model file. */
import { RESTART_WAL_PAGES } from "./checkpointer";
import type { OpenOptions } from "./database";

/** How the server opens its model file: WAL checkpoints on a worker thread, so no request waits on one. */
export const SERVING_STORE: OpenOptions = { checkpointIntervalMs: 250 };
/**
 * How the other workers of a server of several processes open it (src/workers.ts): one worker checkpoints
 * as above and keeps the log near RESTART_WAL_PAGES; the others truncate it only should it pass four times that.
 */
export const PEER_SERVING_STORE: OpenOptions = { walCapBytes: 4 * RESTART_WAL_PAGES * 4096 };
