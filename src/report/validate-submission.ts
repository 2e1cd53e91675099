import {
  type KeyID,
  PublicKeyEncryptedSessionKeyPacket,
  readMessage,
  SymEncryptedIntegrityProtectedDataPacket,
} from "openpgp";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import {
  dearmorMessage,
  listPackets,
  MAX_RECIPIENT_PACKETS,
  PACKET_TAG as TAG,
  WILDCARD_KEY_ID,
} from "./message-packets.ts";
import { READABLE_FORMAT_VERSIONS, REPORT_FORMAT_VERSION } from "./report-format.ts";
import { REFERENCE_PATTERN } from "./report-reference.ts";
import { SUBMISSION_FIELDS, type Submission } from "./submission.ts";

/**
 * Checks a posted report before anything stores or forwards it: the body has exactly the fields of the
 * submission contract, and the ciphertext is an OpenPGP message encrypted to public keys and nothing
 * else. Shared by the local inbox and the functions/ hook, so it uses only web APIs and openpgp (no fs,
 * no Buffer). Errors never quote the body: they are safe to show to the reporter and to log.
 */

/** The largest armored ciphertext accepted, in bytes (a padded report is a few KiB; attachments may come). */
export const MAX_CIPHERTEXT_BYTES = 2 * 1024 * 1024;

/** The largest request body worth reading: the ciphertext limit plus room for the JSON around it. */
export const MAX_SUBMISSION_BYTES = MAX_CIPHERTEXT_BYTES + 16 * 1024;

/** The submission format version the form sends (the `version` field). */
export const SUBMISSION_VERSION = REPORT_FORMAT_VERSION;

/**
 * The versions accepted: the current one and every earlier one, so a page loaded before a deployment
 * can still send (version 1 hid its recipients; version 2 names them unless the site hides them).
 */
export const ACCEPTED_SUBMISSION_VERSIONS: readonly string[] = READABLE_FORMAT_VERSIONS;

/** One problem, shaped like Formspree's own errors (`{ errors: [{ code, field, message }] }`), so any Formspree client reads it. */
export interface SubmissionProblem {
  /** a stable code for programs: Formspree's own where one fits (BLOCKED, TYPE_TEXT, …), ours otherwise */
  code: string;
  /** the body field at fault, when there is one */
  field?: string;
  /** plain English a reporter can be shown */
  message: string;
}

/** What {@link validateSubmission} decided. */
export type SubmissionValidation =
  | { kind: "valid"; submission: Submission }
  | { kind: "invalid"; status: 400 | 413 | 422; errors: SubmissionProblem[] };

/** Options for {@link validateSubmission}. */
export interface ValidateSubmissionOptions {
  /**
   * Lowercase hex key ids (16 digits) of the roster's encryption subkeys. When given, a message may
   * name these recipients as well as hidden ones; when absent, only hidden recipients are accepted.
   */
  receivingKeyIds?: readonly string[];
  /**
   * The most recipients a message may name: the roster's receiving responders (hidden mode pads every
   * copy to exactly that many with decoys). Default and ceiling {@link MAX_RECIPIENT_PACKETS}.
   */
  maxRecipients?: number;
}

const NOT_STORED = "so it was not accepted: nothing was stored.";
const RESEND = "Reload the report page and send the report again.";

/** Packets that carry or sign readable content: their presence at top level means plaintext. */
const PLAINTEXT_TAGS = new Set<number>([
  TAG.literalData,
  TAG.compressedData,
  TAG.signature,
  TAG.onePassSignature,
]);

// Parse strictly, whatever another module sets in openpgp's global config.
const READ_CONFIG = {
  enforceGrammar: true,
  ignoreUnsupportedPackets: false,
  ignoreMalformedPackets: false,
  additionalAllowedPackets: [],
};

