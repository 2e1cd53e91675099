import type { ReportSituation } from "./report-situation.ts";
import type { SubmissionFailure } from "./submission-failure.ts";

/**
 * The send state machine of one report: its copies (one for the team, or one per chosen responder),
 * which of them arrived, and what to do on the next press of "send". Pure, so every transition is
 * tested without a browser; report-form.tsx only calls it.
 *
 * Rules:
 * - A retry with nothing edited re-posts exactly the copies that have not arrived, with the same
 *   ciphertexts and reference: a copy that arrived is never posted again, and one that may have arrived
 *   (a timeout) is a retry the inbox recognises (same form id, reference and ciphertext).
 * - An edit (other answers, or other people chosen) re-encrypts. While nothing can have arrived, the
 *   reference is kept; once any copy has or may have arrived, the edited report gets a new reference and
 *   every copy is sent again, so no responder is left holding only the old version without knowing a
 *   newer one exists, and no inbox mistakes the edit for a retry.
 */

/** One copy of the report and where it stands. */
export interface CopyState {
  /** the form id it is posted to */
  target: string;
  /** whose personal inbox it goes to, or null for the team's */
  owner: string | null;
  ciphertext: string;
  status: "pending" | "delivered" | "failed";
  /** why the last attempt failed, when it did */
  failure: SubmissionFailure | null;
  /** a timeout left it unknown whether it arrived */
  maybeDelivered: boolean;
}

/** One report across attempts. */
export interface DeliveryState {
  reference: string;
  submittedAt: Date;
  /** what the ciphertexts were made from (answers and choice): a change is an edit */
  inputs: string;
  /** the plaintext, for the reporter's own copy */
  plaintext: string;
  copies: CopyState[];
  /** what the receipt and a failed send speak to: still happening, contact left (h14's receipt) */
  situation: ReportSituation;
}

/** What the next press of "send" must do. */
export type NextStep =
  /** encrypt afresh, under this reference and time */
  | { kind: "seal"; reference: string; submittedAt: Date }
  /** post these copies again as they are */
  | { kind: "post"; copies: CopyState[] };

/** What one post of one copy came to. */
export type CopyOutcome =
  | { kind: "delivered" }
  | { kind: "failed"; failure: SubmissionFailure }
  | { kind: "timeout"; failure: SubmissionFailure };

/** Where the report stands, for the page. */
export type DeliveryStatus =
  | { kind: "sent" }
  /** some copies arrived, some did not: the page names both, and a retry sends only the missing ones */
  | { kind: "partial"; delivered: CopyState[]; missing: CopyState[]; failure: SubmissionFailure }
  | { kind: "failed"; missing: CopyState[]; failure: SubmissionFailure };

/**
 * Decides what the next press of "send" does.
 *
 * @param options.state - the report so far, or null for a first send
 * @param options.inputs - the answers and choice as they are now (serialised)
 * @param options.newReference - makes a new reference
 * @param options.now - the time of this press
 */
export function nextStep(options: {
  state: DeliveryState | null;
  inputs: string;
  newReference: () => string;
  now: Date;
}): NextStep {
  const { state, inputs, newReference, now } = options;
  if (!state) return { kind: "seal", reference: newReference(), submittedAt: now };
  if (state.inputs === inputs) return { kind: "post", copies: pendingCopies(state) };
  const anyArrived = state.copies.some((copy) => copy.status === "delivered" || copy.maybeDelivered);
  return anyArrived
    ? { kind: "seal", reference: newReference(), submittedAt: now }
    : { kind: "seal", reference: state.reference, submittedAt: state.submittedAt };
}

/**
 * A report freshly sealed: every copy pending.
 *
 * @param options.reference - the report's reference
 * @param options.submittedAt - as written in the report
 * @param options.inputs - what it was made from
 * @param options.plaintext - the reporter's own copy
 * @param options.copies - the sealed copies
 * @param options.situation - what the receipt needs to know (src/client/report-situation.ts)
 */
export function sealedState(options: {
  reference: string;
  submittedAt: Date;
  inputs: string;
  plaintext: string;
  copies: ReadonlyArray<{ target: string; owner: string | null; ciphertext: string }>;
  situation: ReportSituation;
}): DeliveryState {
  return {
    reference: options.reference,
    submittedAt: options.submittedAt,
    inputs: options.inputs,
    plaintext: options.plaintext,
    situation: options.situation,
    copies: options.copies.map((copy) => ({
      ...copy,
      status: "pending",
      failure: null,
      maybeDelivered: false,
    })),
  };
}

/** The copies not yet known to have arrived, in order. */
export function pendingCopies(state: DeliveryState): CopyState[] {
  return state.copies.filter((copy) => copy.status !== "delivered");
}

/**
 * Records what the posts of some copies came to. Copies not named keep their state.
 *
 * @param state - the report so far
 * @param outcomes - by target form id
 */
export function recordOutcomes(
  state: DeliveryState,
  outcomes: ReadonlyMap<string, CopyOutcome>,
): DeliveryState {
  return {
    ...state,
    copies: state.copies.map((copy) => {
      const outcome = outcomes.get(copy.target);
      if (!outcome || copy.status === "delivered") return copy;
      if (outcome.kind === "delivered") return { ...copy, status: "delivered", failure: null };
      return {
        ...copy,
        status: "failed",
        failure: outcome.failure,
        maybeDelivered: copy.maybeDelivered || outcome.kind === "timeout",
      };
    }),
  };
}

/** Where the report stands: sent, partly sent, or not sent. */
export function deliveryStatus(state: DeliveryState): DeliveryStatus {
  const delivered = state.copies.filter((copy) => copy.status === "delivered");
  const missing = state.copies.filter((copy) => copy.status !== "delivered");
  if (missing.length === 0) return { kind: "sent" };
  const failure = missing.find((copy) => copy.failure)?.failure ?? { kind: "server", detail: null };
  return delivered.length > 0
    ? { kind: "partial", delivered, missing, failure }
    : { kind: "failed", missing, failure };
}
