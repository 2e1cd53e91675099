import { parseReport } from "../report/report-format.ts";
import { escapeControlCharacters } from "../responder/render-report.ts";
import type { CaseFile, CaseStatus, CaseTag } from "./case-file.ts";
import type { DeskSite } from "./desk-site.ts";
import { type FollowUpState, followUpOf } from "./follow-up.ts";
import { sharedTags, type TagGroup } from "./patterns.ts";

/**
 * What the desk's page shows of a case: the report read into facts and answers, and the case's own
 * record. Every string that came from a report is attacker-controlled: control characters are made
 * visible here (`\x1B`), and the page prints every string as text, never as markup. Pure.
 */

/** One row of the case list. */
export interface CaseSummary {
  reference: string;
  status: CaseStatus;
  state: FollowUpState;
  /** ISO time, or null: the period counted from the earliest version's sending */
  due: string | null;
  /** when the version shown was sent */
  submitted: string | null;
  /** any version of the report says it is still happening */
  stillHappening: boolean;
  owner: string | null;
  category: string | null;
  tags: CaseTag[];
}

/** A case as the page shows it. */
export interface CaseView extends CaseSummary {
  outcome: string | null;
  acknowledgedAt: string | null;
  closedAt: string | null;
  receivedAt: string | null;
  notes: Array<{ id: string; at: string; author: string; text: string }>;
  /** the report read into its parts, or kept as text when it is not a Confide report */
  report:
    | {
        kind: "report";
        event: string;
        /** ISO, UTC */
        submittedAt: string;
        language: string;
        sentTo: string[];
        /** the answer to the "still happening" question, or null when there is none */
        ongoingAnswer: string | null;
        /** true when the reporter left contact details; null when the site has no contact question */
        contactLeft: boolean | null;
        fields: Array<{ id: string; label: string; siteLabel: string | null; answer: string | null }>;
      }
    | { kind: "raw"; text: string; reason: string };
  /** other versions of the report that arrived under the same reference, as text, oldest first */
  earlierVersions: string[];
  /** the other cases sharing each of this case's tags */
  shared: TagGroup[];
}

/** Untrusted text made safe to print as text: control characters shown as escapes. */
const shown = (text: string) => escapeControlCharacters(text);

/**
 * The list row of a case.
 *
 * @param caseFile - the case
 * @param site - the site's settings
 * @param now - the moment to compare due dates against
 */
export function summarizeCase(caseFile: CaseFile, site: DeskSite, now: Date): CaseSummary {
  const parsed = parseReport(caseFile.report);
  const report = parsed.kind === "report" ? parsed.report : null;
  // Every version counts, not only the one shown: a version sent later under the same reference (by
  // anyone who knows it) must not move the promise's clock or lower the urgent flag of the first.
  const versions = [caseFile.report, ...caseFile.earlierVersions].flatMap((text) => {
    const version = text === caseFile.report ? parsed : parseReport(text);
    return version.kind === "report" ? [version.report] : [];
  });
  const times = versions.map((version) => Date.parse(version.submittedAt));
  const sentAt = times.length > 0 ? new Date(Math.min(...times)) : null;
  const followUp = followUpOf({ caseFile, sentAt, period: site.period, now });
  const stillHappening = versions.some((version) => {
    const ongoing = version.fields.find((field) => field.id === "ongoing")?.answer ?? null;
    return ongoing !== null && site.ongoingYes.includes(ongoing.trim());
  });
  return {
    reference: caseFile.reference,
    status: caseFile.status,
    state: followUp.state,
    due: followUp.due?.toISOString() ?? null,
    submitted: report?.submittedAt ?? null,
    stillHappening,
    owner: caseFile.owner,
    category: caseFile.category,
    tags: caseFile.tags,
  };
}

/**
 * The full view of one case.
 *
 * @param caseFile - the case
 * @param site - the site's settings
 * @param cases - every case (for the tags it shares)
 * @param now - the moment to compare due dates against
 */
export function viewCase(
  caseFile: CaseFile,
  site: DeskSite,
  cases: readonly CaseFile[],
  now: Date,
): CaseView {
  const parsed = parseReport(caseFile.report);
  let report: CaseView["report"];
  if (parsed.kind === "report") {
    const r = parsed.report;
    const contact = site.contactField ? r.fields.find((field) => field.id === site.contactField) : undefined;
    report = {
      kind: "report",
      event: shown(r.event),
      submittedAt: r.submittedAt,
      language: shown(r.language),
      sentTo: r.recipients.map(shown),
      ongoingAnswer: shownOrNull(r.fields.find((field) => field.id === "ongoing")?.answer ?? null),
      contactLeft: site.contactField ? (contact?.answer ?? null) !== null : null,
      fields: r.fields.map((field) => {
        const own = Object.hasOwn(site.labels, field.id) ? site.labels[field.id] : undefined;
        return {
          id: field.id,
          label: shown(field.label),
          siteLabel: own && own !== field.label ? own : null,
          answer: shownOrNull(field.answer),
        };
      }),
    };
  } else {
    report = { kind: "raw", text: shown(caseFile.report), reason: shown(parsed.message) };
  }
  return {
    ...summarizeCase(caseFile, site, now),
    outcome: caseFile.outcome,
    acknowledgedAt: caseFile.acknowledgedAt,
    closedAt: caseFile.closedAt,
    receivedAt: caseFile.receivedAt === null ? null : shown(caseFile.receivedAt),
    notes: caseFile.notes.map((note) => ({ ...note, text: shown(note.text) })),
    report,
    earlierVersions: caseFile.earlierVersions.map(shown),
    shared: sharedTags(caseFile.reference, cases),
  };
}

function shownOrNull(text: string | null): string | null {
  return text === null ? null : shown(text);
}
