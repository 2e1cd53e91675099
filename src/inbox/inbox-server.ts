import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, rename, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { join } from "node:path";
import {
  MAX_SUBMISSION_BYTES,
  type SubmissionProblem,
  validateSubmission,
} from "../report/validate-submission.ts";
import { urls } from "../site/urls.ts";

/** How long a browser may reuse a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE_SECONDS = 86_400;
/** The request headers `@formspree/core` sends. */
const ALLOWED_HEADERS = "Content-Type, Accept, Formspree-Client, Formspree-Session-Data";
const ALLOWED_METHODS = "POST, OPTIONS";

/** Options for {@link createInboxHandler}. */
export interface InboxOptions {
  /** the folder that receives one JSON file per report (created with mode 0700 if missing) */
  dir: string;
  /** the only form id accepted (`POST /f/<formId>`); any id when absent */
  formId?: string;
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

type Problem = Pick<SubmissionProblem, "code" | "message"> & Partial<SubmissionProblem>;

/**
 * A Formspree-compatible endpoint for local use: `POST /f/<formId>` with the submission contract's JSON
 * body. It answers like Formspree (CORS, `{ ok, next }` on success, `{ errors: [{ code, message }] }`
 * on failure, always JSON with an explicit status), accepts only what `validateSubmission` accepts, and
 * stores each report once, atomically, as `<dir>/<UTC time>-<reference>.json`. A retry with the same
 * reference stores nothing and succeeds again. Request bodies are never logged.
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
    maxBodyBytes = MAX_SUBMISSION_BYTES,
    now = () => new Date(),
    receivingKeyIds,
    ...rest
  } = options;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new TypeError(`createInboxHandler: unknown option ${unknown.join(", ")}`);
  // Stores run one at a time, so two copies of a retried report cannot both find no earlier file.
  let storing: Promise<unknown> = Promise.resolve();

  return async (request, response) => {
    const cors = { "access-control-allow-origin": request.headers.origin ?? "*", vary: "Origin" };
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response
        .writeHead(status, {
          ...cors,
          "content-type": "application/json; charset=utf-8",
          "cache-control": "no-store",
          "x-content-type-options": "nosniff",
          ...headers,
        })
        .end(JSON.stringify(body));
    };
    const refuse = (status: number, errors: Problem[], headers: Record<string, string> = {}) =>
      send(status, { errors }, headers);

    try {
      const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
      if (!pathname.startsWith("/f/")) {
        refuse(404, [{ code: "NOT_FOUND", message: "Nothing is here: reports are posted to /f/<form id>." }]);
        return;
      }
      if (request.method === "OPTIONS") {
        response
          .writeHead(204, {
            ...cors,
            "access-control-allow-methods": ALLOWED_METHODS,
            "access-control-allow-headers": ALLOWED_HEADERS,
            "access-control-max-age": String(PREFLIGHT_MAX_AGE_SECONDS),
          })
          .end();
        return;
      }
      if (request.method !== "POST") {
        refuse(
          405,
          [{ code: "METHOD_NOT_ALLOWED", message: "Reports are sent with POST; nothing was stored." }],
          { allow: ALLOWED_METHODS },
        );
        return;
      }
      const pathFormId = /^\/f\/([\w-]+)$/.exec(pathname)?.[1];
      if (pathFormId === undefined || (formId !== undefined && pathFormId !== formId)) {
        refuse(404, [
          {
            code: "FORM_NOT_FOUND",
            message:
              "This inbox has no form at that address, so the report was not accepted: nothing was stored. Check the form id in site.yaml.",
          },
        ]);
        return;
      }
      if (!isJson(request.headers["content-type"])) {
        refuse(415, [
          {
            code: "UNSUPPORTED_MEDIA_TYPE",
            message:
              "The report was not sent as JSON (Content-Type: application/json), so it was not accepted: nothing was stored.",
          },
        ]);
        return;
      }

      const raw = await readBody(request, maxBodyBytes);
      if (raw === "too-large") {
        refuse(
          413,
          [
            {
              code: "BODY_TOO_LARGE",
              message: `The report is larger than this inbox accepts (${maxBodyBytes} bytes), so it was not accepted: nothing was stored.`,
            },
          ],
          // The rest of the body is never read: the connection is closed after this answer.
          { connection: "close" },
        );
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
      } catch {
        // JSON.parse's message quotes the input, so it is not passed on.
        refuse(400, [
          {
            code: "INVALID_JSON",
            message: "The report did not arrive as valid JSON, so it was not accepted: nothing was stored.",
          },
        ]);
        return;
      }

      const result = await validateSubmission(body, receivingKeyIds ? { receivingKeyIds } : {});
      if (result.kind === "invalid") {
        refuse(result.status, result.errors);
        return;
      }
      const { reference, version, ciphertext } = result.submission;
      const receivedAt = now();
      const record: StoredSubmission = {
        reference,
        version,
        ciphertext,
        receivedAt: receivedAt.toISOString(),
        formId: pathFormId,
      };
      const stored = storing.then(() => storeOnce(dir, fileName(receivedAt, reference), record));
      storing = stored.catch(() => {});
      try {
        await stored;
      } catch (error) {
        console.error(
          `confide inbox: could not store a report in ${dir} (${(error as NodeJS.ErrnoException).code ?? "error"}).`,
        );
        refuse(500, [
          {
            code: "STORAGE_FAILED",
            message: "The inbox could not save the report, so nothing was stored. Send the report again.",
          },
        ]);
        return;
      }
      send(200, { ok: true, next: urls.report });
    } catch (error) {
      console.error(`confide inbox: ${(error as Error).name}: the request failed before it was answered.`);
      if (!response.headersSent)
        refuse(500, [{ code: "INTERNAL_ERROR", message: "The inbox failed; nothing was stored." }]);
      else response.destroy();
    }
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

function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [type, ...parameters] = contentType.split(";").map((part) => part.trim().toLowerCase());
  if (type !== "application/json") return false;
  const charset = parameters.find((parameter) => parameter.startsWith("charset="));
  return charset === undefined || /^charset="?utf-8"?$/.test(charset);
}

/** The body's bytes, or "too-large" as soon as it passes `limit` (the rest is left unread). */
function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array | "too-large"> {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve("too-large");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", reject);
      request.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stop();
        request.pause();
        resolve("too-large");
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    const onClose = () => {
      stop();
      reject(new Error("The request was closed before its body arrived."));
    };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", reject);
    request.on("close", onClose);
  });
}

/** `2027-03-01T120000Z-R-7K2M-9QXD.json`: sorts by time, and no colons (Windows cannot have them). */
function fileName(receivedAt: Date, reference: string): string {
  const time = receivedAt
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replaceAll(":", "");
  return `${time}-${reference}.json`;
}

/**
 * Writes the record unless a file for its reference exists. The file is written under a temporary
 * name in the same folder, flushed, then renamed, so a crash never leaves half a report.
 * (The reference has passed REFERENCE_PATTERN, so it cannot step outside the folder.)
 */
async function storeOnce(dir: string, name: string, record: StoredSubmission): Promise<"stored" | "retry"> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const suffix = `-${record.reference}.json`;
  if ((await readdir(dir)).some((existing) => existing.endsWith(suffix))) return "retry";
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
