import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserServer, chromium } from "playwright-core";
import type { TestProject } from "vitest/node";
import { chromiumLaunchOptions } from "./browser.ts";
import { EXAMPLE_CONTENT, PROJECT_ROOT } from "./content-folder.ts";

/** The `provide`/`inject` key holding the address of the run's resource server. */
export const RUN_RESOURCES = "confideRunResources";

declare module "vitest" {
  interface ProvidedContext {
    [RUN_RESOURCES]: string;
  }
}

/** Where the form of a shared example site posts: its own origin (the local inbox) or site.yaml's endpoint. */
export type SharedFormEndpoint = "same-origin" | "site";

/** The resource server's answer for a shared site. */
export interface SharedSiteAnswer {
  out: string;
}
/** The resource server's answer for the shared browser. */
export interface SharedBrowserAnswer {
  wsEndpoint: string;
}

/**
 * Vitest global setup (vitest.config.ts): the things a whole run shares, made at most once per run
 * and only when a test asks for them, so a run of one unit-test file pays for neither.
 *
 * - the example site, built once per form endpoint (`GET /site?form-endpoint=same-origin|site`);
 * - one headless Chromium, as a Playwright browser server (`GET /browser` answers its wsEndpoint).
 *
 * Test files run in other processes (the forks pool), so the setup serves these on a small HTTP
 * server on 127.0.0.1 whose address it `provide`s; tests/helpers/run-resources.ts is the client.
 * Everything is stopped and removed in the teardown. The site is built by `npm run build` in a child
 * process (the README's contract), not in this process: the build sets environment variables and
 * the working directory while it runs, which must not leak into vitest's own process.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), "confide-run-"));
  const builds = new Map<string, Promise<string>>();
  let browser: Promise<BrowserServer> | undefined;

  const buildExample = (endpoint: SharedFormEndpoint): Promise<string> => {
    let build = builds.get(endpoint);
    if (!build) {
      build = runBuild(join(root, `site-${endpoint}`), endpoint);
      builds.set(endpoint, build);
    }
    return build;
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const answer = async (): Promise<SharedSiteAnswer | SharedBrowserAnswer> => {
      if (url.pathname === "/site") {
        const endpoint = url.searchParams.get("form-endpoint");
        if (endpoint !== "same-origin" && endpoint !== "site")
          throw new Error(`form-endpoint must be same-origin or site, not ${endpoint}`);
        return { out: await buildExample(endpoint) };
      }
      if (url.pathname === "/browser") {
        browser ??= chromium.launchServer(chromiumLaunchOptions());
        return { wsEndpoint: (await browser).wsEndpoint() };
      }
      throw new Error(`no shared resource at ${url.pathname}`);
    };
    answer().then(
      (body) => reply(response, 200, body),
      (error: unknown) =>
        reply(response, 500, { error: error instanceof Error ? error.message : String(error) }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("the run-resources server has no address");
  project.provide(RUN_RESOURCES, `http://127.0.0.1:${address.port}`);

  return async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await (await browser?.catch(() => undefined))?.close();
    await Promise.allSettled(builds.values());
    await rm(root, { recursive: true, force: true });
  };
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** Builds the example content with `npm run build` into `out`; rejects with the build's output. */
function runBuild(out: string, endpoint: SharedFormEndpoint): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, CONFIDE_CONTENT: EXAMPLE_CONTENT, CONFIDE_OUT: out };
  if (endpoint === "same-origin") env.CONFIDE_FORM_ENDPOINT = "same-origin";
  else delete env.CONFIDE_FORM_ENDPOINT;
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "build"], { cwd: PROJECT_ROOT, env });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`npm run build of the example failed (${code}):\n${output}`)),
    );
  });
}
