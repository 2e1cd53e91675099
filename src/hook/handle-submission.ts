import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { COPIES_FIELD } from "../report/submission.ts";
import { isFanOutBody, validateCopies } from "../report/validate-copies.ts";
import {
  MAX_SUBMISSION_BYTES,
  type SubmissionProblem,
  validateSubmission,
} from "../report/validate-submission.ts";
import { FORM_ID_PATTERN, urls } from "../site/urls.ts";
import { readBounded } from "../streams/read-bounded.ts";
import { ciphertextDigest, type SubmissionIdentity } from "./submission-identity.ts";

/**
 * The one code path behind every back end that receives reports: the local inbox (Node, stores a file)
 * and the functions/ hook (Cloudflare Pages, forwards to Formspree). It speaks the submission contract
 * with Formspree's answers, and leaves only "deliver this checked submission" to the back end.
 *
 * Fetch API only (Request, Response, streams, TextDecoder): it runs unchanged in Workers and in Node 20.
 * It never logs or echoes a request body.
 */

/** How long a browser may reuse a preflight answer, in seconds. */
export const PREFLIGHT_MAX_AGE_SECONDS = 86_400;
/** The request headers a Formspree client may send (the form sends the first two; Formspree's own JavaScript client all four). */
export const ALLOWED_HEADERS = "Content-Type, Accept, Formspree-Client, Formspree-Session-Data";
export const ALLOWED_METHODS = "POST, OPTIONS";
/**
 * The deepest JSON nesting read. The contract is one flat object; deeper bodies are refused before
 * `JSON.parse` spends time on them.
 */
export const MAX_JSON_DEPTH = 8;

/** A submission that passed every check, with the form id it was posted to. */
export interface AcceptedSubmission {
  ciphertext: string;
  reference: string;
  version: string;
  /** the form id it goes to: the one in the path (`/f/<formId>`), or a fan-out copy's `to` */
  formId: string;
  /**
   * The origin of the page that posted it, from the request's Referer (the form sends its origin and
   * nothing more), or from its Origin header when it has no Referer (a browser or extension set never
   * to send one still sends Origin with every POST), or null when there was neither: Formspree files
   * a post without a referrer as spam when the form is restricted to a domain, where nobody looks.
   */
  referrer: string | null;
}

/** What a back end did with a submission. */
export type Delivery =
  | { kind: "delivered" }
  | { kind: "failed"; status: 500 | 502 | 503; errors: SubmissionProblem[] };

/** Where accepted submissions go. */
export interface SubmissionBackend {
  /**
   * Delivers one checked submission as version `revision` of its reference (1 unless it is an edit).
   * Returns a failure as a value; a throw is answered with 500. Must not log the submission.
   */
  deliver(submission: AcceptedSubmission, revision: number): Promise<Delivery>;
}

/** What became of a submission that reached the ledger. */
export type LedgerOutcome =
  /** delivered now: `revision` 1 is the first text under its reference, more is an edit kept as a new version */
  | { kind: "delivered"; revision: number }
  /** the same ciphertext was delivered before (as `revision`): nothing was delivered again */
  | { kind: "retry"; revision: number }
  | Extract<Delivery, { kind: "failed" }>;

/**
 * Remembers what was delivered under each (form id, reference), by ciphertext digest: the contract
 * in submission-identity.ts. A retry is delivered once; an edit is delivered as a new version.
 */
export interface ReferenceLedger {
  /**
   * Runs `deliver` with the version number unless this exact submission was delivered before.
   * Submissions under the same form id and reference are decided one at a time, so copies arriving
   * together are delivered once and versions are numbered in order.
   */
  record(
    identity: SubmissionIdentity,
    deliver: (revision: number) => Promise<Delivery>,
  ): Promise<LedgerOutcome>;
}

/** Whether a client may post now. */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Options for {@link handleSubmission}. */
export interface HandleSubmissionOptions {
  /** the only form id accepted (`POST /f/<formId>`); any id when absent and `formIds` is absent */
  formId?: string | undefined;
  /**
   * Every form id the build knows: the team's and the personal inboxes. Any other `/f/<id>` is 404,
   * as at Formspree. Takes the place of `formId` when given.
   */
  formIds?: readonly string[] | undefined;
  /** the personal inboxes a fan-out body may address (`copies[].to`); none: fan-outs are refused */
  personalInboxes?: readonly string[] | undefined;
  /** the largest body of one report, in bytes; a fan-out may carry this much per copy (default: MAX_SUBMISSION_BYTES) */
  maxBodyBytes?: number | undefined;
  /** the roster's encryption subkey ids; without them only hidden recipients are accepted */
  receivingKeyIds?: readonly string[] | undefined;
  /** tells retries from edits (see {@link ReferenceLedger}); without one, every copy is delivered */
  ledger?: ReferenceLedger | undefined;
  /**
   * the most recipients a message may name: the roster's receiving responders (in hidden mode each copy
   * carries exactly that many, decoys included); default and ceiling MAX_RECIPIENT_PACKETS
   */
  maxRecipients?: number | undefined;
  /**
   * origins (`https://host`) whose pages may post across origins, the only ones CORS answers name;
   * the hook passes the site's own origin, the local inbox none unless told (same-origin posts need none)
   */
  allowedOrigins?: readonly string[] | undefined;
  /** asked once per POST to the form before its body is read; none: no limit */
  rateLimit?: ((request: Request) => Promise<RateLimitDecision>) | undefined;
  /** where to report failures of this code (never with a body); default console.error */
  log?: ((message: string) => void) | undefined;
}

