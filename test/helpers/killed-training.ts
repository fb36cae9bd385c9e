/**
 * Killing a training run at a stage, as an operator's Ctrl-C, an OOM kill or a crash would: the run
 * (`importAndTrain`, as `npm run train` does it) goes in a child process, which says when it reached
 * the stage and waits there; the test then SIGKILLs it by its pid, so nothing after that point runs,
 * not even the process's own exit handlers.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import type { TrainingOptions } from "../../src/training/training.service";
import { ROOT } from "./paths";
import type { TrainingStage } from "./training-stages";

const CHILD = path.join(__dirname, "killed-training.child.ts");

/** How long the child may take to reach its stage: generous, the machine is shared. */
const DEADLINE_MS = 90_000;

/** Imports the trio files in `input` into `dbPath` and trains, and kills the run at `stage`; resolves once it is dead. */
export async function trainKilledAt(
  dbPath: string,
  input: string,
  stage: TrainingStage,
  settings: Partial<TrainingOptions>,
): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, dbPath, input, stage, JSON.stringify(settings)], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let errors = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const reached = new Promise<boolean>((resolve) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.split("\n").includes(stage)) resolve(true);
    });
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    void exited.then(() => resolve(false));
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), DEADLINE_MS)));
  try {
    const atStage = await Promise.race([reached, timedOut]);
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, "SIGKILL");
    const { code, signal } = await exited;
    if (!atStage || signal !== "SIGKILL") {
      throw new Error(`the training never reached "${stage}" (exit ${code ?? signal}): ${output}${errors}`);
    }
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}
