import { describe, expect, it } from "vitest";
import { newCaseFile } from "../../src/desk/case-file.ts";
import { summarizeCase, viewCase } from "../../src/desk/case-view.ts";
import type { DeskSite } from "../../src/desk/desk-site.ts";
import { composeReport } from "../../src/report/report-format.ts";
import { FIELDS } from "../responder/encrypted-reports.ts";

const SITE: DeskSite = {
  dir: "/content",
  event: "Tidewater Tech Days 2027",
  timeZone: "Europe/London",
  languages: ["en-GB", "es"],
  followUp: "within one week",
  period: { days: 7, working: false },
  retentionDays: 365,
  transparencyThreshold: 3,
  labels: Object.fromEntries(FIELDS.map((field) => [field.id, field.label])),
  contactField: "contact",
  ongoingYes: ["Yes, it is still happening", "Sí, sigue ocurriendo"],
  team: [],
};
const NOW = new Date("2027-06-06T00:00:00Z");

function reportCase(answers: Record<string, string>, labels: Record<string, string> = {}) {
  const report = composeReport({
    fields: FIELDS.map((field) => ({ ...field, label: labels[field.id] ?? field.label })),
    answers,
    event: "Tidewater Tech Days 2027",
    reference: "R-7K2M-9QXD",
    submittedAt: new Date("2027-06-05T14:03:27Z"),
    language: labels.what ? "es" : "en-GB",
    recipients: ["Adaeze Okafor"],
  });
  return newCaseFile({ reference: "R-7K2M-9QXD", report, receivedAt: null, now: NOW });
}

describe("the view of a case", () => {
  it("reads a translated report: still happening in its language, contact left, the site's wording beside each question", () => {
    const view = viewCase(
      reportCase(
        { what: "Me gritaron.", ongoing: "Sí, sigue ocurriendo", contact: "Ana, ana@example.org" },
        { what: "¿Qué pasó?" },
      ),
      SITE,
      [],
      NOW,
    );
    expect(view).toMatchObject({ stillHappening: true, state: "due", due: "2027-06-12T14:03:27.000Z" });
    if (view.report.kind !== "report") throw new Error("expected a report");
    expect(view.report.contactLeft).toBe(true);
    expect(view.report.fields.find((field) => field.id === "what")).toEqual({
      id: "what",
      label: "¿Qué pasó?",
      siteLabel: "What happened?",
      answer: "Me gritaron.",
    });
  });

  it("keeps a message that is not a report as text, its control characters visible, with the reason", () => {
    const view = viewCase(
      newCaseFile({
        reference: "M-0123456789abcdef",
        report: "hello\u001b[2J",
        receivedAt: "\u0007now",
        now: NOW,
      }),
      SITE,
      [],
      NOW,
    );
    expect(view.report).toEqual({
      kind: "raw",
      text: "hello\\x1B[2J",
      reason: expect.stringContaining("not a Confide report"),
    });
    expect(view.receivedAt).toBe("\\x07now");
    expect(view.state).toBe("due");
  });

  it("issue 15: desk: a later version under the same reference neither moves the follow-up date nor lowers the urgent flag", () => {
    const original = reportCase({ what: "It is still going on.", ongoing: "Yes, it is still happening" });
    // Sent under the original's reference by someone who knows it, dated far ahead, "not happening".
    const later = composeReport({
      fields: FIELDS,
      answers: { what: "Nothing to see.", ongoing: "No" },
      event: "Tidewater Tech Days 2027",
      reference: "R-7K2M-9QXD",
      submittedAt: new Date("9999-12-31T00:00:00Z"),
      language: "en-GB",
      recipients: ["Adaeze Okafor"],
    });
    const withLater = { ...original, report: later, earlierVersions: [original.report] };
    const summary = summarizeCase(withLater, SITE, new Date("2027-06-13T00:00:00Z"));
    expect(summary).toMatchObject({
      due: "2027-06-12T14:03:27.000Z",
      state: "overdue",
      stillHappening: true,
      // The version shown is still the one sent last.
      submitted: "9999-12-31T00:00:00Z",
    });
  });
});
