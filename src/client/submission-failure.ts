import type { FormspreeAnswer } from "../report/formspree-answer.ts";

/** Why a report did not reach the inbox, in the categories a reporter can act on. */
export type FailureKind =
  | "offline"
  | "timeout"
  | "rate-limited"
  | "refused"
  | "server"
  | "encryption"
  /** a 2xx that did not confirm the report was stored (Formspree's reCAPTCHA page, an empty body) */
  | "unconfirmed"
  /** the Formspree form has reCAPTCHA switched on: no retry can get through, only the way out */
  | "recaptcha";

/** A failed attempt: the form says what happened in the page's language, from its kind. */
export interface SubmissionFailure {
  kind: FailureKind;
  /** What the inbox (or the browser) said, when it said something useful. */
  detail: string | null;
}

/**
 * What the reporter is told about an answer that was not a delivery.
 *
 * @param answer - the inbox's answer, read by readFormspreeAnswer
 */
export function failureOfAnswer(answer: Exclude<FormspreeAnswer, { kind: "delivered" }>): SubmissionFailure {
  if (answer.kind === "unconfirmed") return { kind: "unconfirmed", detail: null };
  const detail = answer.messages.join(" ") || null;
  if (answer.recaptcha) return { kind: "recaptcha", detail };
  if (answer.status === 429) return { kind: "rate-limited", detail };
  if (answer.status >= 500) return { kind: "server", detail };
  return { kind: "refused", detail };
}

/** The failure shown when the inbox has not answered within the time limit. */
export const TIMEOUT_FAILURE: SubmissionFailure = { kind: "timeout", detail: null };

/**
 * The failure shown when the encryption code (loaded on first use, src/client/load-sealer.ts) could not
 * be downloaded: the connection failed, not the browser, and nothing was sent.
 */
export const SEALER_NOT_LOADED: SubmissionFailure = { kind: "offline", detail: null };

/** The UI string that tells the reporter what happened (src/i18n/ui-strings.ts). */
export const FAILURE_TEXT = {
  offline: "form.failure_offline",
  timeout: "form.failure_timeout",
  "rate-limited": "form.failure_busy",
  refused: "form.failure_refused",
  server: "form.failure_server",
  encryption: "form.failure_encryption",
  unconfirmed: "form.failure_unconfirmed",
  recaptcha: "form.failure_recaptcha",
} as const satisfies Record<FailureKind, string>;
