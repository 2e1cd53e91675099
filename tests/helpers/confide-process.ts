import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "./content-folder.ts";

/** A long-running `confide` command (desk, inbox, serve), started as a user starts it. */
export interface RunningConfide {
  /** the match of `ready` in what it printed */
  ready: RegExpExecArray;
  /** what it printed on standard output so far */
  stdout: () => string;
  /** what it printed on standard error so far */
  stderr: () => string;
  /** stops it (SIGTERM) and waits for it to exit; resolves to its exit code */
  stop: () => Promise<number | null>;
}

/**
 * Starts `node bin/confide.js …args` and waits until its standard output matches `ready` (rejecting,
 * with what it printed, if it exits first).
 *
 * @param args - the command and its options
 * @param ready - what it prints once it is listening
 * @param env - extra environment
 */
export function startConfide(
  args: readonly string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv = {},
): Promise<RunningConfide> {
  const child: ChildProcess = spawn(process.execPath, [join(PROJECT_ROOT, "bin/confide.js"), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
      const match = ready.exec(stdout);
      if (match)
        resolve({
          ready: match,
          stdout: () => stdout,
          stderr: () => stderr,
          stop: () => {
            child.kill("SIGTERM");
            return exited;
          },
        });
    });
    void exited.then((code) =>
      reject(new Error(`confide ${args[0]} exited (${code}) before it was ready:\n${stdout}\n${stderr}`)),
    );
  });
}
