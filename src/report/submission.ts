/**
 * The submission contract: what the report form posts, and what the local inbox and the functions/
 * hook accept. Nothing else leaves the reporter's browser.
 *
 * POST {endpoint}/f/{formId}, `Content-Type: application/json`, body:
 * `{ "ciphertext": "-----BEGIN PGP MESSAGE-----…", "reference": "R-7K2M-9QXD", "version": "1", "_gotcha": "" }`
 * `_gotcha` is Formspree's honeypot field: people leave it empty, bots fill it.
 */
export const SUBMISSION_FIELDS = {
  ciphertext: "ciphertext",
  reference: "reference",
  version: "version",
  honeypot: "_gotcha",
} as const;

/** The body the form posts. */
export interface Submission {
  ciphertext: string;
  reference: string;
  version: string;
  _gotcha?: string;
}

/** The field of the hook's fan-out body that holds the copies (src/report/validate-copies.ts). */
export const COPIES_FIELD = "copies";
