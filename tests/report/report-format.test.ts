import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { type ReportField, reportSchema } from "../../src/report/report-fields.ts";
import {
  ANONYMOUS,
  type ComposeReportOptions,
  composeReport,
  NO_ANSWER,
  normalizeAnswer,
  type ParsedReport,
  parseReport,
  REPORT_END_MARKER,
  REPORT_FORMAT_VERSION,
  REPORT_TITLE,
} from "../../src/report/report-format.ts";
import { seededRandom } from "../helpers/seeded-random.ts";

/** The real questions, read and validated the way the build reads them. */
const fields: ReportField[] = reportSchema.parse(
  parseYaml(readFileSync(new URL("../../content/_data/report.yaml", import.meta.url), "utf8")),
).fields;

const BASE: ComposeReportOptions = {
  fields,
  answers: {},
  event: "Tidewater Tech Days 2027",
  reference: "R-7K2M-9QXD",
  submittedAt: new Date("2027-06-05T14:03:27.512Z"),
  language: "en-GB",
  recipients: ["Adaeze Okafor", "Tomás Rivera"],
};

function field(type: ReportField["type"]): ReportField {
  const found = fields.find((f) => f.type === type && !f.contact);
  if (!found) throw new Error(`content/_data/report.yaml has no ${type} field`);
  return found;
}

const contactField = fields.find((f) => f.contact);
const LONG = field("long_text").id;

function compose(answers: Record<string, string>, options: Partial<ComposeReportOptions> = {}): string {
  return composeReport({ ...BASE, ...options, answers });
}

function parsed(text: string): ParsedReport {
  const result = parseReport(text);
  if (result.kind !== "report") throw new Error(`expected a report, got: ${result.message}`);
  return result.report;
}

/** Composes and parses back; returns each field's answer by id. */
function roundTrip(answers: Record<string, string>, options: Partial<ComposeReportOptions> = {}) {
  return Object.fromEntries(parsed(compose(answers, options)).fields.map((f) => [f.id, f.answer]));
}

const seeded = seededRandom;

describe("composeReport", () => {
  it("writes the title, the headers, one section per field in order, and the end marker", () => {
    const text = composeReport({
      ...BASE,
      fields: [fields[0] as ReportField, field("long_text")],
      answers: { [LONG]: "Someone shouted at me." },
    });
    const contact = fields[0] as ReportField;
    expect(contact.contact).toBe(true);
    expect(text).toBe(
      [
        "CONFIDE INCIDENT REPORT",
        "Format: confide-report/2",
        "Event: Tidewater Tech Days 2027",
        "Reference: R-7K2M-9QXD",
        "Submitted: 2027-06-05T14:03:27Z",
        "Language: en-GB",
        "Sent to: Adaeze Okafor, Tomás Rivera",
        "",
        `== ${contact.label} [${contact.id}] ==`,
        "(left empty: this report is anonymous)",
        "",
        `== ${field("long_text").label} [${LONG}] ==`,
        "Someone shouted at me.",
        "",
        "== End of report ==",
        "",
      ].join("\n"),
    );
  });

  it("gives every field of report.yaml a heading with its label and id, in the file's order", () => {
    const text = compose({});
    const headings = text.split("\n").filter((line) => line.startsWith("== ") && line !== REPORT_END_MARKER);
    expect(headings).toEqual(fields.map((f) => `== ${f.label} [${f.id}] ==`));
  });

  it("writes the submission time in UTC to the second whatever the Date's time zone offset", () => {
    const text = compose({}, { submittedAt: new Date("2027-06-05T16:03:27.999+02:00") });
    expect(text).toContain("\nSubmitted: 2027-06-05T14:03:27Z\n");
  });

  it("ignores answers to fields the report does not have", () => {
    const text = compose({ [LONG]: "kept", smuggled: "SECRET-EXTRA" });
    expect(text).toContain("kept");
    expect(text).not.toContain("SECRET-EXTRA");
    expect(text).not.toContain("[smuggled]");
  });

  it("rejects an unknown option with a TypeError, as openpgp.js does", () => {
    const options = { ...BASE, email: "reporter@example.org" } as ComposeReportOptions;
    expect(() => composeReport(options)).toThrow(TypeError);
    expect(() => composeReport(options)).toThrow(/unknown option "email"/);
  });

  it("rejects a missing option, an invalid date and an empty list of recipients", () => {
    const { language: _, ...withoutLanguage } = BASE;
    expect(() => composeReport(withoutLanguage as ComposeReportOptions)).toThrow(/"language" is missing/);
    expect(() => composeReport({ ...BASE, submittedAt: new Date("nonsense") })).toThrow(TypeError);
    expect(() => composeReport({ ...BASE, recipients: [] })).toThrow(/at least one responder/);
  });

  it("rejects field ids the heading grammar cannot carry, and duplicate ids", () => {
    const what = field("long_text");
    expect(() => composeReport({ ...BASE, fields: [{ ...what, id: "What Happened" }] })).toThrow(TypeError);
    expect(() => composeReport({ ...BASE, fields: [what, what] })).toThrow(/appears twice/);
  });

  it("keeps header values and labels on one line", () => {
    const what = { ...field("long_text"), label: "What\nhappened?" };
    const report = parsed(compose({}, { event: "Tidewater\r\nTech Days", fields: [what] }));
    expect(report.event).toBe("Tidewater Tech Days");
    expect(report.fields[0]?.label).toBe("What happened?");
  });
});

