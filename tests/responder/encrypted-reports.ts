import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { encryptReport } from "../../src/report/encrypt-report.ts";
import { padReport } from "../../src/report/pad-report.ts";
import { type ReportField, reportSchema } from "../../src/report/report-fields.ts";
import { composeReport } from "../../src/report/report-format.ts";
import { EXAMPLE_CONTENT, KEY_FIXTURES, NOW, PROJECT_ROOT } from "../helpers/content-folder.ts";

/**
 * Encrypted reports made at test time, as the report form makes them (compose, pad, encrypt to hidden
 * recipients), and the exports a responder downloads from Formspree.
 */

/** The example site's questions. */
export const FIELDS: ReportField[] = reportSchema.parse(
  parseYaml(readFileSync(join(EXAMPLE_CONTENT, "_data/report.yaml"), "utf8")),
).fields;

/** The demo responder Ada's public and private key (published on purpose: see demo/private-keys). */
export const ADA_PUBLIC = readFileSync(join(EXAMPLE_CONTENT, "keys/ada.asc"), "utf8");
export const ADA_PRIVATE_PATH = join(PROJECT_ROOT, "demo/private-keys/ada.sec.asc");
export const ADA_PRIVATE = readFileSync(ADA_PRIVATE_PATH, "utf8");

/** A key that is not Ada's: reports encrypted only to it are not addressed to her. */
export const OTHER_PUBLIC = readFileSync(join(KEY_FIXTURES, "gpg-ed25519.pub.asc"), "utf8");

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A valid report reference made from a number, so each test report has a known, distinct one. */
export function referenceFor(n: number): string {
  let chars = "";
  let rest = n;
  for (let i = 0; i < 8; i++) {
    chars = ALPHABET.charAt(rest % 32) + chars;
    rest = Math.floor(rest / 32);
  }
  return `R-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/**
 * One report composed, padded and encrypted.
 *
 * @param options.reference - the report's reference
 * @param options.answers - answers by field id
 * @param options.recipientKeys - armored public keys (default: Ada's)
 * @param options.submittedAt - when it was sent (default: 2027-03-01T12:00:00Z)
 * @param options.language - the form's language (default: en-GB)
 * @param options.labels - labels the reporter saw instead of the example's, by field id
 */
export async function encryptedReport(options: {
  reference: string;
  answers?: Record<string, string>;
  recipientKeys?: string[];
  submittedAt?: Date;
  language?: string;
  labels?: Record<string, string>;
}): Promise<string> {
  const plaintext = padReport(
    composeReport({
      fields: FIELDS.map((field) => ({ ...field, label: options.labels?.[field.id] ?? field.label })),
      answers: options.answers ?? { what: `Report ${options.reference}: someone shouted at me.` },
      event: "Tidewater Tech Days 2027",
      reference: options.reference,
      submittedAt: options.submittedAt ?? NOW,
      language: options.language ?? "en-GB",
      recipients: ["Adaeze Okafor"],
    }),
  );
  return encryptReport({ plaintext, recipientKeys: options.recipientKeys ?? [ADA_PUBLIC], now: NOW });
}

/**
 * The message with one base64 character changed in the middle of its encrypted data: it still reads
 * as a message, but no longer decrypts intact.
 */
export function flipBit(armored: string): string {
  const lines = armored.split("\n");
  const middle = Math.floor(lines.length / 2);
  const line = lines[middle] ?? "";
  const replaced = line[10] === "A" ? "B" : "A";
  lines[middle] = `${line.slice(0, 10)}${replaced}${line.slice(11)}`;
  return lines.join("\n");
}

/** The submission of {@link exportRows} that is damaged. */
export const DAMAGED_INDEX = 120;

/** One submission of an export. */
export interface ExportRow {
  reference: string;
  ciphertext: string;
  date: string;
  /** for whom it was encrypted, or that it was damaged on purpose */
  kind: "ada" | "both" | "other" | "damaged";
}

/**
 * `count` submissions, the i-th (from 0): to another key only when i % 16 is 3, to that key and Ada
 * when i % 50 is 7, damaged (one bit flipped) when i is {@link DAMAGED_INDEX}, to Ada otherwise. Of 200:
 * 13 for the other key, 4 for both, 1 damaged, 182 for Ada.
 */
export async function exportRows(count: number): Promise<ExportRow[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const reference = referenceFor(1000 + i);
      const kind: ExportRow["kind"] =
        i === DAMAGED_INDEX ? "damaged" : i % 16 === 3 ? "other" : i % 50 === 7 ? "both" : "ada";
      const recipientKeys =
        kind === "other" ? [OTHER_PUBLIC] : kind === "both" ? [OTHER_PUBLIC, ADA_PUBLIC] : [ADA_PUBLIC];
      const submittedAt = new Date(NOW.getTime() + i * 60_000);
      const ciphertext = await encryptedReport({ reference, recipientKeys, submittedAt });
      return {
        reference,
        ciphertext: kind === "damaged" ? flipBit(ciphertext) : ciphertext,
        date: new Date(submittedAt.getTime() + 2_000).toISOString(),
        kind,
      };
    }),
  );
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * A CSV export as Formspree's dashboard downloads it: a header row with the form's fields and its own
 * columns, CRLF line ends, the ciphertext in a quoted multi-line cell. Extra columns test that columns
 * are found by name.
 */
export function csvExport(rows: readonly ExportRow[]): string {
  const header = ["_date", "ciphertext", "reference", "version", "_gotcha", "page"];
  const lines = [header.join(",")];
  for (const row of rows) {
    lines.push(
      [
        row.date,
        row.ciphertext.replaceAll("\n", "\r\n"),
        row.reference,
        "1",
        "",
        "https://example.org/report/",
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** A JSON export in the shape of Formspree's submissions API: `{ fields, submissions: [...] }`. */
export function jsonExport(rows: readonly ExportRow[]): string {
  return JSON.stringify(
    {
      fields: ["_date", "ciphertext", "reference", "version", "_status"],
      submissions: rows.map((row) => ({
        _date: row.date,
        ciphertext: row.ciphertext,
        reference: row.reference,
        version: "1",
        _status: { "responders@example.org": { delivered: true, processed: true } },
      })),
    },
    null,
    2,
  );
}
