import type { FormField } from "./report-fields.ts";

/**
 * The plaintext format of a report, as a responder reads it with `gpg --decrypt` and as `confide decrypt`
 * parses it back. Specified in docs/report-format.md; any change a version 1 parser cannot read needs a
 * new major version. Pure and platform-neutral: the browser bundle, the CLI and the hook all import it.
 */

/**
 * The format version this module writes; also posted in the clear as the submission's `version`.
 * Version 2 changed the envelope, not the text: recipient key ids are visible by default, and a report
 * that leaves someone out travels as one copy per chosen responder (docs/report-format.md, "Versions").
 */
export const REPORT_FORMAT_VERSION = "2";

/** The major versions this module reads: every one Confide has written. */
export const READABLE_FORMAT_VERSIONS: readonly string[] = ["1", "2"];

/** The first line of every report, in every version: how a person or a tool recognises one. */
export const REPORT_TITLE = "CONFIDE INCIDENT REPORT";

/** The last line of a report. Anything after it is padding. */
export const REPORT_END_MARKER = "== End of report ==";

/** The answer line of a field the reporter left empty. */
export const NO_ANSWER = "(no answer)";

/** The answer line of the contact field when the reporter left it empty. */
export const ANONYMOUS = "(left empty: this report is anonymous)";

const FORMAT_NAME = "confide-report";
const FIELD_ID = /^[a-z][a-z0-9_]*$/;
const HEADING = /^== (.+) \[([a-z][a-z0-9_]*)\] ==$/;
const FORMAT_LINE = /^Format: confide-report\/([0-9]+)((?:\.[0-9]+)*)$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const LINE_BREAKS = /[\n\r\u0085\u2028\u2029]+/u;

const HEADERS = {
  event: "Event",
  reference: "Reference",
  submitted: "Submitted",
  language: "Language",
  recipients: "Sent to",
} as const;

/** The options of {@link composeReport}. */
export interface ComposeReportOptions {
  /** the report's fields, in order, with the labels the reporter saw (from content/_data/report.yaml) */
  fields: readonly FormField[];
  /** the reporter's answers by field id; missing, empty or blank answers read "(no answer)" */
  answers: Readonly<Record<string, string>>;
  /** the event's name, as site.yaml gives it */
  event: string;
  /** the report's reference, e.g. `R-7K2M-9QXD` (see report-reference.ts) */
  reference: string;
  /** when the reporter sent the report; written in UTC to the second */
  submittedAt: Date;
  /** the language of the form the reporter used, a BCP 47 tag such as `en-GB` */
  language: string;
  /** the names of the responders the report is encrypted to, in the order the reporter saw them */
  recipients: readonly string[];
}

/** A report read back from its plaintext. */
export interface ParsedReport {
  /** the format version the report declares, e.g. "1" */
  format: string;
  event: string;
  reference: string;
  /** ISO 8601 in UTC, as written, e.g. "2027-06-05T14:03:27Z" */
  submittedAt: string;
  language: string;
  recipients: string[];
  /** in the report's order; `answer` is null when the reporter left the field empty */
  fields: Array<{ id: string; label: string; answer: string | null }>;
}

/** What {@link parseReport} returns: never an exception. */
export type ParseReportResult = { kind: "report"; report: ParsedReport } | { kind: "error"; message: string };

const COMPOSE_OPTIONS: ReadonlySet<string> = new Set<keyof ComposeReportOptions>([
  "fields",
  "answers",
  "event",
  "reference",
  "submittedAt",
  "language",
  "recipients",
]);

/**
 * An answer as the report carries it: line breaks as LF (CRLF and lone CR become LF) and trailing
 * whitespace removed. An answer that normalizes to "" is unanswered.
 */
export function normalizeAnswer(answer: string): string {
  return answer.replace(/\r\n?/g, "\n").trimEnd();
}

