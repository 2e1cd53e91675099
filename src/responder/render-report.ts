import { type ParsedReport, parseReport } from "../report/report-format.ts";
import { describeLocation, type FoundMessage } from "./find-messages.ts";

/**
 * A decrypted report made readable: for the terminal (text) and for a file (Markdown). The plaintext,
 * and everything posted in the clear next to it, is attacker-controlled: anyone can encrypt anything
 * to a published key, and anyone can post to a form. So every piece of it is shown with its control
 * characters escaped, answers are indented (terminal) or fenced (Markdown) so no answer can pass for
 * a label, and file names are built from a few safe characters only. Pure.
 */

/** A decrypted message, read as a report or, when it is not one, kept as text. */
export type ReadableReport =
  | { kind: "report"; message: FoundMessage; report: ParsedReport }
  | { kind: "raw"; message: FoundMessage; text: string; reason: string };

/** C0 controls except tab and line feed, DEL, and C1 controls (ESC and CSI among them). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Answers are indented by this in the terminal: a reporter's line can never start where a label does. */
const INDENT = "    ";

/**
 * Replaces control characters (C0 except tab and line feed, DEL, C1; ESC among them) with visible
 * escapes such as `\x1B`, so decrypted text cannot move the cursor, recolour or rewrite the terminal.
 * Everything else, right-to-left text and direction marks included, is kept as it is.
 *
 * @param text - untrusted text
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(
    CONTROL,
    (char) => `\\x${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}

/**
 * Reads a decrypted plaintext as a report (see docs/report-format.md), or keeps it as text with the
 * reason it is not one.
 *
 * @param options.message - the message it was decrypted from
 * @param options.plaintext - the decrypted text
 */
export function readDecrypted(options: { message: FoundMessage; plaintext: string }): ReadableReport {
  const parsed = parseReport(options.plaintext);
  if (parsed.kind === "report") return { kind: "report", message: options.message, report: parsed.report };
  return {
    kind: "raw",
    message: options.message,
    // Padding (or any trailing blank space) is not worth a screenful of blank lines.
    text: options.plaintext
      .replace(/^\uFEFF/, "")
      .replace(/\r\n/g, "\n")
      .trimEnd(),
    reason: parsed.message,
  };
}

/** The facts shown above a report, as label and value, values untrusted and not yet escaped. */
function facts(readable: ReadableReport): Array<[string, string]> {
  const { message } = readable;
  const rows: Array<[string, string]> = [];
  if (readable.kind === "report") {
    const { report } = readable;
    rows.push(["Event", report.event], ["Submitted", report.submittedAt]);
  }
  if (message.receivedAt) rows.push(["Received", message.receivedAt]);
  if (readable.kind === "report") {
    rows.push(["Language", readable.report.language], ["Sent to", readable.report.recipients.join(", ")]);
  } else if (message.reference) {
    rows.push(["Posted reference", message.reference]);
  }
  rows.push(["From", describeLocation(message)]);
  // Values posted in the clear (a CSV cell) may hold line breaks; a fact stays on its line.
  return rows.map(([label, value]) => [label, value.replace(/\s*[\r\n\u2028\u2029]+\s*/g, " ")]);
}

/** A note when the reference posted in the clear is not the one inside the encrypted report. */
function referenceNote(readable: ReadableReport): string | undefined {
  if (readable.kind !== "report") return undefined;
  const posted = readable.message.reference;
  if (posted === undefined || posted === readable.report.reference) return undefined;
  return (
    `the reference posted with this message (${posted}) is not the one inside the report ` +
    `(${readable.report.reference}): trust the one inside; the message may have been copied from another submission.`
  );
}

/** How to show a report. */
export interface RenderOptions {
  /**
   * The questions as the site's own language words them, by id (`_data/report.yaml`): a report sent
   * from a translated form shows each one under the label the reporter saw.
   */
  labels?: Readonly<Record<string, string>>;
}

/** The site's own wording of a question, when it differs from the label the report carries. */
function siteLabel(options: RenderOptions, field: { id: string; label: string }): string | null {
  const label =
    options.labels && Object.hasOwn(options.labels, field.id) ? options.labels[field.id] : undefined;
  return label && label !== field.label ? label : null;
}

