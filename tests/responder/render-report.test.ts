import { describe, expect, it } from "vitest";
import { padReport } from "../../src/report/pad-report.ts";
import { composeReport } from "../../src/report/report-format.ts";
import type { FoundMessage } from "../../src/responder/find-messages.ts";
import {
  escapeControlCharacters,
  readDecrypted,
  renderReportMarkdown,
  renderReportText,
  reportFileName,
} from "../../src/responder/render-report.ts";
import { FIELDS } from "./encrypted-reports.ts";

const MESSAGE: FoundMessage = {
  source: "export.csv",
  format: "csv",
  row: 17,
  reference: "R-7K2M-9QXD",
  receivedAt: "2027-06-05T14:03:29.000Z",
  armored: "",
};

function plaintext(answers: Record<string, string>, reference = "R-7K2M-9QXD"): string {
  return padReport(
    composeReport({
      fields: FIELDS,
      answers,
      event: "Tidewater Tech Days 2027",
      reference,
      submittedAt: new Date("2027-06-05T14:03:27Z"),
      language: "en-GB",
      recipients: ["Adaeze Okafor", "Tomás Rivera"],
    }),
  );
}

describe("escapeControlCharacters", () => {
  it("shows ESC, CR, DEL and C1 controls as visible escapes", () => {
    expect(escapeControlCharacters("a\u001b[2Jb\rc\u007fd\u009be\u0000")).toBe(
      "a\\x1B[2Jb\\x0Dc\\x7Fd\\x9Be\\x00",
    );
  });

  it("keeps tabs, line feeds, right-to-left text and direction marks as they are", () => {
    const text = "line\tone\nשלום \u200Fمرحبا\u202B";
    expect(escapeControlCharacters(text)).toBe(text);
  });
});

describe("renderReportText", () => {
  it("shows the reference, the times, and every question in order with its answer indented", () => {
    const text = renderReportText(
      readDecrypted({
        message: MESSAGE,
        plaintext: plaintext({ when: "Saturday, around 3 pm", what: "He followed me.\n\nTwice." }),
      }),
    );
    expect(text.split("\n").slice(0, 8)).toEqual([
      "=== Report R-7K2M-9QXD ===",
      "Event:     Tidewater Tech Days 2027",
      "Submitted: 2027-06-05T14:03:27Z",
      "Received:  2027-06-05T14:03:29.000Z",
      "Language:  en-GB",
      "Sent to:   Adaeze Okafor, Tomás Rivera",
      "From:      export.csv row 17",
      "",
    ]);
    const labels = text.split("\n").filter((line) => / \[[a-z_]+\]$/.test(line));
    expect(labels).toEqual(FIELDS.map((field) => `${field.label} [${field.id}]`));
    expect(text).toContain("When did it happen? [when]\n    Saturday, around 3 pm\n\n");
    expect(text).toContain("What happened? [what]\n    He followed me.\n\n    Twice.\n\n");
    expect(text).toContain("Who was involved? [who]\n    (no answer)\n");
  });

  it("escapes control characters in answers, and indents a line that imitates a heading", () => {
    const text = renderReportText(
      readDecrypted({
        message: MESSAGE,
        plaintext: plaintext({ what: "\u001b[2J\u001b[HAll clear\n=== Report R-0000-0000 ===" }),
      }),
    );
    expect(text).not.toContain("\u001b");
    expect(text).toContain("    \\x1B[2J\\x1B[HAll clear\n    === Report R-0000-0000 ===\n");
  });

  it("says when the reference posted with a message is not the one inside it", () => {
    const text = renderReportText(
      readDecrypted({ message: { ...MESSAGE, reference: "R-AAAA-AAAA" }, plaintext: plaintext({}) }),
    );
    expect(text).toContain(
      "Note: the reference posted with this message (R-AAAA-AAAA) is not the one inside the report (R-7K2M-9QXD)",
    );
  });

  it("shows text that is not a report as it is, with the reason and control characters escaped", () => {
    const text = renderReportText(
      readDecrypted({
        message: MESSAGE,
        plaintext: `hello \u001b]0;owned\u0007 world\n${" ".repeat(300)}\n`,
      }),
    );
    expect(text).toContain("=== Decrypted message (not a readable Confide report) ===");
    expect(text).toContain(
      'Note: this is not a Confide report: its first line is not "CONFIDE INCIDENT REPORT"',
    );
    expect(text).toContain("    hello \\x1B]0;owned\\x07 world\n");
    expect(text.endsWith("world\n\n")).toBe(true);
  });
});

