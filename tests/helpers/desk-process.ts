import { startConfide } from "./confide-process.ts";

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
export async function startDesk(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<RunningDeskProcess> {
  const desk = await startConfide(
    ["desk", "--no-open", "--port", "0", ...args],
    /The desk is open at (http:\/\/127\.0\.0\.1:\d+)\/#token=([A-Za-z0-9_-]+)/,
    env,
  );
  const [, origin = "", token = ""] = desk.ready;
  return { address: `${origin}/#token=${token}`, origin, token, stderr: desk.stderr, stop: desk.stop };
}
