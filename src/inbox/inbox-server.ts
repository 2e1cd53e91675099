import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { join } from "node:path";
import { handleSubmission, requestBodyLimit } from "../hook/handle-submission.ts";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { MAX_SUBMISSION_BYTES } from "../report/validate-submission.ts";
import { inboxFolder } from "./inbox-folder.ts";

export type { StoredSubmission } from "./inbox-folder.ts";

/** Options for {@link createInboxHandler}. */
export interface InboxOptions {
  /** the folder that receives one JSON file per report (created with mode 0700 if missing) */
  dir: string;
  /** the only form id accepted (`POST /f/<formId>`); any id when absent and `formIds` is absent */
  formId?: string;
  /** every form id accepted, the team's and the personal inboxes (any other `/f/<id>` is 404); replaces `formId` */
  formIds?: readonly string[];
  /** the personal inboxes a fan-out body may address, as the hook allows (none: fan-outs are refused) */
  personalInboxes?: readonly string[];
  /**
   * Formspree's "Restrict to domain": a report whose Referer is not from this origin ("same-origin":
   * the origin the request was sent to) is answered as usual but filed under `spam/`, as Formspree
   * files it. None: every report goes to the inbox.
   */
  restrictTo?: string;
  /** the largest body of one report, in bytes; a fan-out may carry this much per copy (default: MAX_SUBMISSION_BYTES) */
  maxBodyBytes?: number;
  /** the clock, for receivedAt and file names (default: the system clock) */
  now?: () => Date;
  /** the roster's encryption subkey ids; without them only hidden recipients are accepted */
  receivingKeyIds?: readonly string[];
  /** the most recipients a message may name: the roster's receiving responders (default MAX_RECIPIENT_PACKETS) */
  maxRecipients?: number;
  /** origins of sites served elsewhere whose pages may post here (CORS); none by default */
  allowedOrigins?: readonly string[];
  /** where problems are reported, never with a report's content (default console.error) */
  log?: (message: string) => void;
}

/**
 * After refusing a body it did not read to its end, the inbox reads and drops up to this many more
 * bytes before closing, so a client that sends its whole body before reading the answer gets the 413
 * instead of a reset connection (closing a socket with unread data resets it, and the answer is lost).
 */
export const LINGER_MAX_BYTES = 64 * 1024 * 1024;
/** …and waits at most this long for them. */
export const LINGER_MAX_MS = 10_000;

/** The folder under the inbox where reports without the site's referrer are filed, as Formspree does. */
export const SPAM_FOLDER = "spam";

/** The request headers the shared handler reads; no other header (address, user agent, cookie) reaches it. */
const FORWARDED_HEADERS = [
  "content-type",
  "content-length",
  "origin",
  "referer",
  "accept",
  "access-control-request-method",
  "access-control-request-headers",
] as const;

/**
 * A Formspree-compatible endpoint for local use: `POST /f/<formId>` with the submission contract's JSON
 * body. The checks and answers are the functions/ hook's own (src/hook/handle-submission.ts: CORS,
 * `{ ok, next, … }` on success, `{ errors: [{ code, message }] }` on failure, always JSON with an
 * explicit status); this adapter turns Node's request into a Fetch `Request` and keeps each accepted
 * report in the folder (inbox-folder.ts): one file per version, written atomically. A retry of the
 * same ciphertext stores nothing and succeeds again; another ciphertext under a stored reference is
 * an edit, stored as a new version. Request bodies are never logged. At start, files a crash left
 * half-written are recovered or removed.
 *
 * Statuses: 200 stored (or already stored); 204 preflight; 400 unreadable or wrongly shaped body;
 * 404 another path or form id; 405 another method; 413 body or ciphertext too large; 415 not JSON;
 * 422 refused content (not encrypted, bad reference, too many recipients, filled honeypot, …);
 * 500 the file could not be written.
 *
 * @param options - see {@link InboxOptions}; unknown options throw
 * @returns a Node request handler for paths under `/f/`
 */
export function createInboxHandler(
  options: InboxOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const {
    dir,
    formId,
    formIds,
    personalInboxes,
    restrictTo,
    maxBodyBytes = MAX_SUBMISSION_BYTES,
    now = () => new Date(),
    receivingKeyIds,
    maxRecipients,
    allowedOrigins,
    log = (message: string) => console.error(message),
    ...rest
  } = options;
  rejectUnknownOptions("createInboxHandler", rest);
  const inbox = inboxFolder({ dir, now, log });
  const spam = inboxFolder({ dir: join(dir, SPAM_FOLDER), now, log });

  return async (request, response) => {
    const body = bodyStream(
      request,
      requestBodyLimit({ maxBodyBytes, personalInboxes: personalInboxes ?? [] }),
    );
    // Formspree's "Restrict to domain": a post without the site's origin as its referrer is filed as spam.
    const expectedOrigin =
      restrictTo === "same-origin" ? `http://${request.headers.host ?? ""}` : (restrictTo ?? null);
    const folder =
      expectedOrigin !== null && originOf(request.headers.referer) !== expectedOrigin ? spam : inbox;
    try {
      const answer = await handleSubmission(toFetchRequest(request, body.stream), folder.backend, {
        formId,
        formIds,
        personalInboxes,
        maxBodyBytes,
        receivingKeyIds,
        maxRecipients,
        allowedOrigins,
        ledger: folder.ledger,
        log,
      });
      const headers: Record<string, string> = Object.fromEntries(answer.headers);
      const bytes = Buffer.from(await answer.arrayBuffer());
      if (body.finished()) {
        response.writeHead(answer.status, headers).end(bytes);
        return;
      }
      // A body left unread (refused before or while reading it): answer first, then read and drop
      // the rest for a while before closing, so the client sees the answer (see LINGER_MAX_BYTES).
      headers.connection = "close";
      response.writeHead(answer.status, headers).write(bytes);
      body.release();
      await discardRest(request, LINGER_MAX_BYTES, LINGER_MAX_MS);
      response.end();
    } catch (error) {
      log(`confide inbox: ${(error as Error).name}: the request failed before it was answered.`);
      if (!response.headersSent)
        response
          .writeHead(500, { "content-type": "application/json; charset=utf-8", connection: "close" })
          .end(
            JSON.stringify({
              errors: [{ code: "INTERNAL_ERROR", message: "The inbox failed; nothing was stored." }],
            }),
          );
      else response.destroy();
    } finally {
      body.release();
    }
  };
}