type Problem = Pick<SubmissionProblem, "code" | "message"> & Partial<SubmissionProblem>;

const NOT_ACCEPTED = "so it was not accepted: nothing was stored.";
const RESEND = "Reload the report page and send the report again.";

/**
 * Answers one request to a submission endpoint: `POST /f/<formId>` with the contract's JSON body.
 *
 * In order: 404 for a path outside `/f/`; 204 for a CORS preflight; 405 for any method but POST;
 * 404 for another form id; 429 (with Retry-After) when `rateLimit` says so; 415 unless the body is
 * JSON in UTF-8; 413 past `maxBodyBytes` (announced or streamed, the rest is never read; a fan-out
 * may carry `maxBodyBytes` per copy: {@link requestBodyLimit}); 400 for
 * unreadable, too deeply nested or wrongly shaped JSON; then {@link validateSubmission}'s 400, 413 or
 * 422 (unknown fields, not encrypted, recipients, filled honeypot, …); then the back end, through
 * the ledger: 200 when delivered (as a new report or an edit) or delivered before, the back end's
 * failure status otherwise.
 * Anything unexpected is answered with 500 JSON; it never throws.
 *
 * Every answer is JSON (`{ ok, next, … }` or Formspree's `{ errors: [{ code, message, field? }] }`)
 * with an explicit status, `Cache-Control: no-store`, and CORS headers only for an allowed origin.
 * A success also says what became of the report: `delivery` is "new", "edit" (another text under a
 * reference already delivered, kept as version `revision`) or "retry" (already delivered: nothing new).
 *
 * @param request - the request, untrusted
 * @param backend - where an accepted submission goes
 * @param options - see {@link HandleSubmissionOptions}; unknown options throw
 */
