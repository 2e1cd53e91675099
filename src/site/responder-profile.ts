import { groupFingerprint } from "../roster/fingerprint.ts";
import { isoDate } from "../roster/inspect-key.ts";
import type { Responder } from "../roster/validate-roster.ts";
import { html, type SafeHtml } from "./html.ts";
import { contactLinks, languageNames } from "./procedure-blocks.ts";
import { urls } from "./urls.ts";

/**
 * The body of a responder's own page: who they are, how to reach them, and their key with the
 * fingerprint in groups of four so it can be read out and compared.
 *
 * @param responder - the responder, with their validated key
 * @param siteLang - the site's language, for naming the languages they speak
 */
export function responderProfile(responder: Responder, siteLang: string): SafeHtml {
  const key = responder.publicKey;
  return html`<dl class="profile">
<dt>Role</dt><dd>${responder.role}</dd>
${responder.pronouns ? html`<dt>Pronouns</dt><dd>${responder.pronouns}</dd>` : ""}
${responder.languages.length > 0 ? html`<dt>Languages</dt><dd>${languageNames(responder.languages, siteLang)}</dd>` : ""}
${responder.email || responder.phone ? html`<dt>Contact</dt><dd>${contactLinks(responder)}</dd>` : ""}
<dt>Receives reports</dt><dd>${responder.receives_reports ? "Yes: reports sent with the form are encrypted to their key." : "No: they do not receive form reports. You can contact them directly."}</dd>
</dl>
${responder.about ? html`<p>${responder.about}</p>` : ""}
${
  key
    ? html`<h2 id="key">Public key</h2>
<dl class="profile">
<dt>Fingerprint</dt><dd><code class="fingerprint">${groupFingerprint(key.fingerprint)}</code></dd>
<dt>Type</dt><dd>${key.algorithm}</dd>
<dt>Expires</dt><dd>${key.expires ? html`<time datetime="${isoDate(key.expires)}">${isoDate(key.expires)}</time>` : "Never"}</dd>
</dl>
<p><a href="${urls.key(responder.id)}" download>Download ${responder.name}'s public key</a> (${responder.id}.asc)</p>`
    : ""
}`;
}
