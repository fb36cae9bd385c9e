import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
/** Real datasets kept beside the project, never copied into it. */
export const DATASETS = path.resolve(ROOT, "../shared/datasets");

/** A fresh temporary folder, optionally with files written into it. */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "recommender-test-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}
