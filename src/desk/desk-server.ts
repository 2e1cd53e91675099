import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { rejectUnknownOptions, withoutKeys } from "../options/reject-unknown-options.ts";
import { contentSecurityPolicy, SITE_HEADERS } from "../site/security-headers.ts";

/**
 * The desk's HTTP server: the page, its script and stylesheet, and a JSON API, on 127.0.0.1 only.
 *
 * - Requests whose Host is not the desk's own address are refused (DNS rebinding: a web page whose
 *   name suddenly resolves to 127.0.0.1 would still send its own Host).
 * - Every API call must carry the random per-start token in a header. The token reaches the page in
 *   the address's fragment (never sent to any server); no cookie exists, so another site cannot ride
 *   on one, and a custom header cannot be sent cross-origin without a preflight, which is refused.
 * - The page runs under the site's strict Content-Security-Policy (self only, Trusted Types, no
 *   framing) and is never cached.
 * - Request bodies and report text are never logged; errors are answered without their details.
 */

/** The header that carries the token. */
export const TOKEN_HEADER = "x-confide-desk-token";

/** The largest import accepted in one request (files and pasted text, as JSON). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
/** The largest body of any other request. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** What an API handler answers. */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

/** Answers one API call: the method, the path after /api/, and the parsed JSON body (or null). */
export type ApiHandler = (request: { method: string; path: string; body: unknown }) => Promise<ApiAnswer>;

/** The page's files, served from memory. */
export interface DeskPage {
  html: string;
  js: string;
  css: string;
}

/** A running desk server. */
export interface RunningDesk {
  /** e.g. http://127.0.0.1:18600 */
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** The headers of every response: the site's, with the report page's policy (it connects to itself). */
function baseHeaders(): Record<string, string> {
  const { "Strict-Transport-Security": _hsts, ...rest } = SITE_HEADERS;
  return {
    ...rest,
    "Content-Security-Policy": contentSecurityPolicy({
      kind: "report",
      formOrigin: null,
      delivery: "header",
    }),
    "Cache-Control": "no-store",
  };
}

/**
 * Starts the server on 127.0.0.1.
 *
 * @param options.token - the per-start token the API requires
 * @param options.page - the page's HTML, script and stylesheet
 * @param options.api - answers the API calls
 * @param options.port - the port (0: a free one)
 */
export async function startDeskServer(options: {
  token: string;
  page: DeskPage;
  api: ApiHandler;
  port: number;
}): Promise<RunningDesk> {
  rejectUnknownOptions("startDeskServer", withoutKeys(options, ["token", "page", "api", "port"]));
  const headers = baseHeaders();
  const token = Buffer.from(options.token);
  let allowedHosts: ReadonlySet<string> = new Set();

  const send = (response: ServerResponse, status: number, type: string, body: string) => {
    response.writeHead(status, { ...headers, "Content-Type": type });
    response.end(body);
  };
  const sendJson = (response: ServerResponse, status: number, body: unknown) =>
    send(response, status, "application/json; charset=utf-8", JSON.stringify(body));

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (!allowedHosts.has(request.headers.host ?? "")) {
      send(response, 421, "text/plain; charset=utf-8", "This desk answers only at its own address.\n");
      request.resume();
      return;
    }
    const path = new URL(request.url ?? "/", "http://desk.invalid").pathname;
    const method = request.method ?? "GET";
    if (!path.startsWith("/api/")) {
      request.resume();
      if (method !== "GET" && method !== "HEAD") return send(response, 405, "text/plain; charset=utf-8", "");
      if (path === "/") return send(response, 200, "text/html; charset=utf-8", options.page.html);
      if (path === "/desk.js") return send(response, 200, "text/javascript; charset=utf-8", options.page.js);
      if (path === "/desk.css") return send(response, 200, "text/css; charset=utf-8", options.page.css);
      return send(response, 404, "text/plain; charset=utf-8", "Not found\n");
    }
    const given = Buffer.from(String(request.headers[TOKEN_HEADER] ?? ""));
    if (given.length !== token.length || !timingSafeEqual(given, token)) {
      request.resume();
      return sendJson(response, 403, { error: "token" });
    }
    // The page's own fetches send its origin; any other origin is another site.
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedHosts.has(origin.replace(/^http:\/\//, ""))) {
      request.resume();
      return sendJson(response, 403, { error: "origin" });
    }
    let body: unknown = null;
    if (method === "POST") {
      if (!/^application\/json\b/.test(request.headers["content-type"] ?? "")) {
        request.resume();
        return sendJson(response, 415, { error: "json" });
      }
      const limit = path === "/api/import" ? MAX_IMPORT_BYTES : MAX_REQUEST_BYTES;
      const read = await readBody(request, limit);
      if (read === null) return sendJson(response, 413, { error: "too-large" });
      try {
        body = JSON.parse(read);
      } catch {
        return sendJson(response, 400, { error: "json" });
      }
    } else {
      request.resume();
    }
    const answer = await options.api({ method, path: path.slice("/api/".length), body });
    sendJson(response, answer.status, answer.body);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      // The error may hold report text: it is neither logged nor sent.
      if (!response.headersSent) sendJson(response, 500, { error: "internal" });
      else response.end();
    });
  });
  server.headersTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Reads a body up to `limit` bytes; null (and the connection's rest discarded) when larger. */
function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on("data", (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => {
      if (!over) resolve(Buffer.concat(chunks).toString("utf8"));
    });
    request.on("error", reject);
  });
}