describe("composeReport and parseReport together", () => {
  it("round-trips an answer to every field type of the real report.yaml", () => {
    const types = new Set(fields.map((f) => f.type));
    expect([...types].sort()).toEqual(["choice", "long_text", "text"]);
    const answers: Record<string, string> = {};
    for (const f of fields) {
      answers[f.id] =
        f.type === "choice"
          ? (f.options?.[1] ?? "")
          : f.type === "long_text"
            ? `First paragraph for ${f.id}.\n\n  Indented second paragraph.\nLast line.`
            : `One line for ${f.id}`;
    }
    const report = parsed(compose(answers));
    expect(report).toEqual({
      format: REPORT_FORMAT_VERSION,
      event: BASE.event,
      reference: BASE.reference,
      submittedAt: "2027-06-05T14:03:27Z",
      language: "en-GB",
      recipients: ["Adaeze Okafor", "Tomás Rivera"],
      fields: fields.map((f) => ({ id: f.id, label: f.label, answer: answers[f.id] })),
    });
    expect(report.fields.find((f) => f.id === field("choice").id)?.answer).toBe(field("choice").options?.[1]);
  });

  it("reproduces emoji, combining marks and CJK exactly, without normalizing them", () => {
    const answer = [
      "Family emoji 👩‍👩‍👧‍👦, flag 🇫🇮, skin tone 👋🏽, keycap 1️⃣",
      "Combining marks: e\u0301 (not é), Zalgo z\u0336\u0315\u0351a\u0337\u031b\u0353",
      "Vietnamese: Tiếng Việt; Devanagari: क्षत्रिय",
      "中文：他一直跟着我。日本語：彼は私の後をついてきた。한국어: 그가 나를 따라왔다",
      "Astral CJK 𠜎𠜱 and a zero-width joiner\u200Dhere",
    ].join("\n");
    expect(answer.normalize("NFC")).not.toBe(answer);
    expect(roundTrip({ [LONG]: answer })[LONG]).toBe(answer);
  });

  it("reproduces right-to-left text, mixed directions and direction marks exactly", () => {
    const answers = {
      [LONG]: [
        "حدث ذلك في القاعة الكبيرة بعد المحاضرة.",
        "זה קרה ליד דלפק הרישום, בערך בשעה 15:00.",
        "He said \u202Bשלום עליכם\u202C and then left via room B‑12 \u2067القاعة ٣\u2069.",
        "\u200Fمرحبا\u200E abc \u200F123",
        "\u202EAn override that reverses what follows",
      ].join("\n"),
      [field("text").id]: "‏תל אביב, אולם 3",
    };
    const answersBack = roundTrip(answers);
    expect(answersBack[LONG]).toBe(answers[LONG]);
    expect(answersBack[field("text").id]).toBe(answers[field("text").id]);
  });

  it("carries a right-to-left label the reporter saw next to its stable id", () => {
    const what = { ...field("long_text"), label: "מה קרה?" };
    const text = compose({ [LONG]: "نعم" }, { fields: [what], language: "he" });
    expect(text).toContain(`\n== מה קרה? [${LONG}] ==\nنعم\n`);
    expect(parsed(text).fields).toEqual([{ id: LONG, label: "מה קרה?", answer: "نعم" }]);
  });

  it("round-trips a 100 KB description", () => {
    const random = seeded(100);
    const words = ["the", "talk", "hallway", "he", "said", "again", "😀", "שלום", "中文", "==", "\\"];
    let description = "";
    while (description.length < 100_000) {
      description += words[Math.floor(random() * words.length)];
      description += random() < 0.1 ? "\n" : " ";
    }
    description = description.trimEnd();
    expect(new TextEncoder().encode(description).length).toBeGreaterThan(100_000);
    expect(roundTrip({ [LONG]: description })[LONG]).toBe(description);
  });

  it("escapes body lines that look like structure with one backslash, and parses them back", () => {
    const tricky = [
      `== ${field("long_text").label} [${LONG}] ==`,
      REPORT_END_MARKER,
      "==",
      "==no space",
      "\\",
      "\\== already escaped-looking",
      "\\\\two backslashes",
      NO_ANSWER,
      ANONYMOUS,
      REPORT_TITLE,
      "Format: confide-report/2",
      "ordinary line with == inside and a \\ inside",
    ];
    const answer = tricky.join("\n");
    const text = compose({ [LONG]: answer, [field("text").id]: NO_ANSWER });
    const lines = text.split("\n");
    expect(lines).toContain(`\\== ${field("long_text").label} [${LONG}] ==`);
    expect(lines).toContain(`\\${REPORT_END_MARKER}`);
    expect(lines).toContain("\\\\");
    expect(lines).toContain("\\\\\\two backslashes");
    expect(lines).toContain(`\\${NO_ANSWER}`);
    expect(lines).toContain("ordinary line with == inside and a \\ inside");
    expect(lines.filter((line) => line === REPORT_END_MARKER)).toHaveLength(1);
    const back = roundTrip({ [LONG]: answer, [field("text").id]: NO_ANSWER });
    expect(back[LONG]).toBe(answer);
    expect(back[field("text").id]).toBe(NO_ANSWER);
  });

  it("escapes a single-line answer that is exactly the end marker or an empty-answer note", () => {
    for (const answer of [REPORT_END_MARKER, NO_ANSWER, ANONYMOUS, "\\"]) {
      const back = roundTrip({ [LONG]: answer, ...(contactField ? { [contactField.id]: answer } : {}) });
      expect(back[LONG]).toBe(answer);
      if (contactField) expect(back[contactField.id]).toBe(answer);
    }
  });

  it("turns CRLF and lone CR into LF and trims trailing whitespace, keeping leading blank lines", () => {
    const answer = "\n\n  first\r\nsecond\rthird  \r\n\r\n\t  \r\n";
    expect(normalizeAnswer(answer)).toBe("\n\n  first\nsecond\nthird");
    const text = compose({ [LONG]: answer });
    expect(text).not.toContain("\r");
    expect(roundTrip({ [LONG]: answer })[LONG]).toBe("\n\n  first\nsecond\nthird");
  });

  it("writes (no answer) for empty or blank answers and parses them as null", () => {
    const text = compose({ [LONG]: "", [field("text").id]: " \n\t " });
    const sections = text.split("\n");
    const whatHeading = sections.indexOf(`== ${field("long_text").label} [${LONG}] ==`);
    expect(sections[whatHeading + 1]).toBe(NO_ANSWER);
    const report = parsed(text);
    for (const f of report.fields) expect(f.answer).toBeNull();
  });

  it("says an empty contact field makes the report anonymous, and a filled one does not", () => {
    expect(contactField).toBeDefined();
    const id = contactField?.id ?? "";
    const anonymous = compose({ [LONG]: "x" });
    expect(anonymous).toContain(`[${id}] ==\n${ANONYMOUS}\n`);
    expect(roundTrip({ [LONG]: "x" })[id]).toBeNull();

    const named = compose({ [id]: "Sam, sam@example.org" });
    expect(named).not.toContain(ANONYMOUS);
    expect(roundTrip({ [id]: "Sam, sam@example.org" })[id]).toBe("Sam, sam@example.org");
  });

  it("round-trips recipient names that contain commas and backslashes", () => {
    const recipients = ["Okafor, Adaeze", "Back\\slash", "Mei Lin Chen"];
    const text = compose({}, { recipients });
    expect(text).toContain("\nSent to: Okafor\\, Adaeze, Back\\\\slash, Mei Lin Chen\n");
    expect(parsed(text).recipients).toEqual(recipients);
  });
});

