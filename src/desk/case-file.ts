import { z } from "zod";
import { rejectUnknownOptions, withoutKeys } from "../options/reject-unknown-options.ts";

/**
 * The case file: what a responder team records about one report (its status, owner, notes, tags,
 * category and outcome) together with the decrypted report itself, so any team member's desk can open
 * it alone. This module writes and reads its plaintext; the desk stores it only encrypted (OpenPGP,
 * case-store.ts). Specified in docs/case-file-format.md; a change a version 1 reader cannot read needs
 * a new major version. Pure: the parser runs on decrypted text from a shared folder, which anyone with
 * write access could have replaced, so it never throws and bounds every field.
 */

/** The format version this module writes. */
export const CASE_FORMAT_VERSION = "1";

/** The first line of every case file: how a person reading it with `gpg --decrypt` recognises one. */
export const CASE_TITLE = "CONFIDE CASE FILE";

const FORMAT_LINE = /^Format: confide-case\/([0-9]+)((?:\.[0-9]+)*)$/;

/** The statuses a case moves through, in order. */
export const CASE_STATUSES = ["new", "acknowledged", "in-progress", "closed"] as const;

/** Where a case stands. */
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** What a tag names: the people and places a report concerns (for patterns across reports). */
export const TAG_KINDS = ["person", "place"] as const;

/**
 * The longest report (decrypted, padding removed) the desk keeps as a case, in characters. The form
 * pads reports to 4 KiB steps and nobody types a megabyte: a larger one is an attack, refused by name.
 */
export const MAX_REPORT_CHARS = 1024 * 1024;

/**
 * The largest case file plaintext, in bytes: the report, its earlier versions and every note at their
 * limits, in UTF-8. Case files are decrypted with this bound (bounded-decrypt.ts), reports with theirs.
 */
export const MAX_CASE_FILE_BYTES = 64 * 1024 * 1024;

/** The longest note, tag, owner, category or outcome accepted. */
export const MAX_NOTE_CHARS = 20_000;
const MAX_SHORT_CHARS = 200;
/** At most this many notes and tags per case. */
export const MAX_NOTES = 500;
export const MAX_TAGS = 200;
/** At most this many earlier versions of a report are kept in one case. */
export const MAX_VERSIONS = 10;

const ISO_TIME = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/)
  .refine((value) => !Number.isNaN(Date.parse(value)), "not a valid time");
const short = z.string().trim().min(1).max(MAX_SHORT_CHARS);

const noteSchema = z.strictObject({
  /** unique within the case, so two desks' notes merge without duplicates */
  id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  at: ISO_TIME,
  author: short,
  text: z.string().min(1).max(MAX_NOTE_CHARS),
});

const tagSchema = z.strictObject({ kind: z.enum(TAG_KINDS), name: short });

/** The case file's fields, as stored (JSON, after the title and format lines). */
export const caseFileSchema = z.strictObject({
  reference: z.string().regex(/^R-[0-9A-Z]{4}-[0-9A-Z]{4}$|^M-[0-9a-f]{16}$/),
  /** the decrypted report, padding removed: attacker-controlled text */
  report: z.string().max(MAX_REPORT_CHARS),
  /**
   * other versions of the report that arrived under the same reference (an edit, or a copy someone
   * altered), oldest first: kept, never dropped, so no version can hide another
   */
  earlierVersions: z.array(z.string().max(MAX_REPORT_CHARS)).max(MAX_VERSIONS).default([]),
  /** when the form service received it, as the export said (untrusted), or null */
  receivedAt: z.string().max(MAX_SHORT_CHARS).nullable(),
  importedAt: ISO_TIME,
  updatedAt: ISO_TIME,
  status: z.enum(CASE_STATUSES),
  acknowledgedAt: ISO_TIME.nullable(),
  closedAt: ISO_TIME.nullable(),
  owner: short.nullable(),
  category: short.nullable(),
  outcome: short.nullable(),
  tags: z.array(tagSchema).max(MAX_TAGS),
  notes: z.array(noteSchema).max(MAX_NOTES),
});

/** One case file. */
export type CaseFile = z.output<typeof caseFileSchema>;
export type CaseNote = CaseFile["notes"][number];
export type CaseTag = CaseFile["tags"][number];