const problems = {
  notEncrypted: {
    code: "NOT_ENCRYPTED",
    field: SUBMISSION_FIELDS.ciphertext,
    message: `The report was not encrypted, ${NOT_STORED}`,
  },
  partlyEncrypted: {
    code: "NOT_ENCRYPTED",
    field: SUBMISSION_FIELDS.ciphertext,
    message: `Part of the report was not encrypted, ${NOT_STORED}`,
  },
  damaged: {
    code: "DAMAGED_CIPHERTEXT",
    field: SUBMISSION_FIELDS.ciphertext,
    message: `The encrypted report arrived damaged or incomplete, ${NOT_STORED} ${RESEND}`,
  },
  armorHeaders: {
    code: "ARMOR_HEADERS",
    field: SUBMISSION_FIELDS.ciphertext,
    message: `The encrypted report carried readable headers (such as "Comment:") that could hold unencrypted text, ${NOT_STORED}`,
  },
  password: {
    code: "PASSWORD_ENCRYPTED",
    field: SUBMISSION_FIELDS.ciphertext,
    message: `The report was encrypted with a password instead of the responders' keys, ${NOT_STORED} ${RESEND}`,
  },
  outdated: {
    code: "OUTDATED_ENCRYPTION",
    field: SUBMISSION_FIELDS.ciphertext,
    message: `The report was encrypted in an outdated way that does not protect it against tampering, ${NOT_STORED} ${RESEND}`,
  },
  unexpected: {
    code: "UNEXPECTED_CONTENT",
    field: SUBMISSION_FIELDS.ciphertext,
    message: `The encrypted report held more than one message encrypted to the responders' keys, or something else besides, ${NOT_STORED} ${RESEND}`,
  },
  recipientsNotHidden: {
    code: "RECIPIENTS_NOT_HIDDEN",
    field: SUBMISSION_FIELDS.ciphertext,
    message: `The report named the keys it was encrypted to instead of hiding them, ${NOT_STORED} ${RESEND}`,
  },
  tooManyRecipients: {
    code: "TOO_MANY_RECIPIENTS",
    field: SUBMISSION_FIELDS.ciphertext,
    message: `The report was encrypted to more people than this event has responders, ${NOT_STORED} Reload the report page to get the responders' current keys, then send the report again.`,
  },
  unknownRecipient: {
    code: "UNKNOWN_RECIPIENT",
    field: SUBMISSION_FIELDS.ciphertext,
    message: `The report was encrypted to a key that does not belong to any of this event's responders, ${NOT_STORED} Reload the report page to get the responders' current keys, then send the report again.`,
  },
} satisfies Record<string, SubmissionProblem>;

/**
 * Decides whether a posted body may be stored or forwarded. Checks, in order: the body is a JSON object
 * with only `ciphertext`, `reference`, `version` and `_gotcha`, each a string (400 otherwise); the
 * ciphertext fits {@link MAX_CIPHERTEXT_BYTES} (413); then, all reported together (422), the reference
 * matches `REFERENCE_PATTERN`, the version is one of {@link ACCEPTED_SUBMISSION_VERSIONS}, the `_gotcha` honeypot is empty
 * (a filled one is refused with a visible 422 BLOCKED rather than a silent success, so a person whose
 * browser autofilled it is never told a report was sent when it was dropped), and the ciphertext is
 * an armored PGP MESSAGE made of one or more public-key encrypted session keys followed by one
 * integrity-protected encrypted data packet (SEIPD v1 or v2) and nothing else, at most `maxRecipients`
 * session keys, each for a hidden recipient or one of `receivingKeyIds`.
 *
 * @param body - the parsed JSON body, untrusted
 * @param options - see {@link ValidateSubmissionOptions}; unknown options throw
 * @returns `valid` with the submission, or `invalid` with an HTTP status and Formspree-shaped errors
 */
