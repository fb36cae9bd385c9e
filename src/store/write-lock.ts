/**
 * Taking the file's write lock for a transaction. SQLite lets one connection write at a time; one that
 * finds the lock taken waits in its busy handler, which sleeps 1, 2, 5, 10 … up to 100 ms between
 * tries. That is fine against a training run, but between server processes that each hold the lock for
 * under a millisecond per write (src/workers.ts), a waiter soon sleeps far longer than the lock stays
 * taken, and under a steady stream of writes it loses to the holder again and again. Here a waiter tries
 * again after 50 µs, then twice as long each time up to 1 ms, until BUSY_TIMEOUT_MS have passed.
 */
import { BUSY_TIMEOUT_MS, type Db } from "./database";

const FIRST_PAUSE_MS = 0.05;
const LONGEST_PAUSE_MS = 1;
/** Atomics.wait on this sleeps the thread (a write in progress holds the event loop anyway). */
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** BEGIN IMMEDIATE, waiting for the write lock as the header says; throws SQLITE_BUSY if it stays taken. */
export function beginImmediate(db: Db): void {
  const deadline = performance.now() + BUSY_TIMEOUT_MS;
  db.pragma("busy_timeout = 0");
  try {
    for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
      try {
        db.exec("BEGIN IMMEDIATE");
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== "SQLITE_BUSY" || performance.now() > deadline) throw error;
      }
      Atomics.wait(sleeper, 0, 0, pause);
    }
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}