/** What {@link parseCaseFile} returns: never an exception. */
export type ParseCaseFileResult = { kind: "case"; caseFile: CaseFile } | { kind: "error"; message: string };

/**
 * Writes a case file's plaintext: a title line, a format line, a blank line, then its fields as
 * indented JSON (readable with plain `gpg --decrypt`). Throws a TypeError when the case does not
 * match the schema (a programming error: the desk builds cases through its own functions).
 *
 * @param caseFile - the case
 */
export function serializeCaseFile(caseFile: CaseFile): string {
  const checked = caseFileSchema.safeParse(caseFile);
  if (!checked.success) {
    throw new TypeError(`serializeCaseFile: ${checked.error.issues[0]?.path.join(".")}: invalid`);
  }
  return `${CASE_TITLE}\nFormat: confide-case/${CASE_FORMAT_VERSION}\n\n${JSON.stringify(checked.data, null, 2)}\n`;
}

/**
 * Reads a case file's plaintext back (trailing padding ignored). Never throws: anything it cannot
 * read is `{ kind: "error", message }` saying why.
 *
 * @param text - the decrypted case file
 */
export function parseCaseFile(text: string): ParseCaseFileResult {
  try {
    return parse(text);
  } catch (error) {
    // A backstop: parse() is written not to throw.
    return { kind: "error", message: `the case file cannot be read (${(error as Error).message})` };
  }
}

function parse(input: unknown): ParseCaseFileResult {
  const fail = (message: string): ParseCaseFileResult => ({ kind: "error", message });
  if (typeof input !== "string") return fail("expected the decrypted case file as text");
  if (input.length > MAX_CASE_FILE_BYTES) return fail("the case file is too large to be one");
  const text = input.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
  const firstBreak = text.indexOf("\n");
  if (firstBreak < 0 || text.slice(0, firstBreak) !== CASE_TITLE) {
    return fail(`this is not a Confide case file: its first line is not "${CASE_TITLE}"`);
  }
  const secondBreak = text.indexOf("\n", firstBreak + 1);
  const formatLine = text.slice(firstBreak + 1, secondBreak < 0 ? text.length : secondBreak);
  const format = FORMAT_LINE.exec(formatLine);
  if (!format || secondBreak < 0) return fail('line 2 should read "Format: confide-case/1"');
  if (format[1] !== CASE_FORMAT_VERSION) {
    return fail(
      `this case file uses format confide-case/${format[1]}${format[2]}, which this version of Confide cannot read: update Confide`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text.slice(secondBreak + 1));
  } catch {
    return fail("the case's fields are not valid JSON: the file may be damaged");
  }
  const parsed = caseFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(`the case's field "${issue?.path.join(".") || "(all)"}" is not valid (${issue?.message})`);
  }
  return { kind: "case", caseFile: parsed.data };
}

/**
 * A new case for a report just imported.
 *
 * @param options.reference - the report's reference (from inside the report when it has one)
 * @param options.report - the decrypted report text, padding removed
 * @param options.receivedAt - when the form service received it, if the export said
 * @param options.now - the moment of import
 */
export function newCaseFile(options: {
  reference: string;
  report: string;
  receivedAt: string | null;
  now: Date;
}): CaseFile {
  rejectUnknownOptions("newCaseFile", withoutKeys(options, ["reference", "report", "receivedAt", "now"]));
  const at = options.now.toISOString();
  return {
    reference: options.reference,
    report: options.report,
    earlierVersions: [],
    receivedAt: options.receivedAt,
    importedAt: at,
    updatedAt: at,
    status: "new",
    acknowledgedAt: null,
    closedAt: null,
    owner: null,
    category: null,
    outcome: null,
    tags: [],
    notes: [],
  };
}

/** One change a responder makes to a case. */
export type CaseChange =
  | { kind: "status"; status: CaseStatus }
  | { kind: "owner"; owner: string | null }
  | { kind: "category"; category: string | null }
  | { kind: "outcome"; outcome: string | null }
  | { kind: "add-tag"; tag: CaseTag }
  | { kind: "remove-tag"; tag: CaseTag }
  | { kind: "add-note"; id: string; author: string; text: string };

/**
 * Applies one change to a case and returns the new case (the old one is left as it was), or the
 * reason the change is refused (an empty note, a value too long, too many tags).
 *
 * @param caseFile - the case as it is
 * @param change - what the responder did
 * @param now - when
 */
