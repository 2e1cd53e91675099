import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { readFormspreeAnswer } from "../report/formspree-answer.ts";
import { COPIES_FIELD, type Submission } from "../report/submission.ts";
import { formPath } from "../site/urls.ts";
import type { CopyOutcome, CopyState } from "./delivery-state.ts";
import { failureOfAnswer, TIMEOUT_FAILURE } from "./submission-failure.ts";

/** How long to wait for the inbox's answer, once the report is on its way, before offering a retry. */
export const SEND_TIMEOUT_MS = 30_000;
/**
 * The slowest upload a send waits for, in bytes per second (16 kbit/s: a failing mobile connection).
 * A post is given the time to upload its body at this rate on top of SEND_TIMEOUT_MS: with the answer's
 * time alone, a long report on such a connection was cut off mid-upload on every attempt, and never arrived.
 */
export const SLOWEST_UPLOAD_BYTES_PER_SECOND = 2_000;
/** The longest a send waits, whatever its size (a 540 KB body reaches it at the slowest upload). */
export const MAX_SEND_TIMEOUT_MS = 300_000;

/**
 * How long one post may take before the reporter is told the inbox did not answer in time: the time to
 * upload its body on a failing connection, plus the time to answer.
 *
 * @param options.bodyBytes - the size of the post's body
 */
export function sendTimeoutMs(options: { bodyBytes: number }): number {
  const { bodyBytes, ...rest } = options;
  rejectUnknownOptions("sendTimeoutMs", rest);
  const upload = Math.ceil((bodyBytes * 1000) / SLOWEST_UPLOAD_BYTES_PER_SECOND);
  return Math.min(MAX_SEND_TIMEOUT_MS, SEND_TIMEOUT_MS + upload);
}

/** Options for {@link postCopies}. */
export interface PostCopiesOptions {
  /** the copies to post now (never one that arrived before) */
  copies: readonly CopyState[];
  reference: string;
  version: string;
  /**
   * Formspree's origin (direct mode: each copy is posted to its own form), or null for the page's own
   * origin (hook mode, and the local inbox): then personal copies go in one post that the hook fans out.
   */
  endpoint: string | null;
  /** the team inbox's form id: the address of the one post in hook mode */
  teamFormId: string;
  /** default: the global fetch */
  fetch?: typeof fetch;
  /** default: {@link sendTimeoutMs} of each post's body */
  timeoutMs?: number;
}

/**
 * Posts copies of a report and says what became of each, by target form id. Never throws.
 *
 * Each post sends the page's origin as its referrer (`referrerPolicy: "origin"`), and nothing more of
 * the address: Formspree's "Restrict to domain" files a post without a referrer as spam, while the
 * rest of the page keeps `Referrer-Policy: no-referrer`. A 2xx counts as a delivery only when its
 * body says so (src/report/formspree-answer.ts).
 *
 * @param options - see {@link PostCopiesOptions}
 */
export async function postCopies(options: PostCopiesOptions): Promise<Map<string, CopyOutcome>> {
  const { copies, reference, version, endpoint, teamFormId } = options;
  const origin = endpoint ?? location.origin;
  const personal = copies.filter((copy) => copy.owner !== null);
  if (endpoint === null && personal.length > 0) {
    const body = {
      [COPIES_FIELD]: personal.map((copy) => ({ to: copy.target, ciphertext: copy.ciphertext })),
      reference,
      version,
    };
    const outcome = await post(`${origin}${formPath(teamFormId)}`, body, options);
    const outcomeFor = (copy: CopyState): CopyOutcome => {
      if (outcome.kind !== "answer") return outcomeOf(outcome);
      if (outcome.delivered?.includes(copy.target)) return { kind: "delivered" };
      if (outcome.result.kind !== "delivered") return outcome.result;
      // Confirmed as a whole: every copy, unless the hook listed the ones it delivered without this one.
      return outcome.delivered === null
        ? { kind: "delivered" }
        : { kind: "failed", failure: { kind: "unconfirmed", detail: null } };
    };
    return new Map(personal.map((copy) => [copy.target, outcomeFor(copy)]));
  }
  const results = await Promise.all(
    copies.map(async (copy) => {
      const submission: Submission = { ciphertext: copy.ciphertext, reference, version };
      return [
        copy.target,
        outcomeOf(await post(`${origin}${formPath(copy.target)}`, submission, options)),
      ] as const;
    }),
  );
  return new Map(results);
}

type PostOutcome =
  | { kind: "answer"; result: CopyOutcome; delivered: string[] | null }
  | { kind: "timeout" }
  | { kind: "offline" };

function outcomeOf(outcome: PostOutcome): CopyOutcome {
  if (outcome.kind === "timeout") return { kind: "timeout", failure: TIMEOUT_FAILURE };
  if (outcome.kind === "offline") return { kind: "failed", failure: { kind: "offline", detail: null } };
  return outcome.result;
}

async function post(url: string, body: unknown, options: PostCopiesOptions): Promise<PostOutcome> {
  const fetchImpl = options.fetch ?? fetch;
  const json = JSON.stringify(body);
  const timeoutMs = options.timeoutMs ?? sendTimeoutMs({ bodyBytes: new TextEncoder().encode(json).length });
  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new DOMException("The inbox did not answer in time.", "TimeoutError")),
    timeoutMs,
  );
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, {
      method: "POST",
      mode: "cors",
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "origin",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: json,
      signal: timeout.signal,
    });
    text = await response.text();
  } catch {
    return timeout.signal.aborted ? { kind: "timeout" } : { kind: "offline" };
  } finally {
    clearTimeout(timer);
  }
  const answer = readFormspreeAnswer(response.status, text);
  return {
    kind: "answer",
    result:
      answer.kind === "delivered"
        ? { kind: "delivered" }
        : { kind: "failed", failure: failureOfAnswer(answer) },
    delivered: deliveredList(text),
  };
}

/** The hook's list of the copies it delivered (`delivered: [form ids]`), or null when it gave none. */
function deliveredList(text: string): string[] | null {
  try {
    const value: unknown = JSON.parse(text);
    const list =
      value && typeof value === "object" ? (value as { delivered?: unknown }).delivered : undefined;
    return Array.isArray(list) ? list.filter((id): id is string => typeof id === "string") : null;
  } catch {
    return null;
  }
}
