import { join } from "node:path";
import { PROJECT_ROOT } from "./content-folder.ts";
import { type ProcessResult, runProcess } from "./process.ts";

/** Runs `confide …` as a user would (bin/confide.js under node) and collects its output. */
export function runConfide(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<ProcessResult> {
  return runProcess(process.execPath, [join(PROJECT_ROOT, "bin/confide.js"), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...options.env },
    ...(options.input === undefined ? {} : { input: options.input }),
  });
}
