/**
 * The readable text inside an email (an `.eml` file, or a message saved from a mail client): its
 * headers read, its MIME parts walked, quoted-printable and base64 bodies decoded, HTML turned back into
 * text. Enough to find the armored reports in a form notification; not a general mail parser. Pure and
 * platform-neutral; never throws on what it is given.
 */

/** What {@link readEmail} finds in an email. */
export interface EmailText {
  /** the decoded text of every part that holds text, in the order they appear */
  texts: string[];
  /** the email's `Date:` header as ISO 8601 (UTC), when it has a readable one */
  date?: string;
}

/** Header names that only an email starts with: how {@link looksLikeEmail} tells one from pasted text. */
const MAIL_HEADERS = new Set([
  "from",
  "to",
  "subject",
  "date",
  "mime-version",
  "content-type",
  "received",
  "return-path",
  "message-id",
  "delivered-to",
  "reply-to",
]);

/** Nested multiparts deeper than this are not opened (a hostile email could nest without end). */
const MAX_DEPTH = 20;

/**
 * Whether a text starts like an email: header lines (`Name: value`) up to a blank line, at least one of
 * them a header every email has (From, To, Subject, Date, MIME-Version, Content-Type, …). An mbox
 * "From " line before them is allowed.
 *
 * @param raw - the whole text
 */
export function looksLikeEmail(raw: string): boolean {
  const text = withoutMboxLine(raw);
  const end = text.search(/\r?\n\r?\n/);
  if (end <= 0) return false;
  const lines = text.slice(0, end).split(/\r?\n/);
  if (!/^[!-9;-~]+:/.test(lines[0] ?? "")) return false;
  let known = 0;
  for (const line of lines) {
    if (/^[ \t]/.test(line)) continue;
    const name = /^([!-9;-~]+):/.exec(line)?.[1];
    if (name === undefined) return false;
    if (MAIL_HEADERS.has(name.toLowerCase())) known++;
  }
  return known > 0;
}

/**
 * Reads an email's text parts. A part that is not multipart and not text (an attachment such as
 * `encrypted.asc`) is decoded too, since an armored message is text whatever its part says.
 *
 * @param raw - the email as saved (.eml), headers included
 */
export function readEmail(raw: string): EmailText {
  const texts: string[] = [];
  const { headers, body } = splitHeaders(withoutMboxLine(raw));
  readPart(headers, body, texts, 0);
  const dateHeader = headers.get("date");
  const time = dateHeader === undefined ? Number.NaN : Date.parse(dateHeader);
  return Number.isNaN(time) ? { texts } : { texts, date: new Date(time).toISOString() };
}

/** A message saved from an mbox starts with a "From sender date" line before its headers. */
function withoutMboxLine(raw: string): string {
  return raw.startsWith("From ") ? raw.slice(raw.indexOf("\n") + 1) : raw;
}

function readPart(headers: Map<string, string>, body: string, texts: string[], depth: number): void {
  const { type, parameters } = contentType(headers.get("content-type"));
  const encoding = (headers.get("content-transfer-encoding") ?? "").trim().toLowerCase();
  if (type.startsWith("multipart/") && parameters.boundary && depth < MAX_DEPTH) {
    for (const part of splitMultipart(body, parameters.boundary)) {
      const inner = splitHeaders(part);
      readPart(inner.headers, inner.body, texts, depth + 1);
    }
    return;
  }
  const text = decodeBody(body, encoding, parameters.charset);
  if (type === "message/rfc822" && depth < MAX_DEPTH) {
    const inner = splitHeaders(text);
    readPart(inner.headers, inner.body, texts, depth + 1);
  } else if (type === "text/html") {
    texts.push(htmlToText(text));
  } else {
    texts.push(text);
  }
}

/** Splits a message or part at its first blank line; header names are lowercased, folded lines joined. */
function splitHeaders(raw: string): { headers: Map<string, string>; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : "";
  const headers = new Map<string, string>();
  let last: string | undefined;
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && last !== undefined) {
      headers.set(last, `${headers.get(last) ?? ""} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    // The first of a repeated header wins (Received: lines repeat; none of them matters here).
    if (!headers.has(last)) headers.set(last, line.slice(colon + 1).trim());
    else last = undefined;
  }
  return { headers, body };
}

function contentType(value: string | undefined): { type: string; parameters: Record<string, string> } {
  const [type = "", ...rest] = (value ?? "text/plain").split(";");
  const parameters: Record<string, string> = {};
  for (const parameter of rest) {
    const equals = parameter.indexOf("=");
    if (equals < 0) continue;
    const name = parameter.slice(0, equals).trim().toLowerCase();
    parameters[name] = parameter
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
  }
  return { type: type.trim().toLowerCase(), parameters };
}

function splitMultipart(body: string, boundary: string): string[] {
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of body.split(/\r?\n/)) {
    const trimmed = line.trimEnd();
    if (trimmed === `--${boundary}--`) break;
    if (trimmed === `--${boundary}`) {
      if (current) parts.push(current.join("\n"));
      current = [];
    } else if (current) {
      current.push(line);
    }
  }
  if (current) parts.push(current.join("\n"));
  return parts;
}

function decodeBody(body: string, encoding: string, charset: string | undefined): string {
  if (encoding === "quoted-printable") return decodeBytes(quotedPrintableBytes(body), charset);
  if (encoding === "base64") {
    try {
      const binary = atob(body.replace(/[^A-Za-z0-9+/=]/g, ""));
      return decodeBytes(
        Uint8Array.from(binary, (char) => char.charCodeAt(0)),
        charset,
      );
    } catch {
      return body;
    }
  }
  return body;
}

/** Quoted-printable (RFC 2045): `=` at a line's end joins it to the next, `=XX` is one byte. */
function quotedPrintableBytes(body: string): Uint8Array {
  const text = body.replace(/[ \t]*=\r?\n/g, "");
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    const hex = text.slice(i + 1, i + 3);
    if (char === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      for (const byte of encoder.encode(char)) bytes.push(byte);
    }
  }
  return Uint8Array.from(bytes);
}

function decodeBytes(bytes: Uint8Array, charset: string | undefined): string {
  try {
    return new TextDecoder(charset?.trim() || "utf-8").decode(bytes);
  } catch {
    // An unknown charset: armored text is ASCII, so UTF-8 reads it whatever the label says.
    return new TextDecoder("utf-8").decode(bytes);
  }
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** HTML back to text: line breaks where the markup breaks lines, other tags dropped, entities decoded. */
function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<br\s*\/?>|<\/(p|div|tr|li|h[1-6]|pre|table)\s*>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name: string) => {
      if (name.startsWith("#")) {
        const code =
          name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
      }
      return ENTITIES[name.toLowerCase()] ?? entity;
    });
}