/**
 * Writes a report as the plaintext a responder reads with plain `gpg --decrypt`: a title line, header
 * lines, one section per field in the fields' order, and an end marker. Throws a TypeError on a
 * programming error (an unknown or missing option, a value of the wrong type); never on what the reporter
 * typed.
 *
 * @param options.fields - the report's fields, in order, with the labels the reporter saw
 * @param options.answers - the reporter's answers by field id; answers to other ids are ignored
 * @param options.event - the event's name
 * @param options.reference - the report's reference, e.g. `R-7K2M-9QXD`
 * @param options.submittedAt - when the report was sent (written in UTC, to the second)
 * @param options.language - the language of the form the reporter used, e.g. `en-GB`
 * @param options.recipients - the names of the responders the reporter chose
 */
export function composeReport(options: ComposeReportOptions): string {
  checkComposeOptions(options);
  const { fields, answers, submittedAt, recipients } = options;

  const seen = new Set<string>();
  for (const field of fields) {
    if (!FIELD_ID.test(field.id)) {
      throw new TypeError(`composeReport: field id "${field.id}" must match ${FIELD_ID}`);
    }
    if (seen.has(field.id)) throw new TypeError(`composeReport: field id "${field.id}" appears twice`);
    seen.add(field.id);
  }

  const submitted = submittedAt.toISOString().replace(/\.\d{3}Z$/, "Z");
  if (!ISO_UTC.test(submitted)) {
    throw new TypeError(`composeReport: submittedAt must be between the years 0 and 9999, not ${submitted}`);
  }

  const lines = [
    REPORT_TITLE,
    `Format: ${FORMAT_NAME}/${REPORT_FORMAT_VERSION}`,
    `${HEADERS.event}: ${headerValue("event", options.event)}`,
    `${HEADERS.reference}: ${headerValue("reference", options.reference)}`,
    `${HEADERS.submitted}: ${submitted}`,
    `${HEADERS.language}: ${headerValue("language", options.language)}`,
    `${HEADERS.recipients}: ${recipients.map((name) => escapeName(headerValue("recipients", name))).join(", ")}`,
    "",
  ];
  for (const field of fields) {
    const label = oneLine(field.label) || field.id;
    lines.push(`== ${label} [${field.id}] ==`);
    const raw = Object.hasOwn(answers, field.id) ? answers[field.id] : undefined;
    const answer = typeof raw === "string" ? normalizeAnswer(raw) : "";
    if (answer === "") {
      lines.push(field.contact ? ANONYMOUS : NO_ANSWER);
    } else {
      for (const line of answer.split("\n")) lines.push(needsEscape(line) ? `\\${line}` : line);
    }
    lines.push("");
  }
  lines.push(REPORT_END_MARKER, "");
  return lines.join("\n");
}

function checkComposeOptions(options: ComposeReportOptions): void {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("composeReport: expected one options object");
  }
  for (const key of Object.keys(options)) {
    if (!COMPOSE_OPTIONS.has(key)) {
      throw new TypeError(
        `composeReport: unknown option "${key}" (known: ${[...COMPOSE_OPTIONS].join(", ")})`,
      );
    }
  }
  for (const key of COMPOSE_OPTIONS) {
    if (options[key as keyof ComposeReportOptions] === undefined) {
      throw new TypeError(`composeReport: the option "${key}" is missing`);
    }
  }
  if (!Array.isArray(options.fields)) throw new TypeError("composeReport: fields must be an array");
  if (typeof options.answers !== "object" || options.answers === null) {
    throw new TypeError("composeReport: answers must be an object of answers by field id");
  }
  for (const [id, answer] of Object.entries(options.answers)) {
    if (typeof answer !== "string" && answer !== undefined) {
      throw new TypeError(`composeReport: the answer to "${id}" must be a string`);
    }
  }
  if (!(options.submittedAt instanceof Date) || Number.isNaN(options.submittedAt.getTime())) {
    throw new TypeError("composeReport: submittedAt must be a valid Date");
  }
  if (!Array.isArray(options.recipients) || options.recipients.length === 0) {
    throw new TypeError("composeReport: recipients must name at least one responder");
  }
}

