import { readFile, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { applyHeaderRules, type HeaderRule, parseHeadersFile } from "../site/security-headers.ts";
import { urls } from "../site/urls.ts";
import { sendFile } from "./compress-response.ts";
import { isHiddenPath, readRequestPath } from "./request-path.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".asc": "application/pgp-keys; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".map": "application/json; charset=utf-8",
};

/** Files a host reads for its own configuration and never serves (Cloudflare Pages, Netlify). */
const HOST_FILES: ReadonlySet<string> = new Set([urls.headersFile, "/_redirects", "/_routes.json"]);

/**
 * Serves a built site the way static hosts do: `/dir/` serves `dir/index.html`, `/dir` redirects to
 * `/dir/`, unknown paths get the nearest `404.html` with status 404 (`/es/nowhere/` gets `/es/404.html`
 * when there is one, as on Cloudflare Pages, else `/404.html`), and nothing outside the folder is reachable.
 *
 * Every response carries the headers the site's `_headers` file gives its path, applied as
 * Cloudflare Pages applies them (src/site/security-headers.ts), so a page served here runs under
 * the same Content-Security-Policy as in production. The file is read on every request: a rebuild
 * takes effect at once. `_headers` itself is not served, as hosts do not serve it, nor are hidden
 * files (`.env`, `.git/…`; `/.well-known/` is served). A request target that is not a clean path
 * (see request-path.ts) is answered 400, so encoding can never steer a file read or a redirect.
 *
 * @param root - the built site's folder
 * @returns a request handler that answers GET and HEAD
 */
export function staticFiles(
  root: string,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const base = resolve(root);
  return async (request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response
        .writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" })
        .end("Method not allowed\n");
      return;
    }
    const requested = readRequestPath(request.url);
    const rules = await headerRulesOf(base);
    const headers = (defaults: Record<string, string>) =>
      Object.fromEntries(
        applyHeaderRules(rules, requested.kind === "path" ? requested.encoded : "/", new Headers(defaults)),
      );
    if (requested.kind === "bad-request") {
      response.writeHead(400, headers({ "content-type": "text/plain; charset=utf-8" })).end("Bad request\n");
      return;
    }
    const pathname = requested.path;
    const target = normalize(join(base, pathname));
    if (target !== base && !target.startsWith(base + sep)) {
      response.writeHead(403, headers({})).end();
      return;
    }
    const file = HOST_FILES.has(pathname) || isHiddenPath(pathname) ? null : await findFile(target);
    if (file === "directory") {
      response.writeHead(301, headers({ location: `${requested.encoded}/` })).end();
      return;
    }
    const found = file ?? (await nearestNotFoundPage(base, target));
    if (!found || found === "directory") {
      response.writeHead(404, headers({ "content-type": "text/plain; charset=utf-8" })).end("Not found\n");
      return;
    }
    // Compressed as hosts compress (compress-response.ts).
    await sendFile({
      request,
      response,
      status: file ? 200 : 404,
      headers: headers({
        "content-type": TYPES[extname(found)] ?? "application/octet-stream",
        "cache-control": "no-cache",
      }),
      path: found,
    });
  };
}

/** The rules of a built site's `_headers` file; none when it has no such file (an older build). */
async function headerRulesOf(base: string): Promise<HeaderRule[]> {
  const text = await readFile(join(base, urls.headersFile), "utf8").catch(() => null);
  return text === null ? [] : parseHeadersFile(text).rules;
}

/**
 * The `404.html` nearest to a missing path: in its folder or the closest folder above it, up to the
 * site's root, as Cloudflare Pages looks for it (https://developers.cloudflare.com/pages/configuration/serving-pages/#not-found-behavior).
 */
async function nearestNotFoundPage(base: string, target: string): Promise<string | null> {
  let folder = target.endsWith(sep) ? target.slice(0, -1) : dirname(target);
  for (;;) {
    const page = await findFile(join(folder, "404.html"));
    if (page && page !== "directory") return page;
    if (folder === base || !folder.startsWith(base + sep)) return null;
    folder = dirname(folder);
  }
}

/** The file to serve for a path: itself, its index.html, "directory" when a slash is missing, or null. */
async function findFile(path: string): Promise<string | "directory" | null> {
  try {
    const info = await stat(path);
    if (info.isFile()) return path;
    if (info.isDirectory()) {
      const index = join(path, "index.html");
      const indexInfo = await stat(index).catch(() => null);
      if (!indexInfo?.isFile()) return null;
      return path.endsWith(sep) ? index : "directory";
    }
  } catch {
    // not found: fall through
  }
  return null;
}