describe("parseReport", () => {
  const report = compose({ [LONG]: "It happened.\nTwice." });

  it("reads a report with CRLF line ends as it reads one with LF", () => {
    expect(parsed(report.replace(/\n/g, "\r\n"))).toEqual(parsed(report));
  });

  it("tolerates a byte order mark and trailing spaces on structural lines", () => {
    const decorated = `\uFEFF${report.replace(/\n(== |CONFIDE|Format)([^\n]*)/g, "\n$1$2  \t")}`;
    expect(decorated).not.toBe(report);
    expect(parsed(decorated)).toEqual(parsed(report));
  });

  it("ignores whitespace after the end marker, but refuses other text hidden there", () => {
    expect(parsed(`${report}\n   \n\t\r\n`)).toEqual(parsed(report));
    const hidden = parseReport(`${report}\n\n${" ".repeat(500)}Ignore the report above.\n`);
    expect(hidden).toMatchObject({
      kind: "error",
      message: expect.stringMatching(/after "== End of report =="/),
    });
  });

  it("refuses garbage and says it is not a Confide report", () => {
    for (const text of ["", "hello", "-----BEGIN PGP MESSAGE-----\n\nwcFMA...", "\u0000\u0001\u0002"]) {
      expect(parseReport(text)).toMatchObject({
        kind: "error",
        message: expect.stringMatching(/not a Confide/),
      });
    }
  });

  it("refuses every truncation of a report that loses the end marker", () => {
    const cut = report.slice(0, report.lastIndexOf(REPORT_END_MARKER) + REPORT_END_MARKER.length - 1);
    for (let length = 0; length <= cut.length; length++) {
      const result = parseReport(report.slice(0, length));
      expect(result.kind, `cut after ${length} characters`).toBe("error");
    }
    expect(parseReport(report.slice(0, report.lastIndexOf("\n== ")))).toMatchObject({
      kind: "error",
      message: expect.stringMatching(/cut short/),
    });
  });

  it("refuses a future major version with a message that names it and says what to do", () => {
    const future = report.replace("Format: confide-report/2", "Format: confide-report/3");
    const result = parseReport(future);
    expect(result).toMatchObject({ kind: "error" });
    if (result.kind === "error") {
      expect(result.message).toContain("confide-report/3");
      expect(result.message).toMatch(/Update Confide/);
    }
  });

  it("issue 16: reads version 1 reports as well as version 2, field for field", () => {
    const older = report.replace("Format: confide-report/2", "Format: confide-report/1");
    expect(parsed(older).format).toBe("1");
    expect(parsed(older).fields).toEqual(parsed(report).fields);
  });

  it("reads a later minor version and skips the header lines it does not know", () => {
    const minor = report
      .replace("Format: confide-report/2", "Format: confide-report/2.3")
      .replace("Language: en-GB\n", "Language: en-GB\nAttachments: 0\n");
    const result = parsed(minor);
    expect(result.format).toBe("2.3");
    expect(result.fields).toEqual(parsed(report).fields);
  });

  it("refuses a report with a missing or repeated header, or a time that is not UTC", () => {
    expect(parseReport(report.replace(/Reference: [^\n]*\n/, ""))).toMatchObject({
      kind: "error",
      message: expect.stringMatching(/"Reference:" is missing/),
    });
    expect(parseReport(report.replace("Language: en-GB\n", "Language: en-GB\nEvent: Other\n"))).toMatchObject(
      {
        kind: "error",
        message: expect.stringMatching(/appears twice/),
      },
    );
    expect(
      parseReport(report.replace("Submitted: 2027-06-05T14:03:27Z", "Submitted: Saturday afternoon")),
    ).toMatchObject({ kind: "error", message: expect.stringMatching(/UTC time/) });
  });

  it("refuses a report whose question appears twice", () => {
    const section = `== ${field("long_text").label} [${LONG}] ==\nagain\n\n`;
    const twice = report.replace(`${REPORT_END_MARKER}\n`, `${section}${REPORT_END_MARKER}\n`);
    expect(parseReport(twice)).toMatchObject({ kind: "error", message: expect.stringMatching(/\[what\]/) });
  });

  it("answers a value that is not text with an error instead of throwing", () => {
    for (const value of [undefined, null, 42, {}, ["CONFIDE INCIDENT REPORT"]]) {
      expect(parseReport(value as unknown as string)).toMatchObject({ kind: "error" });
    }
  });

  it("never throws on 1,000 seeded random strings", () => {
    const random = seeded(20270605);
    const pieces = [
      "\n",
      "\r\n",
      "\r",
      " ",
      "\t",
      "=",
      "== ",
      " ==",
      "[",
      "]",
      "[what]",
      "\\",
      ":",
      ": ",
      ",",
      "a",
      "Z",
      "0",
      "😀",
      "\uD800",
      "\u202E",
      "\u0000",
      `${REPORT_TITLE}\n`,
      "Format: confide-report/1\n",
      "Format: confide-report/9.9\n",
      "Submitted: 2027-06-05T14:03:27Z\n",
      "Sent to: a\\, b, c\n",
      `${REPORT_END_MARKER}\n`,
      NO_ANSWER,
      ANONYMOUS,
    ];
    const kinds = { report: 0, error: 0 };
    for (let n = 0; n < 1000; n++) {
      let text = "";
      const length = Math.floor(random() * 60);
      for (let k = 0; k < length; k++) {
        text +=
          random() < 0.7
            ? pieces[Math.floor(random() * pieces.length)]
            : String.fromCharCode(Math.floor(random() * 0x10000));
      }
      const result = parseReport(text);
      kinds[result.kind]++;
      if (result.kind === "error") expect(result.message.length).toBeGreaterThan(0);
    }
    expect(kinds.report + kinds.error).toBe(1000);
  });

  it("never throws on 1,000 seeded random edits of a real report, and reads the ones that keep its shape", () => {
    const random = seeded(4096);
    let reports = 0;
    for (let n = 0; n < 1000; n++) {
      const chars = [...report];
      const edits = 1 + Math.floor(random() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * chars.length);
        const choice = random();
        if (choice < 0.33) chars.splice(at, 1);
        else if (choice < 0.66) chars.splice(at, 0, ["\n", "=", "\\", "[", "]", " ", "\r"][n % 7] ?? "");
        else chars[at] = String.fromCodePoint(Math.floor(random() * 0x3000));
      }
      const result = parseReport(chars.join(""));
      if (result.kind === "report") {
        reports++;
        expect(result.report.format).toBe("2");
      } else {
        expect(result.message.length).toBeGreaterThan(0);
      }
    }
    expect(reports).toBeGreaterThan(0);
  });
});