export async function validateSubmission(
  body: unknown,
  options: ValidateSubmissionOptions = {},
): Promise<SubmissionValidation> {
  const { receivingKeyIds, maxRecipients } = checkOptions(options);

  const shape = checkShape(body);
  if (shape.kind === "invalid") return shape;
  const submission = shape.submission;

  if (utf8Length(submission.ciphertext) > MAX_CIPHERTEXT_BYTES)
    return {
      kind: "invalid",
      status: 413,
      errors: [
        {
          code: "CIPHERTEXT_TOO_BIG",
          field: SUBMISSION_FIELDS.ciphertext,
          message: `The encrypted report is larger than ${MAX_CIPHERTEXT_BYTES / 1024 / 1024} MiB, ${NOT_STORED} Shorten the report and send it again.`,
        },
      ],
    };

  const errors: SubmissionProblem[] = [];
  if (!REFERENCE_PATTERN.test(submission.reference))
    errors.push({
      code: "INVALID_REFERENCE",
      field: SUBMISSION_FIELDS.reference,
      message: `The report reference is not in the form R-XXXX-XXXX, ${NOT_STORED} ${RESEND}`,
    });
  if (!ACCEPTED_SUBMISSION_VERSIONS.includes(submission.version))
    errors.push({
      code: "UNSUPPORTED_VERSION",
      field: SUBMISSION_FIELDS.version,
      message: `The report was made by a different version of the report form, ${NOT_STORED} ${RESEND}`,
    });
  if (submission._gotcha)
    errors.push({
      code: "BLOCKED",
      message: `A field that people leave empty (it catches automated spam) was filled in, ${NOT_STORED} If you filled in the form yourself, turn off autofill for this page and send the report again, or use the direct contacts.`,
    });
  if (submission.ciphertext === "")
    errors.push({
      code: "REQUIRED_FIELD_EMPTY",
      field: SUBMISSION_FIELDS.ciphertext,
      message: `The report was empty, ${NOT_STORED} ${RESEND}`,
    });
  else {
    const problem = await checkCiphertext(submission.ciphertext, receivingKeyIds, maxRecipients);
    if (problem) errors.push(problem);
  }

  return errors.length > 0 ? { kind: "invalid", status: 422, errors } : { kind: "valid", submission };
}

/** Rejects unknown options (a programming mistake, so it throws) and normalises them. */
function checkOptions(options: ValidateSubmissionOptions): {
  receivingKeyIds: ReadonlySet<string> | undefined;
  maxRecipients: number;
} {
  const { receivingKeyIds, maxRecipients = MAX_RECIPIENT_PACKETS, ...rest } = options;
  rejectUnknownOptions("validateSubmission", rest);
  if (!Number.isSafeInteger(maxRecipients) || maxRecipients < 1)
    throw new TypeError(
      `validateSubmission: maxRecipients must be a whole number from 1, not ${maxRecipients}`,
    );
  const bound = Math.min(maxRecipients, MAX_RECIPIENT_PACKETS);
  if (receivingKeyIds === undefined) return { receivingKeyIds: undefined, maxRecipients: bound };
  const ids = receivingKeyIds.map((id) => id.toLowerCase());
  const bad = ids.find((id) => !/^[0-9a-f]{16}$/.test(id));
  if (bad !== undefined)
    throw new TypeError(
      `validateSubmission: receivingKeyIds holds "${bad}", which is not a 16-digit hex key id`,
    );
  return { receivingKeyIds: new Set(ids), maxRecipients: bound };
}

