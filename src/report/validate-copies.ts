import { COPIES_FIELD, SUBMISSION_FIELDS, type Submission } from "./submission.ts";
import {
  type SubmissionProblem,
  type SubmissionValidation,
  type ValidateSubmissionOptions,
  validateSubmission,
} from "./validate-submission.ts";

/**
 * The hook's fan-out body (hook mode, a report that leaves someone out): the browser posts once, and
 * the hook forwards each copy server to server to the personal inbox it names.
 *
 * `{ "copies": [{ "to": "<inbox form id>", "ciphertext": "…" }, …], "reference": "R-…", "version": "2", "_gotcha": "" }`
 *
 * Each copy is checked exactly as a single submission is (validateSubmission), under the shared
 * reference and version. Pure: the local inbox and the hook both use it.
 */

/** A body is a fan-out when it has this field; otherwise it is a single submission. */
export function isFanOutBody(body: unknown): boolean {
  return typeof body === "object" && body !== null && !Array.isArray(body) && COPIES_FIELD in body;
}

/** One checked copy: the submission, and the form id it is forwarded to. */
export interface CheckedCopy {
  to: string;
  submission: Submission;
}

/** What {@link validateCopies} decided. */
export type CopiesValidation =
  | { kind: "valid"; copies: CheckedCopy[] }
  | (SubmissionValidation & { kind: "invalid" });

/** Options for {@link validateCopies}. */
export interface ValidateCopiesOptions extends ValidateSubmissionOptions {
  /** the personal inboxes' form ids the build knows: a copy may go to these and no others */
  targets: readonly string[];
}

const NOT_STORED = "so it was not accepted: nothing was stored.";
const RESEND = "Reload the report page and send the report again.";

/**
 * Checks a fan-out body: only `copies`, `reference`, `version` and `_gotcha`; between one and
 * `targets.length` copies, each `{ to, ciphertext }` with a known, distinct `to`; each copy a valid
 * submission. The first invalid copy's answer is returned (400, 413 or 422); nothing is forwarded
 * unless every copy is valid.
 *
 * @param body - the parsed JSON body, untrusted
 * @param options - see {@link ValidateCopiesOptions}; unknown options throw
 */
export async function validateCopies(
  body: unknown,
  options: ValidateCopiesOptions,
): Promise<CopiesValidation> {
  const { targets, ...submissionOptions } = options;
  const refuse = (status: 400 | 422, code: string, message: string): CopiesValidation => ({
    kind: "invalid",
    status,
    errors: [{ code, message } satisfies SubmissionProblem],
  });
  if (!isFanOutBody(body))
    return refuse(
      400,
      "INVALID_BODY",
      `The report did not arrive as the form sends it, ${NOT_STORED} ${RESEND}`,
    );
  const { copies, ...rest } = body as Record<string, unknown>;
  if (!Array.isArray(copies) || copies.length === 0 || copies.length > targets.length)
    return refuse(
      400,
      "INVALID_COPIES",
      `The report's copies did not arrive as the form sends them (one for each chosen responder), ${NOT_STORED} ${RESEND}`,
    );
  if (Object.hasOwn(rest, SUBMISSION_FIELDS.ciphertext))
    return refuse(
      400,
      "UNKNOWN_FIELD",
      `The report carried a ciphertext besides its copies, ${NOT_STORED} ${RESEND}`,
    );
  const known = new Set(targets);
  const seen = new Set<string>();
  const checked: CheckedCopy[] = [];
  for (const copy of copies) {
    if (typeof copy !== "object" || copy === null || Array.isArray(copy))
      return refuse(400, "INVALID_COPIES", `A copy of the report was not an object, ${NOT_STORED} ${RESEND}`);
    const { to, ciphertext, ...extra } = copy as Record<string, unknown>;
    if (Object.keys(extra).length > 0)
      return refuse(
        400,
        "UNKNOWN_FIELD",
        `A copy of the report carried fields other than to and ciphertext, ${NOT_STORED} ${RESEND}`,
      );
    if (typeof to !== "string" || !known.has(to))
      return refuse(
        422,
        "UNKNOWN_INBOX",
        `A copy of the report was addressed to an inbox this site does not have, ${NOT_STORED} ${RESEND}`,
      );
    if (seen.has(to))
      return refuse(
        422,
        "DUPLICATE_COPY",
        `Two copies of the report were addressed to the same inbox, ${NOT_STORED} ${RESEND}`,
      );
    seen.add(to);
    const result = await validateSubmission({ ...rest, ciphertext }, submissionOptions);
    if (result.kind === "invalid") return result;
    checked.push({ to, submission: result.submission });
  }
  return { kind: "valid", copies: checked };
}
