import { type ChildProcess, spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "./content-folder.ts";

/** The compatibility date the tests run the Workers runtime at (the installed workerd supports it). */
export const COMPATIBILITY_DATE = "2026-05-01";
/** How long wrangler may take to bundle the function and start workerd on a busy 2-core machine. */
const READY_TIMEOUT_MS = 90_000;

/** A running `wrangler pages dev`. */
export interface PagesDev {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** What wrangler printed so far (for failure messages). */
  output(): string;
  /** Stops wrangler and its workerd processes, and removes the temporary project folder. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Serves a built site with the project's `functions/` under the real Workers runtime, as Cloudflare
 * Pages would: `wrangler pages dev <site> --ip 127.0.0.1 --port <free> --compatibility-date …`.
 *
 * Wrangler runs in a temporary project folder holding a copy of wrangler.toml and a link to
 * functions/, so its state (`.wrangler/`), logs and dev registry stay out of the work tree and are
 * removed by `stop`. Only loopback traffic: metrics, the update check and the `Request.cf` download
 * are switched off. It runs in its own process group, so `stop` ends workerd too.
 *
 * @param options.siteDir - the built site (copied nowhere: served in place)
 * @param options.bindings - plain-text variables, `--binding NAME=value`
 * @param options.kv - KV namespaces to bind (local, persisted in the temporary folder)
 */
export async function startPagesDev(options: {
  siteDir: string;
  bindings: Record<string, string>;
  kv?: string[];
}): Promise<PagesDev> {
  // A free port is only free until someone takes it: another suite or wrangler on this machine may
  // take it between freePort() and wrangler's listen. That is the one failure worth another try.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPagesDevOnce(options);
    } catch (error) {
      if (attempt >= PORT_ATTEMPTS || !(error instanceof PortTakenError)) throw error;
    }
  }
}

/** How many times {@link startPagesDev} picks new ports when wrangler finds one taken. */
const PORT_ATTEMPTS = 3;

/** wrangler exited because a port it was given was taken meanwhile. */
class PortTakenError extends Error {}

async function startPagesDevOnce(options: {
  siteDir: string;
  bindings: Record<string, string>;
  kv?: string[];
}): Promise<PagesDev> {
  const project = await mkdtemp(join(tmpdir(), "confide-pages-dev-"));
  await copyFile(join(PROJECT_ROOT, "wrangler.toml"), join(project, "wrangler.toml"));
  await symlink(join(PROJECT_ROOT, "functions"), join(project, "functions"), "dir");
  await mkdir(join(project, "logs"));
  const port = await freePort();
  // The devtools inspector listens too, by default on 9229: two wranglers on one machine (two suites,
  // or another project) would collide there (issue 13: seen under load). A free port of its own.
  let inspectorPort = await freePort();
  while (inspectorPort === port) inspectorPort = await freePort();
  const args = [
    "pages",
    "dev",
    options.siteDir,
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(inspectorPort),
    "--compatibility-date",
    COMPATIBILITY_DATE,
    "--persist-to",
    join(project, "state"),
    "--log-level",
    "info",
    ...Object.entries(options.bindings).flatMap(([name, value]) => ["--binding", `${name}=${value}`]),
    ...(options.kv ?? []).flatMap((name) => ["--kv", name]),
  ];
  let output = "";
  const child: ChildProcess = spawn(join(PROJECT_ROOT, "node_modules/.bin/wrangler"), args, {
    cwd: project,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: "false",
      WRANGLER_HIDE_BANNER: "true",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      WRANGLER_LOG_PATH: join(project, "logs"),
      WRANGLER_REGISTRY_PATH: join(project, "registry"),
      NO_COLOR: "1",
    },
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async () => {
    if (child.pid !== undefined) await killGroup(child.pid, exited);
    await rm(project, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        const message = `wrangler pages dev exited before it was ready:\n${output}`;
        throw /Address already in use/i.test(output) ? new PortTakenError(message) : new Error(message);
      }
      if (Date.now() > deadline) throw new Error(`wrangler pages dev was not ready in time:\n${output}`);
      const ready = await fetch(`${url}/`, { signal: AbortSignal.timeout(2_000) })
        .then((response) => response.status === 200)
        .catch(() => false);
      if (ready) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, output: () => output, stop };
}

/** SIGTERM to the whole process group, SIGKILL after a grace period, then waits until none is left. */
async function killGroup(pid: number, exited: Promise<void>): Promise<void> {
  const signal = (name: NodeJS.Signals | 0) => {
    try {
      process.kill(-pid, name);
      return true;
    } catch {
      return false; // the group is gone
    }
  };
  if (!signal("SIGTERM")) return;
  const graceful = await Promise.race([
    exited.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000)),
  ]);
  if (!graceful) signal("SIGKILL");
  // workerd may outlive wrangler's node process for a moment: wait until the group is empty.
  const deadline = Date.now() + 10_000;
  while (signal(0)) {
    if (Date.now() > deadline) {
      signal("SIGKILL");
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
