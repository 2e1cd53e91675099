import { joinList, languageNames } from "../i18n/languages.ts";
import type { SiteLanguage } from "../i18n/translations.ts";
import { groupFingerprint } from "../roster/fingerprint.ts";
import { isoDate } from "../roster/inspect-key.ts";
import type { Responder } from "../roster/validate-roster.ts";
import { fillHtml, html, type SafeHtml } from "./html.ts";
import { contactLinks } from "./procedure-blocks.ts";
import { responderPhoto } from "./responder-photo.ts";
import { urls } from "./urls.ts";

/**
 * The body of a responder's own page: who they are, how to reach them, and their key with the
 * fingerprint in groups of four so it can be read out and compared.
 *
 * @param responder - the responder, with their validated key, in the page's language
 * @param language - the page's language: its UI strings and tag
 */
export function responderProfile(responder: Responder, language: SiteLanguage): SafeHtml {
  const key = responder.publicKey;
  const { ui, tag } = language;
  return html`${responder.photo ? responderPhoto(responder) : ""}<dl class="profile">
<dt>${ui["responder.role"]}</dt><dd>${responder.role}</dd>
${responder.pronouns ? html`<dt>${ui["responder.pronouns"]}</dt><dd>${responder.pronouns}</dd>` : ""}
${responder.languages.length > 0 ? html`<dt>${ui["responder.languages"]}</dt><dd>${joinList(languageNames(responder.languages, tag), tag)}</dd>` : ""}
${responder.email || responder.phone ? html`<dt>${ui["responder.contact"]}</dt><dd>${contactLinks(responder, tag)}</dd>` : ""}
<dt>${ui["responder.receives_reports"]}</dt><dd>${responder.receives_reports ? ui["responder.receives_yes"] : ui["responder.receives_no"]}</dd>
</dl>
${responder.about ? html`<p>${responder.about}</p>` : ""}
${
  key
    ? html`<h2 id="key">${ui["responder.public_key"]}</h2>
<dl class="profile">
<dt>${ui["responder.fingerprint"]}</dt><dd><code class="fingerprint">${groupFingerprint(key.fingerprint)}</code></dd>
<dt>${ui["responder.key_type"]}</dt><dd>${key.algorithm}</dd>
<dt>${ui["responder.expires"]}</dt><dd>${key.expires ? html`<time datetime="${isoDate(key.expires)}">${isoDate(key.expires)}</time>` : ui["responder.never_expires"]}</dd>
</dl>
<p><a href="${urls.key(responder.id)}" download>${fillHtml(ui["responder.download_key"], { name: html`<bdi>${responder.name}</bdi>` })}</a> (${responder.id}.asc)</p>`
    : ""
}`;
}
