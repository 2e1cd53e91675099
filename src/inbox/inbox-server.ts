import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, rename, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { join } from "node:path";
import { type AcceptedSubmission, type Delivery, handleSubmission } from "../hook/handle-submission.ts";
import { MAX_SUBMISSION_BYTES } from "../report/validate-submission.ts";

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
  /** the largest request body read, in bytes (default: MAX_SUBMISSION_BYTES) */
  maxBodyBytes?: number;
  /** the clock, for receivedAt and file names (default: the system clock) */
  now?: () => Date;
  /** the roster's encryption subkey ids; without them only hidden recipients are accepted */
  receivingKeyIds?: readonly string[];
}

/** What the inbox writes for each report, and nothing more: no address, no headers, no user agent. */
export interface StoredSubmission {
  reference: string;
  version: string;
  ciphertext: string;
  receivedAt: string;
  formId: string;
}

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
 * `{ ok, next }` on success, `{ errors: [{ code, message }] }` on failure, always JSON with an explicit
 * status); this adapter turns Node's request into a Fetch `Request` and stores each accepted report
 * once, atomically, as `<dir>/<UTC time>-<reference>.json`. A retry with the same reference stores
 * nothing and succeeds again. Request bodies are never logged.
 *
 * Statuses: 200 stored (or already stored); 204 preflight; 400 unreadable or wrongly shaped body;
 * 404 another path or form id; 405 another method; 413 body or ciphertext too large; 415 not JSON;
 * 422 refused content (not encrypted, bad reference, filled honeypot, …); 500 the file could not be written.
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
    ...rest
  } = options;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new TypeError(`createInboxHandler: unknown option ${unknown.join(", ")}`);
  // Stores run one at a time, so two copies of a retried report cannot both find no earlier file.
  let storing: Promise<unknown> = Promise.resolve();

  /** The back end for one request: `expectedOrigin` is where a report must come from to reach the inbox. */
  const backendFor = (expectedOrigin: string | null) => ({
    async deliver(submission: AcceptedSubmission): Promise<Delivery> {
      const { reference, version, ciphertext } = submission;
      const folder =
        expectedOrigin !== null && submission.referrer !== expectedOrigin ? join(dir, SPAM_FOLDER) : dir;
      const receivedAt = now();
      const record: StoredSubmission = {
        reference,
        version,
        ciphertext,
        receivedAt: receivedAt.toISOString(),
        formId: submission.formId,
      };
      const stored = storing.then(() => storeOnce(folder, receivedAt, record));
      storing = stored.catch(() => {});
      try {
        return (await stored) === "stored" ? { kind: "delivered" } : { kind: "duplicate" };
      } catch (error) {
        console.error(
          `confide inbox: could not store a report in ${dir} (${(error as NodeJS.ErrnoException).code ?? "error"}).`,
        );
        return {
          kind: "failed",
          status: 500,
          errors: [
            {
              code: "STORAGE_FAILED",
              message: "The inbox could not save the report, so nothing was stored. Send the report again.",
            },
          ],
        };
      }
    },
  });

  return async (request, response) => {
    const body = bodyStream(request, maxBodyBytes);
    const expectedOrigin =
      restrictTo === undefined
        ? null
        : restrictTo === "same-origin"
          ? `http://${request.headers.host ?? ""}`
          : restrictTo;
    try {
      const answer = await handleSubmission(
        toFetchRequest(request, body.stream),
        backendFor(expectedOrigin),
        {
          formId,
          formIds,
          personalInboxes,
          maxBodyBytes,
          receivingKeyIds,
        },
      );
      const headers: Record<string, string> = Object.fromEntries(answer.headers);
      // A body left unread (refused before or while reading it) is not drained: the connection closes.
      if (!body.finished()) headers.connection = "close";
      response.writeHead(answer.status, headers).end(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      console.error(`confide inbox: ${(error as Error).name}: the request failed before it was answered.`);
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

/**
 * `2027-03-01T120000Z-R-7K2M-9QXD.xteamform.json`: sorts by time, no colons (Windows cannot have
 * them), and one file per reference and form id (a form id has no ".", so the suffix is unambiguous).
 */
function fileName(receivedAt: Date, reference: string, formId: string): string {
  const time = receivedAt
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replaceAll(":", "");
  return `${time}${fileSuffix(reference, formId)}`;
}

function fileSuffix(reference: string, formId: string): string {
  return `-${reference}.${formId}.json`;
}

/**
 * Writes the record unless a file for its reference and form id exists. The file is written under a
 * temporary name in the same folder, flushed, then renamed, so a crash never leaves half a report.
 * (The reference has passed REFERENCE_PATTERN and the form id FORM_ID_PATTERN, so neither can step
 * outside the folder.)
 */
async function storeOnce(
  dir: string,
  receivedAt: Date,
  record: StoredSubmission,
): Promise<"stored" | "retry"> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const suffix = fileSuffix(record.reference, record.formId);
  if ((await readdir(dir)).some((existing) => existing.endsWith(suffix))) return "retry";
  const name = fileName(receivedAt, record.reference, record.formId);
  const temporary = join(dir, `.${name}.${randomUUID()}.tmp`);
  try {
    const file = await open(temporary, "wx", 0o600);
    try {
      await file.writeFile(`${JSON.stringify(record, null, 2)}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, join(dir, name));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return "stored";
}
