import { looksLikeEmail, readEmail } from "./email-text.ts";
import { parseCsv } from "./parse-csv.ts";

/**
 * Finds the encrypted reports in what a responder has: an armored message file, a Formspree CSV or
 * JSON export, an email or pasted text, a local inbox record. Pure: it reads text handed to it and
 * never throws; reading files and folders is read-inputs.ts's job.
 */

/** How a text was read; it also names what a row number counts (see {@link describeLocation}). */
export type InputFormat = "csv" | "json" | "email" | "text";

/** One armored message found, with what the text around it says about it. */
export interface FoundMessage {
  /** the input it came from, as the user named it (a path, or "stdin") */
  source: string;
  /** how the input was read */
  format: InputFormat;
  /**
   * Where in the input, from 1: the CSV record (the header row is 1, as in a spreadsheet), the JSON
   * submission (its place in its array), or the armored block in an email or text.
   */
  row: number;
  /** the reference posted in the clear next to the ciphertext, when the input has one (untrusted) */
  reference?: string;
  /** when the form service received it, when the input says (untrusted; as written there) */
  receivedAt?: string;
  /** the message, re-armored from what was found (quote marks and wrapping removed) */
  armored: string;
  /** why the message cannot be whole (e.g. it has no END line), found before any decryption */
  damage?: string;
}

/** A CSV row or JSON submission that holds no armored message (a plaintext post, spam, an empty row). */
export interface SkippedEntry {
  source: string;
  format: InputFormat;
  row: number;
}

/** What {@link findMessages} returns. */
export interface FoundMessages {
  format: InputFormat;
  messages: FoundMessage[];
  skipped: SkippedEntry[];
  /** things wrong with the input as a whole, e.g. a CSV cut short in a quoted cell */
  problems: string[];
}

const BEGIN = "-----BEGIN PGP MESSAGE-----";
const END = "-----END PGP MESSAGE-----";
/** What a report reference looks like in text around a message (see report-reference.ts). */
const REFERENCE_TOKEN = /\bR-[0-9A-Z]{4}-[0-9A-Z]{4}\b/g;
/** Lines of the rebuilt armor: what gpg and openpgp.js both write. */
const ARMOR_LINE = 64;

/**
 * Finds every armored message in one input. The format is told from the content (and the file name's
 * extension when it has one): JSON, a CSV export, an email, or any other text such as a `.asc` file or
 * a pasted block.
 *
 * @param options.text - the input's text
 * @param options.source - the input's name as the user gave it, copied into every message found
 */
export function findMessages(options: { text: string; source: string }): FoundMessages {
  const { source } = options;
  const text = options.text.startsWith("\uFEFF") ? options.text.slice(1) : options.text;
  const extension = /\.([A-Za-z0-9]+)$/.exec(source)?.[1]?.toLowerCase();
  const start = text.trimStart()[0];
  if (start === "{" || start === "[" || extension === "json") {
    const json = tryJson(text);
    if (json.ok) return fromJson(json.value, source);
  }
  if (extension === "csv" || (extension !== "eml" && looksLikeCsv(text))) return fromCsv(text, source);
  if (extension === "eml" || looksLikeEmail(text)) return fromEmail(text, source);
  return fromText(text, source);
}

/**
 * Where a message or skipped entry came from, as a person says it: `export.csv row 17`,
 * `export.json submission 3`, `mail.eml message 1`.
 *
 * @param entry - a found message or skipped entry
 */
export function describeLocation(entry: Pick<FoundMessage, "source" | "format" | "row">): string {
  const unit = { csv: "row", json: "submission", email: "message", text: "message" }[entry.format];
  return `${entry.source} ${unit} ${entry.row}`;
}

/**
 * The armored messages in a text, each re-armored: quote marks (`> `), indentation and JSON string
 * escapes removed, the base64 re-wrapped, armor headers dropped. A block whose END line is missing is returned with
 * `complete: false`.
 *
 * @param text - any text
 */
export function findArmoredBlocks(text: string): Array<{ armored: string; complete: boolean }> {
  const blocks: Array<{ armored: string; complete: boolean }> = [];
  let at = text.indexOf(BEGIN);
  while (at >= 0) {
    const after = at + BEGIN.length;
    const next = text.indexOf(BEGIN, after);
    const end = text.indexOf(END, after);
    const complete = end >= 0 && (next < 0 || end < next);
    const stop = complete ? end : next >= 0 ? next : text.length;
    blocks.push({ armored: rebuildArmor(text.slice(after, stop), complete), complete });
    at = next;
  }
  return blocks;
}