/** The 400s: the body must be the contract's object, with string values. Names of unknown fields are not echoed. */
function checkShape(
  body: unknown,
): { kind: "valid"; submission: Submission } | (SubmissionValidation & { kind: "invalid" }) {
  if (!isPlainObject(body))
    return {
      kind: "invalid",
      status: 400,
      errors: [
        {
          code: "INVALID_BODY",
          message: `The report did not arrive as the form sends it (a JSON object), ${NOT_STORED} ${RESEND}`,
        },
      ],
    };
  const known = new Set<string>(Object.values(SUBMISSION_FIELDS));
  const errors: SubmissionProblem[] = [];
  if (Object.keys(body).some((key) => !known.has(key)))
    errors.push({
      code: "UNKNOWN_FIELD",
      message: `The report carried fields other than ${[...known].join(", ")}, which could hold unencrypted text, ${NOT_STORED} ${RESEND}`,
    });
  const { ciphertext, reference, version, honeypot } = SUBMISSION_FIELDS;
  for (const field of [ciphertext, reference, version, honeypot]) {
    const value = body[field];
    if (value === undefined) {
      if (field !== honeypot)
        errors.push({
          code: "REQUIRED_FIELD_MISSING",
          field,
          message: `The report arrived without its ${field}, ${NOT_STORED} ${RESEND}`,
        });
    } else if (typeof value !== "string")
      errors.push({
        code: "TYPE_TEXT",
        field,
        message: `The report's ${field} was not text, ${NOT_STORED} ${RESEND}`,
      });
  }
  if (errors.length > 0) return { kind: "invalid", status: 400, errors };
  const submission: Submission = {
    ciphertext: body[ciphertext] as string,
    reference: body[reference] as string,
    version: body[version] as string,
  };
  if (body[honeypot] !== undefined) submission._gotcha = body[honeypot] as string;
  return { kind: "valid", submission };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** UTF-8 byte length without encoding huge strings: UTF-8 never takes fewer bytes than UTF-16 code units. */
function utf8Length(text: string): number {
  return text.length > MAX_CIPHERTEXT_BYTES ? text.length : new TextEncoder().encode(text).length;
}

/** The ciphertext's first problem, or null when it is an acceptable encrypted message. */
async function checkCiphertext(
  text: string,
  receivingKeyIds: ReadonlySet<string> | undefined,
  maxRecipients: number,
): Promise<SubmissionProblem | null> {
  const dearmored = dearmorMessage(text);
  if (dearmored.kind === "not-armored") return problems.notEncrypted;
  if (dearmored.kind === "armor-headers") return problems.armorHeaders;
  if (dearmored.kind === "damaged") return problems.damaged;
  const armor = dearmored.bytes;

  // openpgp silently drops marker, trust and padding packets (and ignores text around the armor), so
  // the top-level sequence is read here first: anything besides PKESKs and one SEIPD is refused.
  const tags = listPackets(armor)?.map((frame) => frame.tag);
  if (!tags) return problems.damaged;
  if (tags.some((tag) => PLAINTEXT_TAGS.has(tag)))
    return tags.includes(TAG.symEncryptedIntegrityProtectedData)
      ? problems.partlyEncrypted
      : problems.notEncrypted;
  if (tags.includes(TAG.symEncryptedSessionKey)) return problems.password;
  if (tags.includes(TAG.symmetricallyEncryptedData) || tags.includes(TAG.aeadEncryptedData))
    return problems.outdated;
  const last = tags.length - 1;
  const shaped =
    last >= 1 &&
    tags[last] === TAG.symEncryptedIntegrityProtectedData &&
    tags.slice(0, last).every((tag) => tag === TAG.publicKeyEncryptedSessionKey);
  if (!shaped) return problems.unexpected;
  // Counted from the framing, before openpgp parses (and the key ids are compared for) each packet.
  if (last > maxRecipients) return problems.tooManyRecipients;

  let packets: readonly unknown[];
  try {
    packets = (await readMessage({ binaryMessage: armor, config: READ_CONFIG })).packets;
  } catch {
    return problems.damaged;
  }
  if (packets.length !== tags.length) return problems.unexpected;
  const data = packets[last];
  const sessionKeys = packets.slice(0, last);
  if (
    !(data instanceof SymEncryptedIntegrityProtectedDataPacket) ||
    !sessionKeys.every((packet) => packet instanceof PublicKeyEncryptedSessionKeyPacket)
  )
    return problems.unexpected;

  // openpgp's typings hide these fields; they are stable parts of the parsed packets.
  const dataVersion = (data as unknown as { version: number }).version;
  for (const packet of sessionKeys as unknown as Array<{ version: number; publicKeyID: KeyID }>) {
    // RFC 9580 §5.1: a v3 PKESK precedes a v1 SEIPD, a v6 PKESK a v2 SEIPD.
    if (!((packet.version === 3 && dataVersion === 1) || (packet.version === 6 && dataVersion === 2)))
      return problems.damaged;
    const keyId = packet.publicKeyID.toHex();
    if (keyId === WILDCARD_KEY_ID) continue;
    if (!receivingKeyIds) return problems.recipientsNotHidden;
    if (!receivingKeyIds.has(keyId)) return problems.unknownRecipient;
  }
  return null;
}
