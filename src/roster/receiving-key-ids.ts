import type { Responder } from "./validate-roster.ts";

/**
 * The roster's receiving keys as the submission checks need them: the key ids of the encryption subkeys
 * of every responder who receives reports. A report that names its recipients (instead of hiding them)
 * may name these and no others. The build publishes them for the functions/ hook
 * (`urls.receivingKeyIds`), and `confide serve` hands them to the local inbox, so both accept the same
 * keys. Pure: no fs, no openpgp, so the Workers bundle can import the parser.
 */

/** What the published file holds. `version` changes if the shape ever does. */
export interface ReceivingKeyIdsDocument {
  version: 1;
  /** Lowercase hex key ids (16 digits), sorted, without duplicates. */
  receivingKeyIds: string[];
  /**
   * How many responders receive reports: the most recipients one message may name (each copy the form
   * sends names at most that many, decoys included in hidden mode), so the hook refuses more.
   */
  receivers: number;
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
 * The published file's text for a roster.
 *
 * @param responders - the validated roster
 */
export function receivingKeyIdsDocument(responders: readonly Responder[]): string {
  const document: ReceivingKeyIdsDocument = {
    version: 1,
    receivingKeyIds: receivingKeyIds(responders),
    receivers: receiverCount(responders),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * Reads a published file back. Anything else than the exact shape gives null, so a damaged or foreign
 * file can never widen what the hook accepts.
 *
 * @param text - the file's text, untrusted
 * @returns the document, or null when the text is not such a document
 */
export function parseReceivingKeysDocument(text: string): ReceivingKeyIdsDocument | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const { version, receivingKeyIds: ids, receivers, ...rest } = value as Record<string, unknown>;
  if (version !== 1 || Object.keys(rest).length > 0 || !Array.isArray(ids)) return null;
  if (!ids.every((id): id is string => typeof id === "string" && KEY_ID.test(id))) return null;
  if (typeof receivers !== "number" || !Number.isSafeInteger(receivers) || receivers < 1) return null;
  return { version, receivingKeyIds: [...ids], receivers };
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
