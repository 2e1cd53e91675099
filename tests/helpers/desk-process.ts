import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "./content-folder.ts";

/** A desk started as a responder starts it (`confide desk … --no-open`). */
export interface RunningDeskProcess {
  /** the address it printed, with the token in its fragment */
  address: string;
  origin: string;
  token: string;
  /** what it printed on standard error so far */
  stderr: () => string;
  /** stops it (SIGTERM) and waits for it to exit; resolves to its exit code */
  stop: () => Promise<number | null>;
}

/**
 * Starts `confide desk` on a free port and waits for the address it prints.
 *
 * @param args - the desk's options (--content, --cases, --key, …); --no-open and --port 0 are added
 * @param env - extra environment
 */
export function startDesk(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<RunningDeskProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(PROJECT_ROOT, "bin/confide.js"), "desk", "--no-open", "--port", "0", ...args],
    { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
      const match = /The desk is open at (http:\/\/127\.0\.0\.1:\d+)\/#token=([A-Za-z0-9_-]+)/.exec(stdout);
      if (match?.[1] && match[2]) {
        resolve({
          address: `${match[1]}/#token=${match[2]}`,
          origin: match[1],
          token: match[2],
          stderr: () => stderr,
          stop: () => {
            child.kill("SIGTERM");
            return exited;
          },
        });
      }
    });
    void exited.then((code) =>
      reject(new Error(`confide desk exited (${code}) before it was ready:\n${stdout}\n${stderr}`)),
    );
  });
}