/**
 * A report for the terminal: a heading line with the reference, the facts (event, times, language,
 * recipients, where it came from), then each question's label and id with the answer indented below it.
 * With `labels`, a question whose label differs (a report in another language) gets the site's own
 * wording on the next line, after "= ". Control characters are escaped.
 *
 * @param readable - from {@link readDecrypted}
 * @param options.labels - the site's own wording of each question, by id
 */
export function renderReportText(readable: ReadableReport, options: RenderOptions = {}): string {
  const lines: string[] = [];
  lines.push(
    readable.kind === "report"
      ? `=== Report ${readable.report.reference} ===`
      : "=== Decrypted message (not a readable Confide report) ===",
  );
  const rows = facts(readable);
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  for (const [label, value] of rows) lines.push(`${`${label}:`.padEnd(width)}${value}`);
  const note = referenceNote(readable);
  if (note) lines.push(`Note: ${note}`);
  lines.push("");
  if (readable.kind === "report") {
    for (const field of readable.report.fields) {
      lines.push(`${field.label} [${field.id}]`);
      const own = siteLabel(options, field);
      if (own) lines.push(`  = ${own}`);
      const answer = field.answer ?? "(no answer)";
      for (const line of answer.split("\n")) lines.push(line === "" ? "" : `${INDENT}${line}`);
      lines.push("");
    }
  } else {
    lines.push(`Note: ${readable.reason}. The decrypted text follows as it is:`, "");
    for (const line of readable.text.split("\n")) lines.push(line === "" ? "" : `${INDENT}${line}`);
    lines.push("");
  }
  return `${escapeControlCharacters(lines.join("\n"))}\n`;
}

/** Backslash before every ASCII punctuation character Markdown could read as markup. */
function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&:]/g, "\\$&");
}

/** A fenced code block that no run of backticks in `text` can close early. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

/**
 * A report as a Markdown file: a title with the reference, the facts as a list, then one heading per
 * question with the answer in a fenced block, so that a link, image or HTML a reporter typed shows as
 * text (a Markdown preview would otherwise fetch an image and tell its sender the report was read).
 * With `labels`, the site's own wording of a question in another language follows its heading.
 * Control characters are escaped.
 *
 * @param readable - from {@link readDecrypted}
 * @param options.labels - the site's own wording of each question, by id
 */
export function renderReportMarkdown(readable: ReadableReport, options: RenderOptions = {}): string {
  const parts: string[] = [];
  parts.push(
    readable.kind === "report"
      ? `# Report ${markdownText(readable.report.reference)}`
      : "# Decrypted message (not a readable Confide report)",
  );
  parts.push(
    facts(readable)
      .map(([label, value]) => `- ${label}: ${markdownText(value)}`)
      .join("\n"),
  );
  const note = referenceNote(readable);
  if (note) parts.push(`> Note: ${markdownText(note)}`);
  if (readable.kind === "report") {
    for (const field of readable.report.fields) {
      parts.push(`## ${markdownText(field.label)} \\[${field.id}\\]`);
      const own = siteLabel(options, field);
      if (own) parts.push(`= ${markdownText(own)}`);
      parts.push(field.answer === null ? "*(no answer)*" : fenced(field.answer));
    }
  } else {
    parts.push(`> Note: ${markdownText(readable.reason)}. The decrypted text follows as it is.`);
    parts.push(fenced(readable.text));
  }
  return `${escapeControlCharacters(parts.join("\n\n"))}\n`;
}

/** Letters, digits and hyphens only, at most 40 of them: nothing that can leave the folder or hide. */
function safeName(text: string | undefined): string {
  return (text ?? "").replace(/[^A-Za-z0-9-]/g, "").slice(0, 40);
}

/**
 * The file name for a report: `<date>-<reference>.md`, such as `2027-06-05-R-7K2M-9QXD.md`. The date is
 * the report's submission date (or, for text that is not a report, the date the form service
 * received it); the reference is the report's own (or the one posted with it). Built from letters,
 * digits and hyphens only, whatever the report says.
 *
 * @param readable - from {@link readDecrypted}
 */
export function reportFileName(readable: ReadableReport): string {
  const { message } = readable;
  const dateSource = readable.kind === "report" ? readable.report.submittedAt : (message.receivedAt ?? "");
  const date = /^(\d{4}-\d{2}-\d{2})/.exec(dateSource)?.[1] ?? "undated";
  const reference =
    (readable.kind === "report" ? safeName(readable.report.reference) : "") ||
    safeName(message.reference) ||
    `message-${message.row}`;
  return `${date}-${reference}.md`;
}