describe("renderReportMarkdown", () => {
  it("puts each answer in a fence no backticks in it can close, and escapes markup in labels", () => {
    const fields = [{ ...FIELDS[4], id: "what", label: "What happened? ![x](https://evil.example/p.png)" }];
    const text = padReport(
      composeReport({
        fields: fields as typeof FIELDS,
        answers: { what: "Look: ```\n![pixel](https://evil.example/track.png)\n<img src=x>" },
        event: "Tidewater",
        reference: "R-7K2M-9QXD",
        submittedAt: new Date("2027-06-05T14:03:27Z"),
        language: "en",
        recipients: ["Ada"],
      }),
    );
    const markdown = renderReportMarkdown(readDecrypted({ message: MESSAGE, plaintext: text }));
    expect(markdown).toContain("# Report R\\-7K2M\\-9QXD\n");
    expect(markdown).toContain("## What happened? \\!\\[x\\]\\(https\\:");
    expect(markdown).toContain(
      "````text\nLook: ```\n![pixel](https://evil.example/track.png)\n<img src=x>\n````",
    );
  });

  it("marks an unanswered question as such", () => {
    const markdown = renderReportMarkdown(readDecrypted({ message: MESSAGE, plaintext: plaintext({}) }));
    expect(markdown).toContain("## Who was involved? \\[who\\]\n\n*(no answer)*");
  });
});

describe("reportFileName", () => {
  it("names a report by its submission date and reference", () => {
    expect(reportFileName(readDecrypted({ message: MESSAGE, plaintext: plaintext({}) }))).toBe(
      "2027-06-05-R-7K2M-9QXD.md",
    );
  });

  it("keeps only letters, digits and hyphens of a hostile reference", () => {
    const hostile = readDecrypted({ message: MESSAGE, plaintext: plaintext({}, "../../.ssh/x\u001b") });
    expect(reportFileName(hostile)).toBe("2027-06-05-sshx.md");
  });

  it("names text that is not a report by the date received and the reference posted with it", () => {
    expect(reportFileName(readDecrypted({ message: MESSAGE, plaintext: "hello" }))).toBe(
      "2027-06-05-R-7K2M-9QXD.md",
    );
    const bare: FoundMessage = { source: "stdin", format: "text", row: 2, armored: "" };
    expect(reportFileName(readDecrypted({ message: bare, plaintext: "hello" }))).toBe("undated-message-2.md");
  });
});

// Issue 7: a report sent from a translated form carries the labels the reporter saw; a responder who
// reads the site's own language sees its wording too.
describe("a report in another language", () => {
  const arabic = padReport(
    composeReport({
      fields: FIELDS.map((field) => (field.id === "what" ? { ...field, label: "ماذا حدث؟" } : field)),
      answers: { what: "حدث شيء في الممر." },
      event: "Tidewater Tech Days 2027",
      reference: "R-7K2M-9QXD",
      submittedAt: new Date("2027-06-05T14:03:27Z"),
      language: "ar",
      recipients: ["Adaeze Okafor"],
    }),
  );
  const labels = Object.fromEntries(FIELDS.map((field) => [field.id, field.label]));

  it("shows the site's own wording under a question worded differently, and nothing more for the others", () => {
    const text = renderReportText(readDecrypted({ message: MESSAGE, plaintext: arabic }), { labels });
    expect(text).toContain("Language:  ar\n");
    expect(text).toContain("ماذا حدث؟ [what]\n  = What happened?\n    حدث شيء في الممر.\n");
    expect(text).toContain("When did it happen? [when]\n    (no answer)\n");
    expect(text.match(/\n {2}= /g)).toHaveLength(1);
    const markdown = renderReportMarkdown(readDecrypted({ message: MESSAGE, plaintext: arabic }), { labels });
    expect(markdown).toContain(
      "## ماذا حدث؟ \\[what\\]\n\n= What happened?\n\n```text\nحدث شيء في الممر.\n```",
    );
  });

  it("shows the report as it is without the site's wording", () => {
    const text = renderReportText(readDecrypted({ message: MESSAGE, plaintext: arabic }));
    expect(text).toContain("ماذا حدث؟ [what]\n    حدث شيء في الممر.\n");
  });
});