export async function handleSubmission(
  request: Request,
  backend: SubmissionBackend,
  options: HandleSubmissionOptions = {},
): Promise<Response> {
  const {
    formId,
    formIds,
    personalInboxes = [],
    maxBodyBytes = MAX_SUBMISSION_BYTES,
    receivingKeyIds,
    ledger,
    maxRecipients,
    allowedOrigins = [],
    rateLimit,
    log = (message: string) => console.error(message),
    ...rest
  } = options;
  rejectUnknownOptions("handleSubmission", rest);

  // CORS names only an allowed origin: any other page's script gets no answer it can read, and its
  // JSON post is stopped at the preflight. Same-origin posts (the hook, npm start) need no CORS at all.
  const origin = request.headers.get("origin");
  const cors: Record<string, string> =
    origin !== null && allowedOrigins.includes(origin)
      ? { "access-control-allow-origin": origin, vary: "Origin" }
      : { vary: "Origin" };
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), {
      status,
      headers: {
        ...cors,
        "content-type": "application/json; charset=utf-8",
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
        ...headers,
      },
    });
  const refuse = (status: number, errors: Problem[], headers: Record<string, string> = {}) => {
    discardBody(request);
    return json(status, { errors }, headers);
  };

  try {
    const pathname = new URL(request.url).pathname;
    if (!pathname.startsWith("/f/"))
      return refuse(404, [
        { code: "NOT_FOUND", message: "Nothing is here: reports are posted to /f/<form id>." },
      ]);
    if (request.method === "OPTIONS") {
      discardBody(request);
      // Another origin's preflight gets no permission at all, so its browser never sends the post.
      return new Response(null, {
        status: 204,
        headers:
          "access-control-allow-origin" in cors
            ? {
                ...cors,
                "access-control-allow-methods": ALLOWED_METHODS,
                "access-control-allow-headers": ALLOWED_HEADERS,
                "access-control-max-age": String(PREFLIGHT_MAX_AGE_SECONDS),
              }
            : cors,
      });
    }
    if (request.method !== "POST")
      return refuse(
        405,
        [{ code: "METHOD_NOT_ALLOWED", message: "Reports are sent with POST; nothing was stored." }],
        { allow: ALLOWED_METHODS },
      );
    const pathFormId = /^\/f\/([^/]+)$/.exec(pathname)?.[1];
    const known = formIds ?? (formId === undefined ? undefined : [formId]);
    if (
      pathFormId === undefined ||
      !FORM_ID_PATTERN.test(pathFormId) ||
      (known !== undefined && !known.includes(pathFormId))
    )
      return refuse(404, [
        {
          code: "FORM_NOT_FOUND",
          message:
            "This inbox has no form at that address, so the report was not accepted: nothing was stored. Check the form id in site.yaml.",
        },
      ]);

    if (rateLimit) {
      const decision = await rateLimit(request);
      if (!decision.allowed) {
        const seconds = Math.max(1, Math.ceil(decision.retryAfterSeconds));
        return refuse(
          429,
          [
            {
              code: "RATE_LIMITED",
              message: `Too many reports from this connection. Try again in ${seconds} seconds; your report is kept on this page until then.`,
            },
          ],
          { "retry-after": String(seconds) },
        );
      }
    }

    if (!isJson(request.headers.get("content-type")))
      return refuse(415, [
        {
          code: "UNSUPPORTED_MEDIA_TYPE",
          message:
            "The report was not sent as JSON (Content-Type: application/json), so it was not accepted: nothing was stored.",
        },
      ]);

    const tooLarge = (limit: number) =>
      refuse(413, [
        {
          code: "BODY_TOO_LARGE",
          message: `The report is larger than this inbox accepts (${limit} bytes), ${NOT_ACCEPTED}`,
        },
      ]);
    const readLimit = requestBodyLimit({ maxBodyBytes, personalInboxes });
    const raw = await readBody(request, readLimit);
    if (raw === "too-large") return tooLarge(readLimit);
    if (raw === "unreadable")
      return refuse(400, [
        {
          code: "BODY_INCOMPLETE",
          message: `The report did not arrive completely, ${NOT_ACCEPTED} ${RESEND}`,
        },
      ]);

    const body = parseJson(raw);
    // JSON.parse's messages quote the input, so they are never passed on.
    if (body === INVALID)
      return refuse(400, [
        { code: "INVALID_JSON", message: `The report did not arrive as valid JSON, ${NOT_ACCEPTED}` },
      ]);
    if (body === TOO_DEEP)
      return refuse(400, [
        {
          code: "INVALID_BODY",
          message: `The report did not arrive as the form sends it (a JSON object), ${NOT_ACCEPTED} ${RESEND}`,
        },
      ]);

    // Read up to the fan-out's limit; a body holds no more than maxBodyBytes for each copy it carries.
    const allowed = maxBodyBytes * copiesCarried(body, personalInboxes.length);
    if (raw.byteLength > allowed) return tooLarge(allowed);

    const keyOptions = {
      ...(receivingKeyIds ? { receivingKeyIds } : {}),
      ...(maxRecipients === undefined ? {} : { maxRecipients }),
    };
    const referrer = pageOrigin(request.headers);
    // Through the ledger, by (form id, reference, ciphertext digest): each copy of a fan-out has its
    // own form id, so a retry of the whole fan-out delivers only the copies that did not arrive.
    const deliverOnce = async (submission: AcceptedSubmission): Promise<LedgerOutcome> => {
      const deliver = (revision: number) => backend.deliver(submission, revision);
      if (!ledger)
        return deliver(1).then((delivery) =>
          delivery.kind === "failed" ? delivery : { kind: "delivered" as const, revision: 1 },
        );
      const { formId, reference, ciphertext } = submission;
      return ledger.record({ formId, reference, digest: await ciphertextDigest(ciphertext) }, deliver);
    };

    if (isFanOutBody(body)) {
      const checked = await validateCopies(body, { ...keyOptions, targets: personalInboxes });
      if (checked.kind === "invalid") return refuse(checked.status, checked.errors);
      // Each copy on its own: a failed one does not hold back the others, and the answer says which
      // arrived, so the form retries only the missing ones (the ledger makes a repeat harmless).
      const outcomes = await Promise.all(
        checked.copies.map(async ({ to, submission }) => ({
          to,
          outcome: await deliverOnce({ ...submission, formId: to, referrer }).catch(
            (): LedgerOutcome => ({
              kind: "failed",
              status: 500,
              errors: [{ code: "INTERNAL_ERROR", message: "The inbox failed; nothing was stored." }],
            }),
          ),
        })),
      );
      const delivered = outcomes.filter((o) => o.outcome.kind !== "failed").map((o) => o.to);
      const firstFailure = outcomes.flatMap((o) => (o.outcome.kind === "failed" ? [o.outcome] : []))[0];
      const reference = checked.copies[0]?.submission.reference;
      if (!firstFailure) return json(200, { ok: true, next: urls.report, reference, delivered });
      return json(firstFailure.status, { errors: firstFailure.errors, delivered });
    }

    const result = await validateSubmission(body, keyOptions);
    if (result.kind === "invalid") return refuse(result.status, result.errors);

    const { ciphertext, reference, version } = result.submission;
    const outcome = await deliverOnce({ ciphertext, reference, version, formId: pathFormId, referrer });
    if (outcome.kind === "failed") return json(outcome.status, { errors: outcome.errors });
    return json(200, {
      ok: true,
      next: urls.report,
      reference,
      delivery: outcome.kind === "retry" ? "retry" : outcome.revision > 1 ? "edit" : "new",
      revision: outcome.revision,
    });
  } catch (error) {
    log(`confide: ${errorName(error)}: a report request failed before it was answered.`);
    return refuse(500, [{ code: "INTERNAL_ERROR", message: "The inbox failed; nothing was stored." }]);
  }
}

