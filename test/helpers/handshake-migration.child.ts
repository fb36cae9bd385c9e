/**
 * A process that opens an old model file with openDatabase, for the migration test that starts several
 * at once (test/store/migrations.test.ts). It says on stdout, one line each, where it is:
 *   loaded      its modules are loaded; it waits for a line "go" on stdin before it opens the file
 *   read <v>    openDatabase has read the file's schema version, <v>, and is about to take the write lock
 *   set <v>     it took a migration step and marked the file at version <v>
 *   done <v>    openDatabase returned and the file is at version <v>
 * The lines are written with fs.writeSync, so each is out before the process goes on: "read" before it
 * blocks on the lock, which is SQLite's busy wait and lets no asynchronous write through.
 *   node --import tsx test/helpers/handshake-migration.child.ts <model file>
 * The signals come from better-sqlite3's `pragma`, wrapped here, not from a hook in production code:
 * openDatabase reads the version with `pragma("user_version", { simple: true })` before its first
 * migration step and writes it with `pragma("user_version = <v>")` in each step's transaction. Should it
 * stop doing so, "read" never comes and the test fails waiting for it.
 */
import fs from "node:fs";
import readline from "node:readline";
import Database from "better-sqlite3";
import { openDatabase } from "../../src/store/database";

const file = process.argv[2];
const say = (line: string) => fs.writeSync(1, `${line}\n`);

let versionRead = false;
const pragma = Database.prototype.pragma;
Database.prototype.pragma = function (this: Database.Database, source: string, options?: Database.PragmaOptions) {
  const result: unknown = pragma.call(this, source, options);
  const set = /^\s*user_version\s*=\s*(\d+)\s*$/i.exec(source);
  if (set) say(`set ${set[1]}`);
  else if (!versionRead && /^\s*user_version\s*$/i.test(source)) {
    versionRead = true;
    say(`read ${String(result)}`);
  }
  return result;
};

say("loaded");
let started = false;
const input = readline.createInterface({ input: process.stdin });
input.on("line", (line) => {
  if (line !== "go" || started) return;
  started = true;
  input.close();
  process.stdin.destroy(); // nothing more to read: let the process end
  const db = openDatabase(file);
  say(`done ${String(db.pragma("user_version", { simple: true }))}`);
  db.close();
});
// The parent closed stdin without saying "go": the file is left as it was.
input.on("close", () => {
  if (!started) process.exit(2);
});
