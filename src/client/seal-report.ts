import { encryptReport } from "../report/encrypt-report.ts";
import { padReport } from "../report/pad-report.ts";
import type { FormField } from "../report/report-fields.ts";
import { composeReport } from "../report/report-format.ts";
import type { RecipientOption } from "../site/report-form-props.ts";

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
    recipientKeys: options.recipients.map((r) => r.armoredKey),
  });
  return { plaintext, ciphertext };
}