/**
 * The most bytes read of one request body. A fan-out (a report that leaves someone out, in one post)
 * carries one copy per chosen responder, each as large as a whole report may be, so it may be that many
 * times `maxBodyBytes`: a report the team inbox accepts is accepted as personal copies too. Once parsed,
 * a body is held to `maxBodyBytes` for each copy it carries (one for an ordinary submission).
 *
 * @param options.maxBodyBytes - the largest body of one copy (HandleSubmissionOptions.maxBodyBytes)
 * @param options.personalInboxes - the personal inboxes a fan-out may address
 */
export function requestBodyLimit(options: {
  maxBodyBytes: number;
  personalInboxes: readonly string[];
}): number {
  const { maxBodyBytes, personalInboxes, ...rest } = options;
  rejectUnknownOptions("requestBodyLimit", rest);
  return maxBodyBytes * Math.max(1, personalInboxes.length);
}

/** How many copies a parsed body carries, for its size limit: a fan-out's, at most one per inbox. */
function copiesCarried(body: unknown, inboxes: number): number {
  if (!isFanOutBody(body)) return 1;
  const copies = (body as Record<string, unknown>)[COPIES_FIELD];
  return Array.isArray(copies) ? Math.min(Math.max(1, copies.length), Math.max(1, inboxes)) : 1;
}

/** `application/json`, with no charset or UTF-8. */
function isJson(contentType: string | null): boolean {
  if (!contentType) return false;
  const [type, ...parameters] = contentType.split(";").map((part) => part.trim().toLowerCase());
  if (type !== "application/json") return false;
  const charset = parameters.find((parameter) => parameter.startsWith("charset="));
  return charset === undefined || /^charset="?utf-8"?$/.test(charset);
}

/**
 * The body's bytes; "too-large" as soon as it is known to pass `limit` (from Content-Length, or while
 * streaming: the rest is never read); "unreadable" when the stream fails.
 */
async function readBody(request: Request, limit: number): Promise<Uint8Array | "too-large" | "unreadable"> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) return "too-large";
  if (!request.body) return new Uint8Array(0);
  try {
    const read = await readBounded(request.body, limit);
    return read.kind === "read" ? read.bytes : "too-large";
  } catch {
    return "unreadable";
  }
}

/** Stops a body nobody will read (a refusal before reading it), without waiting. */
function discardBody(request: Request): void {
  if (request.body && !request.bodyUsed && !request.body.locked) request.body.cancel().catch(() => {});
}

const INVALID = Symbol("invalid JSON");
const TOO_DEEP = Symbol("too deep");

/** Strict UTF-8, nesting at most {@link MAX_JSON_DEPTH}, then JSON.parse. */
function parseJson(raw: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(raw);
  } catch {
    return INVALID;
  }
  if (nestingExceeds(text, MAX_JSON_DEPTH)) return TOO_DEEP;
  try {
    return JSON.parse(text);
  } catch {
    return INVALID;
  }
}

/** Whether brackets outside strings nest deeper than `limit` (stops at the first level past it). */
function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c)
        i++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) {
      if (++depth > limit) return true;
    } else if (char === 0x5d || char === 0x7d) depth--;
  }
  return false;
}

/**
 * The origin of the page that posted: the Referer's, or the Origin header's when there is no Referer
 * (never when the Referer names another page: that one is believed); null when neither names one.
 */
function pageOrigin(headers: Headers): string | null {
  const referer = headers.get("referer");
  return originOfUrl(referer ? referer : headers.get("origin"));
}

/** The origin of a URL (a Referer, or an Origin header), or null when it is none or "null". */
function originOfUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const origin = new URL(url).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "Error";
}
