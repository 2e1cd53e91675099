import { watch } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join, resolve, sep } from "node:path";
import EleventyDevServer from "@11ty/eleventy-dev-server";
import { buildSite } from "../build/build-site.ts";
import { formatDiagnostic, isContentError, sortDiagnostics } from "../check/diagnostic.ts";
import { loadContent } from "../content/load-content.ts";
import { createInboxHandler } from "../inbox/inbox-server.ts";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { receiverCount, receivingKeyIds } from "../roster/receiving-key-ids.ts";
import { DEV_PATHS, OVERLAY_SCRIPT, previewPage } from "./dev-overlay.ts";

/** Saves come in bursts (an editor writes a file and its backup): build once the burst is over. */
const SETTLE_MS = 150;

/** A running live preview. */
export interface DevServer {
  /** e.g. http://localhost:8080 */
  url: string;
  /** The problems of the last build, as `confide check` prints them (empty when it succeeded). */
  problems(): readonly string[];
  close(): Promise<void>;
}

type Middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

/**
 * `confide serve --watch` (`npm run dev`): builds the site, serves it with Eleventy's own dev server
 * (@11ty/eleventy-dev-server) with the local inbox on the same origin, and rebuilds on every save in
 * the content folder, reloading the pages in the browser. A build that fails does not end anything:
 * its problems are printed in the terminal as `confide check` prints them and shown over the page
 * (which keeps the last good build) until a save fixes them.
 *
 * @param options.contentDir - the content folder to watch and build
 * @param options.outDir - where the preview's build is written
 * @param options.inboxDir - where reports sent with the form are stored
 * @param options.port - the port (0 picks a free one)
 * @param options.log - where progress and problems are printed (default: the console)
 */
export async function startDevServer(options: {
  contentDir: string;
  outDir: string;
  inboxDir: string;
  port: number;
  log?: { info(line: string): void; error(line: string): void };
}): Promise<DevServer> {
  const {
    contentDir,
    outDir,
    inboxDir,
    port,
    log = { info: console.log, error: console.error },
    ...rest
  } = options;
  rejectUnknownOptions("startDevServer", rest);
  const root = resolve(outDir);
  let problems: string[] = [];
  let inbox: ((request: IncomingMessage, response: ServerResponse) => Promise<void>) | null = null;

  const build = async (): Promise<void> => {
    const { content, diagnostics } = await loadContent({ dir: contentDir });
    const printed = sortDiagnostics(diagnostics).map((d) => formatDiagnostic(d, contentDir));
    if (!content) {
      problems = printed.filter((line) => line.includes(": error: "));
      for (const line of printed) log.error(line);
      return;
    }
    // The inbox takes the roster's keys and the form id as they are now.
    inbox = createInboxHandler({
      dir: inboxDir,
      ...(content.site.form ? { formId: content.site.form.id } : {}),
      receivingKeyIds: receivingKeyIds(content.responders),
      maxRecipients: receiverCount(content.responders),
    });
    try {
      await buildSite({ contentDir, outDir, formEndpoint: "same-origin", silent: true });
      problems = [];
      log.info(`Built ${contentDir} (${new Date().toLocaleTimeString()}).`);
    } catch (error) {
      problems = isContentError(error)
        ? error.diagnostics.map((d) => formatDiagnostic(d, contentDir))
        : [`The build failed: ${(error as Error).message}`];
      for (const line of problems) log.error(line);
    }
  };

  // One build at a time; saves during a build make one more build after it.
  let running: Promise<void> = Promise.resolve();
  let queued = false;
  const rebuild = () => {
    if (queued) return running;
    queued = true;
    running = running.then(async () => {
      queued = false;
      await build();
      server.reload({ subtype: "html" });
    });
    return running;
  };

  const servePreview: Middleware = (request, response, next) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://preview").pathname);
    if (path === DEV_PATHS.overlay) {
      response.writeHead(200, {
        "content-type": "text/javascript; charset=utf-8",
        "cache-control": "no-store",
      });
      response.end(OVERLAY_SCRIPT);
      return;
    }
    if (path === DEV_PATHS.diagnostics) {
      response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      response.end(JSON.stringify({ problems }));
      return;
    }
    if (path.startsWith("/f/")) {
      const handler = inbox;
      if (!handler) return next();
      handler(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        response.end("Internal error\n");
      });
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") return next();
    void htmlPage(root, path).then((html) => {
      if (html === null) return next();
      response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      response.end(previewPage(html));
    }, next);
  };

  await build();
  const server = EleventyDevServer.getServer("confide-preview", root, {
    // A full reload after each build: the pages' Trusted Types policy forbids the DOM diffing's innerHTML.
    domDiff: false,
    middleware: [servePreview],
    messageOnStart: () => false,
    logger: { info: () => {}, log: () => {}, error: (line: string) => log.error(line) },
  });
  // Only this machine can reach the preview and its inbox (the dev server listens everywhere by default).
  server._serverListen = (listenPort: number) =>
    server.server.listen({ port: listenPort, host: "localhost" });
  server.serve(port);
  await server.ready();
  const address = server.server.address();
  const url = `http://localhost:${typeof address === "object" && address ? address.port : port}`;

  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(resolve(contentDir), { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), SETTLE_MS);
  });

  return {
    url,
    problems: () => problems,
    close: async () => {
      clearTimeout(timer);
      watcher.close();
      await running;
      await server.close();
    },
  };
}

/** A built HTML page for a path (`/reporting/` → reporting/index.html), or null; never outside the site. */
async function htmlPage(root: string, path: string): Promise<string | null> {
  const candidates = path.endsWith("/")
    ? [`${path}index.html`]
    : path.endsWith(".html")
      ? [path]
      : [`${path}/index.html`];
  for (const candidate of candidates) {
    const file = resolve(join(root, candidate));
    if (!file.startsWith(root + sep)) return null;
    if ((await stat(file).catch(() => null))?.isFile()) return readFile(file, "utf8");
  }
  return null;
}
