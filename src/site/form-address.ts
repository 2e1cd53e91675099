import { FORM_ID_PATTERN } from "./urls.ts";

/** What is wrong with a form setting, in an organiser's words, and how to write it. */
export interface FormSettingProblem {
  message: string;
  fix: string;
}

/** A Formspree form's address, `https://formspree.io/f/<id>`, or any endpoint's `/f/<id>`. */
const FORM_ADDRESS = /\/f\/([^/?#\s]+)/;

/**
 * Why a form id (site.yaml `form.id`, a responder's `inbox`) is not one, or null (issue 14). The form
 * posts to `<endpoint>/f/<id>`: the whole address pasted as the id, or an id with spaces, made every
 * report fail at Formspree while `confide check` said the site was ready.
 *
 * @param id - the id as written
 */
export function formIdProblem(id: string): FormSettingProblem | null {
  if (FORM_ID_PATTERN.test(id)) return null;
  const pasted = FORM_ADDRESS.exec(id)?.[1];
  if (pasted && FORM_ID_PATTERN.test(pasted))
    return {
      message: `"${id}" is the form's whole address; only its last part is the id.`,
      fix: `Write just the id: ${pasted}`,
    };
  return {
    message: `"${id}" is not a form id: the form would post to an address that does not exist, and every report would fail.`,
    fix: "Copy the id from the end of the form's address at Formspree (https://formspree.io/f/<id>): letters and digits, such as xdemoform.",
  };
}

/**
 * Why a form endpoint is the address of one form rather than of the service, or null: the form adds
 * `/f/<id>` itself, so `https://formspree.io/f/xabc` as the endpoint posted to `…/f/xabc/f/xabc`.
 *
 * @param endpoint - the endpoint as written (a web address)
 */
export function formEndpointProblem(endpoint: string): FormSettingProblem | null {
  let path: string;
  try {
    path = new URL(endpoint).pathname;
  } catch {
    return null; // not a web address: the address check says so
  }
  if (!FORM_ADDRESS.test(path)) return null;
  const origin = new URL(endpoint).origin;
  return {
    message: `"${endpoint}" is the address of one form; the endpoint is the service's address, and the form's id goes in id:.`,
    fix: `Write \`endpoint: ${origin}\` and \`id: ${FORM_ADDRESS.exec(path)?.[1] ?? "…"}\`.`,
  };
}
