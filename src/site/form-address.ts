import type { Problem } from "../check/diagnostic.ts";
import { FORM_ID_PATTERN } from "./urls.ts";

/** A Formspree form's address, `https://formspree.io/f/<id>`, or any endpoint's `/f/<id>`. */
const FORM_ADDRESS = /\/f\/([^/?#\s]+)/;

/**
 * Why a form id (site.yaml `form.id`, a responder's `inbox`) is not one, or null (issue 14). The form
 * posts to `<endpoint>/f/<id>`: the whole address pasted as the id, or an id with spaces, made every
 * report fail at Formspree while `confide check` said the site was ready.
 *
 * @param id - the id as written
 */
export function formIdProblem(id: string): Problem | null {
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

/** Loopback names a browser treats as secure, so an https:// page may post to them over http://. */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Why a form endpoint cannot take the form's posts, or null: an http:// address off this computer (a
 * browser does not let an https:// page post there), or the address of one form rather than of the
 * service (the form adds `/f/<id>` itself, so `https://formspree.io/f/xabc` posted to
 * `…/f/xabc/f/xabc`).
 *
 * @param endpoint - the endpoint as written (a web address)
 */
export function formEndpointProblem(endpoint: string): Problem | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return null; // not a web address: the address check says so
  }
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname))
    return {
      message:
        "an endpoint on the web must start with https://: a browser does not let an https:// page post to an http:// address, so no report would arrive",
      fix: 'Write the endpoint with https:// (Formspree\'s is "https://formspree.io"); http:// is only for an inbox on this computer (localhost).',
    };
  const id = FORM_ADDRESS.exec(url.pathname)?.[1];
  if (id === undefined) return null;
  return {
    message: `"${endpoint}" is the address of one form; the endpoint is the service's address, and the form's id goes in id:.`,
    fix: `Write \`endpoint: ${url.origin}\` and \`id: ${id}\`.`,
  };
}