/**
 * Reads and drops what is left of a request body: until it ends, `maxBytes` more have come, or `maxMs`
 * have passed, whichever is first.
 */
function discardRest(request: IncomingMessage, maxBytes: number, maxMs: number): Promise<void> {
  if (request.readableEnded || request.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let dropped = 0;
    const done = () => {
      clearTimeout(timer);
      request.off("data", onData);
      request.off("end", done);
      request.off("close", done);
      request.off("error", done);
      request.pause();
      resolve();
    };
    const onData = (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > maxBytes) done();
    };
    const timer = setTimeout(done, maxMs);
    request.on("data", onData);
    request.on("end", done);
    request.on("close", done);
    request.on("error", done);
    request.resume();
  });
}

/** Node's request as a Fetch `Request` (path, method, the few headers the handler reads, and the body). */
function toFetchRequest(request: IncomingMessage, body: ReadableStream<Uint8Array> | null): Request {
  const path = request.url?.startsWith("/") ? request.url : "/";
  let url: URL;
  try {
    url = new URL(`http://inbox.localhost${path}`);
  } catch {
    url = new URL("http://inbox.localhost/");
  }
  const headers = new Headers();
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  return new Request(url, {
    method: request.method ?? "GET",
    headers,
    ...(body ? { body, duplex: "half" } : {}),
  } as RequestInit);
}

/**
 * The request body as a stream that never holds more than `limit` bytes plus one chunk: past the
 * limit it stops reading from the socket and ends, and the handler (which counts too) answers 413.
 * `finished` says whether the body was read to its end; `release` detaches from the request.
 */
function bodyStream(
  request: IncomingMessage,
  limit: number,
): { stream: ReadableStream<Uint8Array> | null; finished: () => boolean; release: () => void } {
  const hasBody =
    request.headers["transfer-encoding"] !== undefined || Number(request.headers["content-length"] ?? 0) > 0;
  if (!hasBody || request.method === "GET" || request.method === "HEAD") {
    request.resume();
    return { stream: null, finished: () => true, release: () => {} };
  }
  let ended = false;
  let closed = false;
  let size = 0;
  let controller: ReadableStreamDefaultController<Uint8Array>;
  const detach = () => {
    request.off("data", onData);
    request.off("end", onEnd);
    request.off("error", onError);
    request.off("close", onClose);
  };
  const finish = (action: () => void) => {
    if (closed) return;
    closed = true;
    detach();
    action();
  };
  const onData = (chunk: Buffer) => {
    if (closed) return;
    size += chunk.length;
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (size > limit) {
      request.pause();
      finish(() => controller.close());
    } else if ((controller.desiredSize ?? 0) <= 0) request.pause();
  };
  const onEnd = () => {
    ended = true;
    finish(() => controller.close());
  };
  const onError = (error: Error) => finish(() => controller.error(error));
  const onClose = () => {
    if (!ended) finish(() => controller.error(new Error("The request was closed before its body arrived.")));
  };
  const stream = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
      request.on("data", onData);
      request.on("end", onEnd);
      request.on("error", onError);
      request.on("close", onClose);
      request.pause();
    },
    pull() {
      if (!closed) request.resume();
    },
    cancel() {
      request.pause();
      finish(() => {});
    },
  });
  return {
    stream,
    finished: () => ended,
    release: () => {
      if (!closed) {
        closed = true;
        detach();
      }
    },
  };
}

/**
 * Starts the inbox on its own HTTP server (127.0.0.1 unless `host` says otherwise; port 0 picks a free port).
 *
 * @param options - {@link InboxOptions}, plus `port` and `host`
 * @returns the base URL to pass as Formspree's `endpoint` (no trailing slash), and `close` to stop it
 */
export async function startInbox(
  options: InboxOptions & { port: number; host?: string },
): Promise<{ url: string; close: () => Promise<void> }> {
  const { port, host = "127.0.0.1", ...inbox } = options;
  const server = createServer(createInboxHandler(inbox));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${actualPort}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

/** The origin of a Referer header, or null. */
function originOf(referer: string | undefined): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}
