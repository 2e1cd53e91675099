/**
 * The reference-ledger contract shared by the local inbox and the functions/ hook (and every target of
 * a fan-out): a submission is identified by (form id, reference, SHA-256 of the ciphertext).
 *
 * - The same triple again is a retry (the reporter's browser never heard the answer): nothing new is
 *   stored or forwarded, and the reporter is told it was sent.
 * - The same form id and reference with another ciphertext is an edit (the reporter changed the report
 *   after an answer was lost, and sent it under the same reference): it is kept as a new version,
 *   stored and forwarded, never dropped.
 *
 * Pure: Web Crypto only, so the Workers bundle and Node share it.
 */

/** What identifies one submission. */
export interface SubmissionIdentity {
  /** the form id it was posted to (`/f/<formId>`) */
  formId: string;
  /** the report reference, as posted */
  reference: string;
  /** lowercase hex SHA-256 of the ciphertext's UTF-8 bytes */
  digest: string;
}

/** What the ledger decides for a submission, given the digests already delivered under its reference. */
export type LedgerDecision =
  /** this exact ciphertext was delivered before, as version `revision` */
  | { kind: "retry"; revision: number }
  /** deliver it as version `revision` (1: the first text under its reference; more: an edit) */
  | { kind: "deliver"; revision: number };

/**
 * Decides between retry and delivery. Versions count from 1 in the order they were delivered.
 *
 * @param delivered - the digests delivered before under the same form id and reference, oldest first
 * @param digest - the new submission's digest
 */
export function decideDelivery(delivered: readonly string[], digest: string): LedgerDecision {
  const earlier = delivered.indexOf(digest);
  return earlier >= 0
    ? { kind: "retry", revision: earlier + 1 }
    : { kind: "deliver", revision: delivered.length + 1 };
}

/**
 * The digest of a ciphertext, for {@link SubmissionIdentity}.
 *
 * @param ciphertext - the armored ciphertext as posted
 */
export async function ciphertextDigest(ciphertext: string): Promise<string> {
  const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(ciphertext));
  return [...new Uint8Array(hash)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
