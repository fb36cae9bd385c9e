/**
 * A training that stops at a stage and waits there to be killed, run by killed-training.ts in a child
 * process: it imports and trains as `npm run train` does, and at the stage asked for prints the
 * stage's name and blocks (up to a minute, then exits with code 3) until the test SIGKILLs it.
 *   node --import tsx test/helpers/killed-training.child.ts <model file> <trio folder> <stage> <settings JSON>
 */
import fs from "node:fs";
import { importAndTrain } from "../../src/training/pipeline.service";
import type { TrainingOptions } from "../../src/training/training.service";
import { SegmentRepository } from "../../src/store/segment.repository";
import { TRAINING_STAGES, type TrainingStage } from "./training-stages";

const [dbPath, input, stage, settings] = process.argv.slice(2);
if (!TRAINING_STAGES.includes(stage as TrainingStage)) throw new Error(`unknown stage ${stage}`);

/** Says where it is and waits, blocking the thread as a busy training would, to be killed there. */
function stopAt(here: TrainingStage): void {
  if (here !== stage) return;
  fs.writeSync(1, `${here}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  process.exit(3);
}

// Inside the transaction that writes the model version: its header, vectors and segments are written, not committed.
const insertSegments = SegmentRepository.prototype.insert;
SegmentRepository.prototype.insert = function (this: SegmentRepository, ...args: Parameters<typeof insertSegments>) {
  insertSegments.apply(this, args);
  stopAt("writing");
};

void importAndTrain(
  dbPath,
  "trio",
  input,
  { overrides: JSON.parse(settings) as Partial<TrainingOptions> },
  {
    onImported: () => stopAt("reading"),
    onLoaded: () => stopAt("imported"),
    onIteration: () => stopAt("als"),
  },
).then(() => process.exit(4)); // trained to the end: the stage was never reached
