import { type Key, readKey } from "openpgp";
import { encryptReport } from "../report/encrypt-report.ts";
import { padReport } from "../report/pad-report.ts";
import type { FormField } from "../report/report-fields.ts";
import { composeReport } from "../report/report-format.ts";
import type { RecipientOption } from "../site/report-form-props.ts";

/** The responders' keys parsed so far, by their armored text: each is parsed once per page. */
const parsedKeys = new Map<string, Promise<Key>>();

/**
 * A responder's key, parsed on first use and kept for the page's life. openpgp.js remembers the
 * verification of a parsed key's self-signatures, so the second report (or a retry) does not redo it.
 *
 * @param armoredKey - the key as the build embedded it
 */
export function parsedKey(armoredKey: string): Promise<Key> {
  let key = parsedKeys.get(armoredKey);
  if (!key) {
    key = readKey({ armoredKey });
    parsedKeys.set(armoredKey, key);
    // A key that does not parse is not kept: the next attempt reports it again, not a stale failure.
    key.catch(() => parsedKeys.delete(armoredKey));
  }
  return key;
}

/**
 * Composes, pads and encrypts one report in the browser. Loaded lazily with the OpenPGP code, so
 * the report page's first load stays small.
 *
 * @param options.fields - the report's fields, in order
 * @param options.answers - the reporter's answers by field id
 * @param options.eventName - the event, printed in the report
 * @param options.reference - the report's reference (the same on every retry)
 * @param options.submittedAt - when the reporter first pressed send
 * @param options.language - the language of the form the reporter used
 * @param options.recipients - the responders the reporter chose
 * @returns the plaintext (for the reporter's own copy) and the armored ciphertext (the only thing posted)
 */
export async function sealReport(options: {
  fields: readonly FormField[];
  answers: Readonly<Record<string, string>>;
  eventName: string;
  reference: string;
  submittedAt: Date;
  language: string;
  recipients: readonly RecipientOption[];
}): Promise<{ plaintext: string; ciphertext: string }> {
  const plaintext = composeReport({
    fields: options.fields,
    answers: options.answers,
    event: options.eventName,
    reference: options.reference,
    submittedAt: options.submittedAt,
    language: options.language,
    recipients: options.recipients.map((r) => r.name),
  });
  const ciphertext = await encryptReport({
    plaintext: padReport(plaintext),
    recipientKeys: await Promise.all(options.recipients.map((r) => parsedKey(r.armoredKey))),
  });
  return { plaintext, ciphertext };
}
