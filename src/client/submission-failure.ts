/** Why a report did not reach the inbox, in the categories a reporter can act on. */
export type FailureKind = "offline" | "timeout" | "rate-limited" | "refused" | "server";

/** A failed attempt, described for the reporter. */
export interface SubmissionFailure {
  kind: FailureKind;
  /** What happened, in plain words. */
  summary: string;
  /** What the inbox said, when it said something useful. */
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
    return {
      kind: "offline",
      summary:
        "We could not reach the report inbox. Your internet connection may be down, or the inbox may be unreachable.",
      detail: null,
    };
  }
  if (/too many|rate.?limit|slow down|429/i.test(text)) {
    return {
      kind: "rate-limited",
      summary: "The report inbox is busy and asked us to wait a little before trying again.",
      detail: text || null,
    };
  }
  if (/unexpected (response|token|end)|json|<!doctype|not valid/i.test(text)) {
    return {
      kind: "server",
      summary: "The report inbox had a problem and did not accept the report.",
      detail: null,
    };
  }
  return { kind: "refused", summary: "The report inbox did not accept the report.", detail: text || null };
}

/** The failure shown when the inbox has not answered within the time limit. */
export const TIMEOUT_FAILURE: SubmissionFailure = {
  kind: "timeout",
  summary:
    "The report inbox did not answer in time. It may still arrive; sending again will not make a second copy.",
  detail: null,
};
