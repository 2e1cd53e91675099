import { FORM_ID_PATTERN } from "../site/urls.ts";
import type { Responder } from "./validate-roster.ts";

/**
 * The roster's receiving keys as the submission checks need them: the key ids of the encryption subkeys
 * of every responder who receives reports. A report that names its recipients (instead of hiding them)
 * may name these and no others. The build publishes them for the functions/ hook
 * (`urls.receivingKeyIds`), and `confide serve` hands them to the local inbox, so both accept the same
 * keys; and the form ids it knows (the team's and the personal inboxes), so the hook forwards only to
 * them. Pure: no fs, no openpgp, so the Workers bundle can import the parser.
 */

/**
 * What the published file holds. Version 2 (issue 16) adds the form ids the build knows, so the hook
 * forwards only to them; a version 1 file (from an older build) is still read, without them.
 */
export interface ReceivingKeyIdsDocument {
  version: 2;
  /** Lowercase hex key ids (16 digits), sorted, without duplicates. */
  receivingKeyIds: string[];
  /**
   * How many responders receive reports: the most recipients one message may name (each copy the form
   * sends names at most that many, decoys included in hidden mode), so the hook refuses more.
   */
  receivers: number;
  /** The team inbox's id on the site (site.yaml `form.id`, posted to as `/f/<id>`), or null without a form. */
  teamFormId: string | null;
  /** The receiving responders' personal inboxes (roster.yaml `inbox`), in roster order. */
  personalInboxes: string[];
}

/** The published file, read back (either version). */
export interface HookDocument {
  receivingKeyIds: string[];
  /** the bound on the recipients one message may name */
  receivers: number;
  /** the form ids the build knows, or null when the file predates them (version 1) */
  formIds: { team: string | null; personal: string[] } | null;
}

const KEY_ID = /^[0-9a-f]{16}$/;

/**
 * The encryption subkey ids of the responders who receive reports.
 *
 * @param responders - the validated roster
 * @returns lowercase hex key ids, sorted, without duplicates
 */
export function receivingKeyIds(responders: readonly Responder[]): string[] {
  const ids = responders
    .filter((responder) => responder.receives_reports)
    .flatMap((responder) => responder.publicKey?.encryptionKeyIds ?? [])
    .map((id) => id.toLowerCase());
  return [...new Set(ids)].sort();
}

/**
 * How many responders receive reports: the bound on the recipients one message may name.
 *
 * @param responders - the validated roster
 */
export function receiverCount(responders: readonly Responder[]): number {
  return responders.filter((responder) => responder.receives_reports).length;
}

/**
 * The personal inboxes of the responders who receive reports, in roster order.
 *
 * @param responders - the validated roster
 */
export function personalInboxes(responders: readonly Responder[]): string[] {
  return responders.flatMap((responder) =>
    responder.receives_reports && responder.inbox ? [responder.inbox] : [],
  );
}

/**
 * The published file's text for a roster.
 *
 * @param responders - the validated roster
 * @param teamFormId - site.yaml's `form.id`, or undefined when the site has no form
 */
export function receivingKeyIdsDocument(responders: readonly Responder[], teamFormId?: string): string {
  const document: ReceivingKeyIdsDocument = {
    version: 2,
    receivingKeyIds: receivingKeyIds(responders),
    receivers: receiverCount(responders),
    teamFormId: teamFormId ?? null,
    personalInboxes: personalInboxes(responders),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * Reads a published file back. Anything else than the exact shape of version 1 or 2 gives null, so a
 * damaged or foreign file can never widen what the hook accepts.
 *
 * @param text - the file's text, untrusted
 * @returns the document, or null when the text is not such a document
 */
export function parseReceivingKeysDocument(text: string): HookDocument | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const {
    version,
    receivingKeyIds: ids,
    receivers,
    teamFormId,
    personalInboxes: inboxes,
    ...rest
  } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || !Array.isArray(ids)) return null;
  if (!ids.every((id): id is string => typeof id === "string" && KEY_ID.test(id))) return null;
  if (typeof receivers !== "number" || !Number.isSafeInteger(receivers) || receivers < 1) return null;
  if (version === 1)
    return teamFormId === undefined && inboxes === undefined
      ? { receivingKeyIds: [...ids], receivers, formIds: null }
      : null;
  if (version !== 2) return null;
  const isFormId = (id: unknown): id is string => typeof id === "string" && FORM_ID_PATTERN.test(id);
  if (!(teamFormId === null || isFormId(teamFormId))) return null;
  if (!Array.isArray(inboxes) || !inboxes.every(isFormId)) return null;
  return { receivingKeyIds: [...ids], receivers, formIds: { team: teamFormId, personal: [...inboxes] } };
}

/**
 * The key ids of a published file (see {@link parseReceivingKeysDocument}).
 *
 * @param text - the file's text, untrusted
 * @returns the key ids, or null when the text is not such a document
 */
export function parseReceivingKeyIds(text: string): string[] | null {
  return parseReceivingKeysDocument(text)?.receivingKeyIds ?? null;
}
