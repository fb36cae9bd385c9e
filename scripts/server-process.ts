/**
 * The server as a child process, from its TypeScript sources (`node --import tsx src/main.ts`), on a port it
 * chooses itself (PORT=0, read back from its "GraphQL ready at" log line), for the fuzz campaign and
 * the reliability tests. Every child is stopped by its own pid: by `stop()` or `kill()`, and, should
 * the parent exit first, by the parent's exit hook.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import readline from "node:readline";

const ROOT = path.resolve(__dirname, "..");
/** Log lines kept for a failure message: the last ones only, so a long run keeps none of its access lines. */
const KEPT_LINES = 50;

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export interface ServerProcess {
  pid: number;
  /** http://127.0.0.1:<port> */
  base: string;
  /** base + /graphql */
  url: string;
  /** Resolves with the exit code (or the signal's name) when the process has ended. */
  exited: Promise<number | string>;
  /** The last log lines, for a failure message. */
  recentLog(): string;
  /** The last log lines (as many as `keptLines` asked for), one string each. */
  logLines(): string[];
  /** Resident memory in bytes, from /proc (Linux), or null where there is none. */
  residentBytes(): number | null;
  /** SIGTERM, then SIGKILL if it has not ended after `graceMs`; resolves when it has ended. */
  stop(graceMs?: number): Promise<void>;
  /** Sends `signal` to the process; resolves when it has ended. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Starts the server with `settings` (environment variables: MODEL_DB, API_KEYS…) on 127.0.0.1, and
 * resolves once it listens (with WORKERS, once every worker does). Nothing of the parent's environment
 * reaches it but PATH, HOME and TMPDIR. The port is read from the log, so LOG_LEVEL, if given, must let
 * info lines through. `keptLines`: how many of the last log lines to keep; `nodeArgs`: Node's own
 * options, the loader of the TypeScript sources among them.
 */
export async function startServerProcess(
  settings: Record<string, string>,
  timeoutMs = 60_000,
  keptLines = KEPT_LINES,
  nodeArgs: readonly string[] = ["--import", "tsx"],
): Promise<ServerProcess> {
  const env: Record<string, string> = { HOST: "127.0.0.1", PORT: "0", LOG_FORMAT: "json", MODEL_REFRESH_SECONDS: "0" };
  for (const name of ["PATH", "HOME", "TMPDIR"]) if (process.env[name] !== undefined) env[name] = process.env[name]!;
  const child = spawn(process.execPath, [...nodeArgs, "src/main.ts"], {
    cwd: ROOT,
    env: { ...env, ...settings },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve(code ?? signal ?? "unknown");
    }),
  );
  const lines: string[] = [];
  let onReady: (url: string) => void = () => {};
  const ready = new Promise<string>((resolve) => (onReady = resolve));
  for (const stream of [child.stdout!, child.stderr!]) {
    readline.createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      if (lines.length > keptLines) lines.shift();
      const match = /GraphQL ready at (http:\/\/\S+\/graphql)/.exec(line);
      if (match) onReady(match[1]);
    });
  }
  const recentLog = () => lines.join("\n");
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the server did not start within ${timeoutMs} ms:\n${recentLog()}`)), timeoutMs);
    void exited.then((how) => reject(new Error(`the server exited (${how}) before it was ready:\n${recentLog()}`)));
  });
  failed.catch(() => {}); // once ready, a later exit is the caller's business (see `exited`)
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  try {
    const url = await Promise.race([ready, failed]);
    return {
      pid: child.pid!,
      base: url.replace(/\/graphql$/, ""),
      url,
      exited,
      recentLog,
      logLines: () => [...lines],
      residentBytes: () => residentBytes(child.pid!),
      kill,
      stop: async (graceMs = 15_000) => {
        const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        try {
          await kill("SIGTERM");
        } finally {
          clearTimeout(killer);
        }
      },
    };
  } catch (error) {
    await kill("SIGKILL");
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** A port free on 127.0.0.1 just now (for a server that needs one chosen in advance). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The processes whose parent is `pid` and whose command line holds `command` (Linux /proc): a clustered
 * server's workers (tsx's esbuild service is a child of the server too).
 */
export function childPids(pid: number, command = "main."): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (name) state ppid …"; the name may hold spaces and parentheses, so read after the last ")".
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid && fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(command)) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children.sort((a, b) => a - b);
}

/** Whether a process with this pid still exists (a zombie counts as gone). */
export function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** VmRSS of a process, in bytes. */
export function residentBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}
