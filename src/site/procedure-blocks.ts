import type { Content } from "../content/validate-content.ts";
import type { Responder } from "../roster/validate-roster.ts";
import { html, type SafeHtml, telHref } from "./html.ts";
import type { PhoneNumber } from "./site-schema.ts";
import { urls } from "./urls.ts";

/**
 * The blocks a page can print from data with `{% name %}`: every name, number and address on the
 * procedure pages comes through one of these, so nothing is typed twice. The keys of this object are
 * the shortcode names; `SHORTCODES` in validate-content lists the same names for the checker.
 */
export const procedureBlocks: Record<string, (content: Content) => SafeHtml> = {
  emergency_numbers: ({ site }) =>
    html`<ul class="numbers">${site.emergency.map((phone) => html`<li>${phoneLink(phone)}</li>`)}</ul>`,

  on_site_phone: ({ site }) =>
    site.on_site.phone ? html`<p class="numbers">${phoneLink(site.on_site.phone)}</p>` : html``,

  online_channels: ({ site }) =>
    html`<ul>${[
      site.form
        ? html`<li><a href="${urls.report}">The report form</a>: encrypted in your browser, so only the responders you choose can read it.</li>`
        : html``,
      html`<li>Email <a href="mailto:${site.alias.email}">${site.alias.email}</a>.</li>`,
      site.channels.map(
        (channel) =>
          html`<li><a href="${channel.url}">${channel.label}</a>${channel.note ? html`. ${channel.note}` : ""}</li>`,
      ),
    ]}</ul>`,

  alias_readers: ({ responders }) => responderNames(responders.filter((r) => r.monitors_alias)),

  report_recipients: ({ responders }) => responderNames(responders.filter((r) => r.receives_reports)),

  direct_contacts: ({ responders }) =>
    html`<ul class="contacts">${responders
      .filter((r) => r.email || r.phone)
      .map(
        (r) => html`<li><a href="${urls.responder(r.id)}">${r.name}</a>, ${r.role}: ${contactLinks(r)}</li>`,
      )}</ul>`,

  report_fields: ({ report }) =>
    html`<ul>${report.fields.map((field) => html`<li>${field.summary}</li>`)}</ul>`,

  responder_list: ({ responders, site }) =>
    html`<ul class="cards">${responders.map(
      (r) =>
        html`<li class="card"><h2 id="${r.id}"><a href="${urls.responder(r.id)}">${r.name}</a></h2><p>${r.role}${r.pronouns ? html` <span class="pronouns">(${r.pronouns})</span>` : ""}</p>${r.about ? html`<p>${r.about}</p>` : ""}${r.languages.length > 0 ? html`<p>Languages: ${languageNames(r.languages, site.lang)}</p>` : ""}<p>${r.receives_reports ? "Receives reports from the form." : "Does not receive form reports; you can contact them directly."}</p>${r.email || r.phone ? html`<p>Contact: ${contactLinks(r)}</p>` : ""}</li>`,
    )}</ul>`,
};

/** A labelled phone number as a link a phone can dial. */
export function phoneLink(phone: PhoneNumber): SafeHtml {
  return html`<span class="label">${phone.label}:</span> <a class="tel" href="${telHref(phone.number)}">${phone.number}</a>${phone.note ? html` <span class="note">${phone.note}</span>` : ""}`;
}

/** A responder's email and phone as links. */
export function contactLinks(responder: Responder): SafeHtml {
  const links = [
    responder.email ? html`<a href="mailto:${responder.email}">${responder.email}</a>` : null,
    responder.phone ? html`<a href="${telHref(responder.phone)}">${responder.phone}</a>` : null,
  ].filter((link): link is SafeHtml => link !== null);
  return html`${links.map((link, index) => (index === 0 ? link : html`, ${link}`))}`;
}

/** "Igbo, English" from ["ig", "en"], named in the site's language. */
export function languageNames(tags: readonly string[], siteLang: string): string {
  const names = new Intl.DisplayNames([siteLang], { type: "language" });
  return tags.map((tag) => names.of(tag) ?? tag).join(", ");
}

function responderNames(responders: readonly Responder[]): SafeHtml {
  return html`<ul>${responders.map((r) => html`<li><a href="${urls.responder(r.id)}">${r.name}</a>, ${r.role}</li>`)}</ul>`;
}
