import { rejectUnknownOptions, withoutKeys } from "../options/reject-unknown-options.ts";
import type { CaseFile } from "./case-file.ts";

/**
 * When a report must be answered, from the site's follow-up promise ("We will reply within one
 * week"), and in which order the desk lists cases: overdue first. Pure.
 */

/** A follow-up period: a number of days, counted as calendar days or as working days (Monday to Friday). */
export interface FollowUpPeriod {
  days: number;
  working: boolean;
}

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fourteen: 14,
  thirty: 30,
};

const PERIOD =
  /\b(\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|thirty)\s+(working\s+|business\s+)?(hours?|days?|weeks?|fortnights?|months?)\b/i;

/**
 * Reads a follow-up promise written in English ("within one week", "within 3 days", "in 48 hours",
 * "within two working days", "within a fortnight") into a period. Hours round up to whole days;
 * a month counts as 30 days. Returns null when the text names no period: set `desk.follow_up_days`
 * in site.yaml then (and for a promise in another language).
 *
 * @param promise - site.yaml's `follow_up`
 */
export function parseFollowUpPromise(promise: string): FollowUpPeriod | null {
  const match = PERIOD.exec(promise);
  if (!match) {
    if (/\b(a|one) fortnight\b/i.test(promise)) return { days: 14, working: false };
    return null;
  }
  const word = (match[1] ?? "").toLowerCase();
  const amount = /^\d+$/.test(word) ? Number(word) : (NUMBER_WORDS[word] ?? 0);
  const unit = (match[3] ?? "").toLowerCase();
  const working = match[2] !== undefined && /^(day|hour)/.test(unit);
  if (amount <= 0) return null;
  if (unit.startsWith("hour")) return { days: Math.ceil(amount / 24), working };
  if (unit.startsWith("week")) return { days: amount * 7, working: false };
  if (unit.startsWith("fortnight")) return { days: amount * 14, working: false };
  if (unit.startsWith("month")) return { days: amount * 30, working: false };
  return { days: amount, working };
}

/**
 * The follow-up period a site promises: `desk.follow_up_days` when set (always calendar days), else
 * read from the `follow_up` sentence, else null.
 *
 * @param options.followUp - site.yaml's `follow_up`
 * @param options.followUpDays - site.yaml's `desk.follow_up_days`, when set
 */
export function followUpPeriod(options: {
  followUp: string;
  followUpDays?: number | undefined;
}): FollowUpPeriod | null {
  rejectUnknownOptions("followUpPeriod", withoutKeys(options, ["followUp", "followUpDays"]));
  if (options.followUpDays !== undefined) return { days: options.followUpDays, working: false };
  return parseFollowUpPromise(options.followUp);
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * The moment a follow-up is due: `from` plus the period (working days skip Saturdays and Sundays, UTC).
 *
 * @param from - when the report was sent
 * @param period - from {@link followUpPeriod}
 */
export function dueDate(from: Date, period: FollowUpPeriod): Date {
  if (!period.working) return new Date(from.getTime() + period.days * DAY);
  let at = from.getTime();
  let left = period.days;
  while (left > 0) {
    at += DAY;
    const weekday = new Date(at).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return new Date(at);
}

/** Where a case stands against the promise. */
export type FollowUpState =
  /** not acknowledged and past its due date */
  | "overdue"
  /** not acknowledged yet, due later */
  | "due"
  /** acknowledged (or further): the promise is kept */
  | "answered"
  /** no promise could be read, or the report has no time */
  | "unknown";

/**
 * A case's follow-up due date and state. The clock starts when the reporter sent the report (the time
 * inside it), or else when the desk imported it.
 *
 * @param options.caseFile - the case
 * @param options.sentAt - when the report was sent, when the report says
 * @param options.period - the site's follow-up period, or null when none is known
 * @param options.now - the moment to compare against
 */
export function followUpOf(options: {
  caseFile: CaseFile;
  sentAt: Date | null;
  period: FollowUpPeriod | null;
  now: Date;
}): { state: FollowUpState; due: Date | null } {
  rejectUnknownOptions("followUpOf", withoutKeys(options, ["caseFile", "sentAt", "period", "now"]));
  const { caseFile, period, now } = options;
  if (!period) return { state: caseFile.status === "new" ? "unknown" : "answered", due: null };
  const from = options.sentAt ?? new Date(caseFile.importedAt);
  const due = dueDate(from, period);
  if (caseFile.status !== "new") return { state: "answered", due };
  return { state: now.getTime() > due.getTime() ? "overdue" : "due", due };
}

/** The order of the states in the desk's list: what needs doing first comes first. */
const STATE_ORDER: Readonly<Record<FollowUpState, number>> = { overdue: 0, due: 1, unknown: 2, answered: 3 };

/**
 * Sorts cases for the list: overdue first, then cases waiting for an answer by due date, then open
 * cases, then closed ones; ties by reference, so the order is stable.
 *
 * @param cases - each case's reference, status, follow-up state and due date (ISO)
 */
export function sortForFollowUp<
  T extends { reference: string; status: CaseFile["status"]; state: FollowUpState; due: string | null },
>(cases: readonly T[]): T[] {
  const rank = (c: T) => (c.status === "closed" ? 4 : STATE_ORDER[c.state]);
  const time = (c: T) => (c.due === null ? Number.POSITIVE_INFINITY : Date.parse(c.due));
  return [...cases].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      time(a) - time(b) ||
      (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0),
  );
}