/** A header value on one line; throws when it is not a string or is empty. */
function headerValue(option: string, value: unknown): string {
  if (typeof value !== "string") throw new TypeError(`composeReport: ${option} must be a string`);
  const line = oneLine(value);
  if (line === "") throw new TypeError(`composeReport: ${option} must not be empty`);
  return line;
}

function oneLine(value: string): string {
  return value
    .split(LINE_BREAKS)
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .join(" ");
}

/** In "Sent to", names are separated by ", ": a comma or backslash inside a name is escaped with "\". */
function escapeName(name: string): string {
  return name.replace(/[\\,]/g, (char) => `\\${char}`);
}

/** Body lines a reader or parser could take for structure get one "\" in front, which the parser removes. */
function needsEscape(line: string): boolean {
  return line.startsWith("==") || line.startsWith("\\") || line === NO_ANSWER || line === ANONYMOUS;
}

/**
 * Reads a report's plaintext back into its headers and fields. Accepts LF or CRLF line ends and ignores
 * the padding after the end marker. Runs on untrusted decrypted text, so it never throws: anything it
 * cannot read is a `{ kind: "error", message }` that says why; show the raw text then.
 *
 * @param text - the decrypted plaintext, padding included
 */
export function parseReport(text: string): ParseReportResult {
  try {
    return parse(text);
  } catch (error) {
    // A backstop: parse() is written not to throw.
    return fail(`could not read the report (${error instanceof Error ? error.message : "unexpected error"})`);
  }
}

function fail(message: string): ParseReportResult {
  return { kind: "error", message };
}

/**
 * Structural lines may carry trailing spaces or tabs (added by editors and mail clients). A loop, not a
 * regular expression: /[ \t]+$/ takes quadratic time on a long run of spaces, and the input is hostile.
 */
function structural(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === " " || line[end - 1] === "\t")) end--;
  return end === line.length ? line : line.slice(0, end);
}

