/**
 * A child process that opens a model file with openDatabase and says where it is (see
 * handshake-migration.child.ts), for a test that starts several at once and waits, with a deadline,
 * for each to reach a point before it goes on.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "./paths";

const CHILD = path.join(__dirname, "handshake-migration.child.ts");

/** How long a child may take to reach each point, or to end: generous, the machine is shared. */
const DEADLINE_MS = 60_000;

export interface Opener {
  /** The lines it has written so far ("loaded", "read 1", "set 2"…). */
  readonly lines: string[];
  /** Resolves with the first line that starts with `word`; rejects should the child end first or take longer than the deadline. */
  reached(word: string): Promise<string>;
  /** Tells it to open the file (once it is "loaded"). */
  go(): void;
  /** Resolves when it has ended: its exit code (or signal's name) and what it wrote on stderr. */
  readonly exited: Promise<{ code: number | string; errors: string }>;
  /** SIGKILLs it, should it still run. */
  kill(): void;
}

/** Starts a child that loads openDatabase and waits to be told to open `file`. */
export function startOpener(file: string): Opener {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, file], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
    timeout: DEADLINE_MS,
    killSignal: "SIGKILL",
  });
  const lines: string[] = [];
  let partial = "";
  let errors = "";
  const listeners = new Set<() => void>();
  child.stdout.on("data", (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split("\n");
    partial = parts.pop()!;
    lines.push(...parts);
    for (const listener of listeners) listener();
  });
  child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  child.stdin.on("error", () => {}); // a child that died before reading: its exit says so
  const exited = new Promise<{ code: number | string; errors: string }>((resolve) =>
    child.once("close", (code, signal) => resolve({ code: code ?? signal ?? "unknown", errors })),
  );
  let ended = false;
  void exited.then(() => {
    ended = true;
    for (const listener of listeners) listener();
  });

  const reached = (word: string) =>
    new Promise<string>((resolve, reject) => {
      let expired = false;
      const timer = setTimeout(() => {
        expired = true;
        settle();
      }, DEADLINE_MS);
      const settle = () => {
        const line = lines.find((l) => l === word || l.startsWith(`${word} `));
        if (line === undefined && !ended && !expired) return;
        clearTimeout(timer);
        listeners.delete(settle);
        if (line !== undefined) resolve(line);
        else
          reject(new Error(`the child never said "${word}" (${ended ? "it ended" : "deadline passed"}): ${lines.join(" | ")} ${errors}`));
      };
      listeners.add(settle);
      settle();
    });

  return {
    lines,
    reached,
    go: () => child.stdin.write("go\n"),
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}