function rebuildArmor(inner: string, complete: boolean): string {
  // A block copied out of a JSON string keeps its escapes: "\n" for line breaks, "\/" for "/".
  // Base64 has no backslash, so they can only be escapes.
  let body = inner.includes("\\") ? inner.replace(/\\[nr]/g, "\n").replaceAll("\\/", "/") : inner;
  // Quote marks ("> ", "> > ") and indentation in front of lines, as a mail client's reply adds them.
  // (Base64 has no ">", so the multi-line search runs only when there is one: decrypt reads thousands.)
  if (body.includes(">") && /^[ \t]*>/m.test(body)) body = body.replace(/^[ \t>]+/gm, "");
  // Armor headers ("Version: …", "Comment: …") come before the first blank line; they are dropped.
  const headers = /^\s*(?:[A-Za-z-]+: [^\r\n]*(?:\r\n|\r|\n|$))+/.exec(body);
  if (headers) body = body.slice(headers[0].length);
  const checksum = trailingChecksum(body);
  const base64 = withoutWhitespace(checksum ? body.slice(0, checksum.at) : body);
  const lines = [BEGIN, ""];
  for (let j = 0; j < base64.length; j += ARMOR_LINE) lines.push(base64.slice(j, j + ARMOR_LINE));
  if (checksum) lines.push(checksum.line);
  if (complete) lines.push(END);
  lines.push("");
  return lines.join("\n");
}

/**
 * The armor's CRC-24 line (`=` and 4 base64 characters, alone after whitespace at the end), and where it
 * starts. A scan from the end, not a regular expression tried at every offset of a long message.
 */
function trailingChecksum(body: string): { line: string; at: number } | undefined {
  const trimmed = body.trimEnd();
  const at = trimmed.length - 5;
  if (at < 0) return undefined;
  const line = trimmed.slice(at);
  if (!/^=[A-Za-z0-9+/]{4}$/.test(line)) return undefined;
  if (at > 0 && !/\s/.test(trimmed.charAt(at - 1))) return undefined;
  return { line, at };
}

/** Text without any whitespace; the common case (only line feeds) without a regular expression. */
function withoutWhitespace(text: string): string {
  const joined = text.split("\n").join("");
  return /\s/.test(joined) ? joined.replace(/\s+/g, "") : joined;
}

/**
 * The message without line breaks: how two copies of one message are recognised, however each was
 * wrapped (a CRC line found in one copy and not in the other still gives the same key). A message is
 * always re-armored by rebuildArmor, whose only other whitespace is in the BEGIN and END lines.
 */
function bodyKey(armored: string): string {
  return armored.replaceAll("\n", "");
}

function messagesIn(
  text: string,
  base: Omit<FoundMessage, "armored" | "row" | "damage">,
  row: number,
): FoundMessage[] {
  return findArmoredBlocks(text).map(({ armored, complete }) => ({
    ...base,
    row,
    armored,
    ...(complete ? {} : { damage: "the message is cut short: its END PGP MESSAGE line is missing" }),
  }));
}

// --- Plain text and email --------------------------------------------------------------------------

function fromText(text: string, source: string): FoundMessages {
  return { format: "text", ...blocksOf([text], source, "text", {}), skipped: [], problems: [] };
}

function fromEmail(raw: string, source: string): FoundMessages {
  const email = readEmail(raw);
  return {
    format: "email",
    ...blocksOf(email.texts, source, "email", email.date ? { receivedAt: email.date } : {}),
    skipped: [],
    problems: [],
  };
}

/**
 * The distinct messages in some texts (an email's text and HTML parts usually hold the same one), each
 * numbered in order. When the texts name exactly one reference and hold one message, it is that
 * message's reference.
 */
function blocksOf(
  texts: string[],
  source: string,
  format: InputFormat,
  extra: { receivedAt?: string },
): { messages: FoundMessage[] } {
  const seen = new Set<string>();
  const messages: FoundMessage[] = [];
  const references = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(REFERENCE_TOKEN)) references.add(match[0]);
    for (const message of messagesIn(text, { source, format, ...extra }, 0)) {
      const key = bodyKey(message.armored);
      if (seen.has(key)) continue;
      seen.add(key);
      messages.push({ ...message, row: messages.length + 1 });
    }
  }
  const [only] = references;
  if (messages.length === 1 && references.size === 1 && only !== undefined && messages[0]) {
    messages[0] = { ...messages[0], reference: only };
  }
  return { messages };
}

// --- CSV -------------------------------------------------------------------------------------------

/** A CSV export: a first line of comma-separated names, and a quoted cell holding an armored message. */
function looksLikeCsv(text: string): boolean {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  return firstLine.includes(",") && !firstLine.includes(BEGIN) && text.includes(`"${BEGIN}`);
}

/** Lowercase letters and digits only: "Submitted At", "submitted_at" and "_submittedAt" all read alike. */
function headerKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

function isReferenceName(name: string): boolean {
  const key = headerKey(name);
  return key === "ref" || key.includes("reference");
}

const DATE_NAMES = new Set([
  "date",
  "time",
  "timestamp",
  "submitted",
  "submittedat",
  "received",
  "receivedat",
  "created",
  "createdat",
  "datetime",
]);

function isDateName(name: string): boolean {
  const key = headerKey(name);
  return DATE_NAMES.has(key) || key.endsWith("date");
}