function parse(input: unknown): ParseReportResult {
  if (typeof input !== "string") return fail("expected the decrypted report as text");
  const text = input.replace(/^\uFEFF/, "");
  // Only the text up to the end marker is split into lines: the padding after it is most of a short
  // report (a 4 KiB bucket) and only has to be blank.
  const end = endMarkerLine(text);
  const lines = (end === undefined ? text : text.slice(0, end)).replace(/\r\n/g, "\n").split("\n");
  const afterEnd = end === undefined ? "" : text.slice(end);

  if (structural(lines[0] ?? "") !== REPORT_TITLE) {
    return fail(`this is not a Confide report: its first line is not "${REPORT_TITLE}"`);
  }
  const formatLine = structural(lines[1] ?? "");
  const format = FORMAT_LINE.exec(formatLine);
  if (!format) {
    return fail(
      `line 2 should read "Format: ${FORMAT_NAME}/${REPORT_FORMAT_VERSION}"; the report may be damaged`,
    );
  }
  const version = `${format[1]}${format[2]}`;
  if (!READABLE_FORMAT_VERSIONS.includes(format[1] ?? "")) {
    return fail(
      `this report uses format ${FORMAT_NAME}/${version}, which this version of Confide cannot read ` +
        `(it reads ${READABLE_FORMAT_VERSIONS.map((v) => `${FORMAT_NAME}/${v}`).join(" and ")}). Update Confide, or read the report as it is: ` +
        "gpg --decrypt shows it as plain text.",
    );
  }

  // Header lines, up to the first blank line. Unknown names are skipped: a minor version may add some.
  const headers = new Map<string, string>();
  let i = 2;
  while (true) {
    if (i >= lines.length) return truncated();
    const line = structural(lines[i] ?? "");
    if (line === "") break;
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon) : "";
    if (!/^[A-Za-z][A-Za-z -]*$/.test(name) || !(line[colon + 1] === " " || colon === line.length - 1)) {
      return fail(`line ${i + 1} should be a header such as "Event: …", or blank before the first question`);
    }
    if (headers.has(name)) return fail(`line ${i + 1}: the header "${name}" appears twice`);
    headers.set(name, line.slice(colon + 2));
    i++;
  }
  for (const name of Object.values(HEADERS)) {
    if (!headers.has(name)) return fail(`the header "${name}:" is missing`);
  }
  const submittedAt = headers.get(HEADERS.submitted) ?? "";
  if (!ISO_UTC.test(submittedAt) || Number.isNaN(Date.parse(submittedAt))) {
    return fail(`"${HEADERS.submitted}: ${submittedAt}" is not a UTC time such as 2027-06-05T14:03:27Z`);
  }

  const fields: ParsedReport["fields"] = [];
  const ids = new Set<string>();
  let body: string[] | null = null;
  const closeSection = () => {
    const field = fields[fields.length - 1];
    if (!field || !body) return;
    if (body.length > 0 && body[body.length - 1] === "") body.pop();
    if (body.length === 1 && (body[0] === NO_ANSWER || body[0] === ANONYMOUS)) {
      field.answer = null;
    } else {
      const answer = body.map((line) => (line.startsWith("\\") ? line.slice(1) : line)).join("\n");
      field.answer = answer.trim() === "" ? null : answer;
    }
  };

  for (i++; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    const line = structural(raw);
    if (line === REPORT_END_MARKER) {
      closeSection();
      if (!isBlank(afterEnd)) {
        return fail(
          `there is text after "${REPORT_END_MARKER}" (line ${i + 2} on), where only padding belongs; ` +
            "read the report as it is",
        );
      }
      return {
        kind: "report",
        report: {
          format: version,
          event: headers.get(HEADERS.event) ?? "",
          reference: headers.get(HEADERS.reference) ?? "",
          submittedAt,
          language: headers.get(HEADERS.language) ?? "",
          recipients: splitNames(headers.get(HEADERS.recipients) ?? ""),
          fields,
        },
      };
    }
    const heading = HEADING.exec(line);
    if (heading) {
      closeSection();
      const id = heading[2] ?? "";
      if (ids.has(id)) return fail(`line ${i + 1}: the question [${id}] appears twice`);
      ids.add(id);
      fields.push({ id, label: heading[1] ?? "", answer: null });
      body = [];
    } else if (body) {
      body.push(raw);
    } else if (line !== "") {
      return fail(`line ${i + 1} should be a question's heading, such as "== What happened? [what] =="`);
    }
  }
  return truncated();
}

/**
 * Where the first end-marker line ends (after its trailing spaces or tabs, before its line break): a
 * line that is exactly the marker, as structural() reads lines. Undefined when there is none.
 */
function endMarkerLine(text: string): number | undefined {
  for (let at = text.indexOf(REPORT_END_MARKER); at >= 0; at = text.indexOf(REPORT_END_MARKER, at + 1)) {
    if (at > 0 && text[at - 1] !== "\n") continue;
    let after = at + REPORT_END_MARKER.length;
    while (text[after] === " " || text[after] === "\t") after++;
    if (after === text.length || text[after] === "\n" || (text[after] === "\r" && text[after + 1] === "\n"))
      return after;
  }
  return undefined;
}

/**
 * Whether a text holds only spaces, tabs and line breaks (the padding). A search for any other
 * character: measured faster than a loop over the characters on a 4 KiB pad.
 */
function isBlank(text: string): boolean {
  return !/[^ \t\r\n]/.test(text);
}

function truncated(): ParseReportResult {
  return fail(`the report is cut short: its last line, "${REPORT_END_MARKER}", is missing`);
}

function splitNames(value: string): string[] {
  const names: string[] = [];
  let name = "";
  for (let i = 0; i < value.length; i++) {
    const char = value.charAt(i);
    if (char === "\\" && i + 1 < value.length) {
      i++;
      name += value.charAt(i);
    } else if (char === ",") {
      names.push(name);
      name = "";
    } else {
      name += char;
    }
  }
  names.push(name);
  return names.map((n) => n.trim()).filter((n) => n !== "");
}
