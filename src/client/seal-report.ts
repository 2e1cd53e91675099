import { type Key, readKey } from "openpgp";
import { keysWithDecoys } from "../report/decoy-keys.ts";
import type { PlannedCopy } from "../report/delivery-plan.ts";
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

/** One sealed copy: where it goes and its ciphertext. */
export interface SealedCopy {
  target: string;
  owner: string | null;
  ciphertext: string;
}

/**
 * Composes, pads and encrypts one report in the browser, as the copies the delivery plan asks for.
 * Loaded lazily with the OpenPGP code, so the report page's first load stays small.
 *
 * Every copy holds the same plaintext (its `Sent to:` names everyone chosen, so each reader knows who
 * else has it). With visible recipients (the default) a copy is encrypted to its readers only, with
 * their key ids in the message. With `hideRecipients`, a copy has one hidden-recipient packet in every
 * receiving responder's place, in roster order (a decoy in the place of anyone who is not a reader of
 * that copy), and every copy uses the cipher chosen for the whole team: the same packet count,
 * algorithms, order and length bucket whoever was chosen.
 *
 * @param options.fields - the report's fields, in order
 * @param options.answers - the reporter's answers by field id
 * @param options.eventName - the event, printed in the report
 * @param options.reference - the report's reference (the same on every retry)
 * @param options.submittedAt - when the reporter first pressed send
 * @param options.language - the language of the form the reporter used
 * @param options.chosen - the responders the reporter chose (named in `Sent to:`)
 * @param options.copies - the planned copies (src/report/delivery-plan.ts)
 * @param options.places - every receiving responder in the roster, in order (hidden mode's places)
 * @param options.usable - the responders whose keys can be used now (the cipher is chosen for them)
 * @param options.hideRecipients - site.yaml `recipients: hidden`
 * @returns the plaintext (for the reporter's own copy) and the sealed copies (the only things posted)
 */
export async function sealReport(options: {
  fields: readonly FormField[];
  answers: Readonly<Record<string, string>>;
  eventName: string;
  reference: string;
  submittedAt: Date;
  language: string;
  chosen: readonly RecipientOption[];
  copies: readonly PlannedCopy[];
  places: readonly RecipientOption[];
  usable: readonly RecipientOption[];
  hideRecipients: boolean;
}): Promise<{ plaintext: string; copies: SealedCopy[] }> {
  const plaintext = composeReport({
    fields: options.fields,
    answers: options.answers,
    event: options.eventName,
    reference: options.reference,
    submittedAt: options.submittedAt,
    language: options.language,
    recipients: options.chosen.map((r) => r.name),
  });
  const padded = padReport(plaintext);
  const keyOf = (responder: RecipientOption) => parsedKey(responder.armoredKey);
  const places = await Promise.all(options.places.map(keyOf));
  const usable = await Promise.all(options.usable.map(keyOf));
  const copies = await Promise.all(
    options.copies.map(async (copy): Promise<SealedCopy> => {
      const readers = new Set(copy.readers);
      const ciphertext = options.hideRecipients
        ? await encryptReport({
            plaintext: padded,
            recipientKeys: await keysWithDecoys({
              places,
              readers: new Set(options.places.flatMap((r, index) => (readers.has(r.id) ? [index] : []))),
            }),
            hideRecipients: true,
            cipherSuiteKeys: usable,
          })
        : await encryptReport({
            plaintext: padded,
            recipientKeys: await Promise.all(options.places.filter((r) => readers.has(r.id)).map(keyOf)),
          });
      return { target: copy.target, owner: copy.owner, ciphertext };
    }),
  );
  return { plaintext, copies };
}