function fromCsv(text: string, source: string): FoundMessages {
  const { records, problems } = parseCsv(text);
  const [header] = records;
  // A header row names the columns; a file without one starts with a message in its first record.
  const hasHeader = header !== undefined && !header.cells.some((cell) => cell.includes(BEGIN));
  const names = hasHeader ? header.cells : [];
  const referenceColumn = names.findIndex(isReferenceName);
  const dateColumn = names.findIndex(isDateName);
  const messages: FoundMessage[] = [];
  const skipped: SkippedEntry[] = [];
  for (const record of hasHeader ? records.slice(1) : records) {
    const reference = record.cells[referenceColumn]?.trim();
    const receivedAt = record.cells[dateColumn]?.trim();
    const base = {
      source,
      format: "csv" as const,
      ...(reference ? { reference } : {}),
      ...(receivedAt ? { receivedAt } : {}),
    };
    const found = record.cells.flatMap((cell) =>
      cell.includes(BEGIN) ? messagesIn(cell, base, record.number) : [],
    );
    if (found.length > 0) messages.push(...found);
    else if (record.cells.some((cell) => cell.trim() !== "")) {
      skipped.push({ source, format: "csv", row: record.number });
    }
  }
  return { format: "csv", messages, skipped, problems };
}

// --- JSON ------------------------------------------------------------------------------------------

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * How deep a JSON input is searched. Exports are a few levels deep; JSON.parse reads far deeper
 * nesting than a recursive walk can follow, so the walk stops here instead of overflowing the stack.
 */
export const MAX_JSON_SEARCH_DEPTH = 256;

function holdsMessage(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes(BEGIN);
  if (depth >= MAX_JSON_SEARCH_DEPTH) return false;
  if (Array.isArray(value)) return value.some((item) => holdsMessage(item, depth + 1));
  if (isObject(value)) return Object.values(value).some((item) => holdsMessage(item, depth + 1));
  return false;
}

/** The first string (or number, for dates) under a key that `matches`, here or in the enclosing objects. */
function lookUp(chain: readonly JsonObject[], matches: (key: string) => boolean): string | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    for (const [key, value] of Object.entries(chain[i] ?? {})) {
      if (!matches(key)) continue;
      if (typeof value === "string" && value.trim() !== "") return value.trim();
      if (typeof value === "number" && Number.isFinite(value)) return String(value);
    }
  }
  return undefined;
}

/**
 * Walks any JSON: each object with a string property holding an armored message is one submission;
 * its reference and date are read from its own properties or its enclosing objects' (up to the array
 * it is in). The row is the submission's place in its array, from 1. Formspree's export,
 * `{ "fields": [...], "submissions": [{ "_date": …, "ciphertext": …, "reference": … }] }`, the local
 * inbox's records `{ reference, version, ciphertext, receivedAt, formId }` and a bare array of
 * submissions all read alike.
 */
function fromJson(value: unknown, source: string): FoundMessages {
  const messages: FoundMessage[] = [];
  const skipped: SkippedEntry[] = [];
  const problems: string[] = [];
  let counted = 0;

  const visit = (node: unknown, chain: JsonObject[], index: number | undefined, depth: number): void => {
    if (depth >= MAX_JSON_SEARCH_DEPTH) {
      if (problems.length === 0)
        problems.push(
          `it nests deeper than ${MAX_JSON_SEARCH_DEPTH} levels; what lies deeper was not searched`,
        );
      return;
    }
    if (Array.isArray(node)) {
      const holding = node.some(holdsMessage);
      node.forEach((item, i) => {
        if (holding && isObject(item) && !holdsMessage(item)) {
          skipped.push({ source, format: "json", row: i + 1 });
        } else {
          // An array starts a new chain: a submission's fields are never read from a sibling's.
          visit(item, [], i, depth + 1);
        }
      });
      return;
    }
    if (!isObject(node)) return;
    const here = [...chain, node];
    const strings = Object.values(node).filter(
      (v): v is string => typeof v === "string" && v.includes(BEGIN),
    );
    if (strings.length > 0) {
      counted++;
      const row = index === undefined ? counted : index + 1;
      const reference = lookUp(here, isReferenceName);
      const receivedAt = lookUp(here, isDateName);
      const base = {
        source,
        format: "json" as const,
        ...(reference ? { reference } : {}),
        ...(receivedAt ? { receivedAt } : {}),
      };
      const seen = new Set<string>();
      for (const text of strings) {
        for (const message of messagesIn(text, base, row)) {
          const key = bodyKey(message.armored);
          if (seen.has(key)) continue;
          seen.add(key);
          messages.push(message);
        }
      }
    }
    for (const child of Object.values(node)) {
      if (typeof child === "object" && child !== null)
        visit(child, here, Array.isArray(child) ? undefined : index, depth + 1);
    }
  };

  visit(value, [], undefined, 0);
  return { format: "json", messages, skipped, problems };
}
