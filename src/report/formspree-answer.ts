/**
 * How to read Formspree's answer to a report, as the real service behaves (and as the hook and the
 * local inbox answer, since they speak the same contract). Pure: the browser, when it posts straight to
 * Formspree, and the hook, when it forwards, both decide with it.
 *
 * - A delivery is a 2xx whose JSON body says so: `{ "ok": true }` or `{ "next": "…" }`. Formspree has
 *   answered 200 with an HTML reCAPTCHA page, or an empty body, for posts it did not store: a 2xx alone
 *   is not a delivery.
 * - A refusal carries `{ "errors": [{ "code"?, "field"?, "message" }] }` or `{ "error": "…" }`.
 * - A form with reCAPTCHA switched on refuses posts that are not plain HTML form posts, with a message
 *   that names reCAPTCHA ("… reCAPTCHA must be disabled in this form's settings page"): the reporter
 *   is told the inbox is not set up for the form, and given the download and email way out; the
 *   organiser docs say to switch reCAPTCHA off (docs/deploy.md).
 */

/** What one answer means for the copy that was posted. */
export type FormspreeAnswer =
  | { kind: "delivered"; next: string | null }
  /** a 2xx that does not say the report was stored: treat as not delivered, and say so */
  | { kind: "unconfirmed"; status: number }
  | {
      kind: "refused";
      status: number;
      /** the messages the inbox gave, for the reporter (they never contain the report) */
      messages: string[];
      /** the stable codes given with them, where any */
      codes: string[];
      /** the form has reCAPTCHA switched on, so no JSON post can get through */
      recaptcha: boolean;
    };

/**
 * Reads one answer.
 *
 * @param status - the HTTP status
 * @param body - the answer's body as text (may be empty, HTML, or JSON)
 */
export function readFormspreeAnswer(status: number, body: string): FormspreeAnswer {
  const json = parseObject(body);
  if (status >= 200 && status < 300) {
    if (json && (json.ok === true || typeof json.next === "string"))
      return { kind: "delivered", next: typeof json.next === "string" ? json.next : null };
    return { kind: "unconfirmed", status };
  }
  const errors = json && Array.isArray(json.errors) ? json.errors : [];
  const messages: string[] = [];
  const codes: string[] = [];
  for (const error of errors) {
    if (error && typeof error === "object") {
      const { message, code } = error as Record<string, unknown>;
      if (typeof message === "string") messages.push(message);
      if (typeof code === "string") codes.push(code);
    }
  }
  if (json && typeof json.error === "string") messages.push(json.error);
  const recaptcha = [...messages, ...codes].some((text) => /re-?captcha/i.test(text));
  return { kind: "refused", status, messages, codes, recaptcha };
}

function parseObject(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
