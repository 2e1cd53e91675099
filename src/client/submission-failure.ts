/** Why a report did not reach the inbox, in the categories a reporter can act on. */
export type FailureKind = "offline" | "timeout" | "rate-limited" | "refused" | "server" | "encryption";

/** A failed attempt: the form says what happened in the page's language, from its kind. */
export interface SubmissionFailure {
  kind: FailureKind;
  /** What the inbox (or the browser) said, when it said something useful. */
  detail: string | null;
}

/**
 * Classifies the error messages @formspree/core returns (it reports network errors, HTTP errors and
 * unreadable answers all as messages, without the status) into what the reporter needs to know.
 *
 * @param messages - the form-level error messages of a failed submission
 */
export function describeFailure(messages: readonly string[]): SubmissionFailure {
  const text = messages.join(" ");
  if (
    /failed to fetch|networkerror|load failed|network request failed|err_connection|fetch failed/i.test(text)
  ) {
    return { kind: "offline", detail: null };
  }
  if (/too many|rate.?limit|slow down|429/i.test(text)) return { kind: "rate-limited", detail: text || null };
  if (/unexpected (response|token|end)|json|<!doctype|not valid/i.test(text))
    return { kind: "server", detail: null };
  return { kind: "refused", detail: text || null };
}

/** The failure shown when the inbox has not answered within the time limit. */
export const TIMEOUT_FAILURE: SubmissionFailure = { kind: "timeout", detail: null };

/** The UI string that tells the reporter what happened (src/i18n/ui-strings.ts). */
export const FAILURE_TEXT = {
  offline: "form.failure_offline",
  timeout: "form.failure_timeout",
  "rate-limited": "form.failure_busy",
  refused: "form.failure_refused",
  server: "form.failure_server",
  encryption: "form.failure_encryption",
} as const satisfies Record<FailureKind, string>;