export function applyCaseChange(
  caseFile: CaseFile,
  change: CaseChange,
  now: Date,
): { kind: "changed"; caseFile: CaseFile } | { kind: "refused"; reason: string } {
  const at = now.toISOString();
  const next: CaseFile = { ...caseFile, tags: [...caseFile.tags], notes: [...caseFile.notes], updatedAt: at };
  const optionalText = (value: string | null) => {
    const text = value?.trim() ?? "";
    return text === "" ? null : text;
  };
  switch (change.kind) {
    case "status":
      next.status = change.status;
      if (change.status !== "new") next.acknowledgedAt ??= at;
      next.closedAt = change.status === "closed" ? (caseFile.closedAt ?? at) : null;
      break;
    case "owner":
      next.owner = optionalText(change.owner);
      break;
    case "category":
      next.category = optionalText(change.category);
      break;
    case "outcome":
      next.outcome = optionalText(change.outcome);
      break;
    case "add-tag": {
      const tag = { kind: change.tag.kind, name: change.tag.name.trim().replace(/\s+/g, " ") };
      if (!next.tags.some((t) => sameTag(t, tag))) next.tags.push(tag);
      break;
    }
    case "remove-tag":
      next.tags = next.tags.filter((t) => !sameTag(t, change.tag));
      break;
    case "add-note":
      if (change.text.trim() === "") return { kind: "refused", reason: "the note is empty" };
      next.notes.push({
        id: change.id,
        at,
        author: change.author,
        text: change.text.replace(/\r\n?/g, "\n"),
      });
      break;
  }
  const checked = caseFileSchema.safeParse(next);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { kind: "refused", reason: `${issue?.path.join(".")}: ${issue?.message}` };
  }
  return { kind: "changed", caseFile: checked.data };
}

/**
 * Two tags are the same when their kinds match and their names match ignoring case, width and spacing:
 * "Room 2", "room  2" and "ＲＯＯＭ 2" are one place.
 */
export function sameTag(a: CaseTag, b: CaseTag): boolean {
  return a.kind === b.kind && tagKey(a.name) === tagKey(b.name);
}

/** A tag's name as tags are compared: NFKC, lower case, single spaces. */
export function tagKey(name: string): string {
  return name.normalize("NFKC").toLowerCase().trim().replace(/\s+/g, " ");
}

/**
 * Merges the case as another desk saved it with this desk's copy: the notes, tags and report versions
 * of both (notes by id), and the other fields from the copy changed last. Two responders editing at once lose nothing
 * they wrote.
 *
 * @param ours - this desk's copy
 * @param theirs - the copy in the folder
 */
export function mergeCaseFiles(ours: CaseFile, theirs: CaseFile): CaseFile {
  const newer = theirs.updatedAt > ours.updatedAt ? theirs : ours;
  const notes = [...ours.notes];
  for (const note of theirs.notes) if (!notes.some((n) => n.id === note.id)) notes.push(note);
  notes.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const tags = [...ours.tags];
  for (const tag of theirs.tags) if (!tags.some((t) => sameTag(t, tag))) tags.push(tag);
  const older = newer === theirs ? ours : theirs;
  const versions = [...newer.earlierVersions];
  for (const text of [...older.earlierVersions, older.report]) {
    if (text !== newer.report && !versions.includes(text)) versions.push(text);
  }
  // When the two hold more than a case keeps, the versions both copies hold (in the case before the
  // two desks parted: the reporter's own among them) come first. Anyone who knows a reference can send
  // versions under it; dropping the oldest would let them crowd the reporter's report out of its case.
  const inBoth = (text: string) =>
    (text === ours.report || ours.earlierVersions.includes(text)) &&
    (text === theirs.report || theirs.earlierVersions.includes(text));
  return {
    ...newer,
    earlierVersions: [...versions.filter(inBoth), ...versions.filter((text) => !inBoth(text))].slice(
      0,
      MAX_VERSIONS,
    ),
    notes: notes.slice(0, MAX_NOTES),
    tags: tags.slice(0, MAX_TAGS),
    importedAt: ours.importedAt < theirs.importedAt ? ours.importedAt : theirs.importedAt,
  };
}
