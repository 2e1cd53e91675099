import { joinList, joinParts, languageNames } from "../i18n/languages.ts";
import type { SiteLanguage } from "../i18n/translations.ts";
import type { Responder } from "../roster/validate-roster.ts";
import { fillHtml, html, type SafeHtml, telHref } from "./html.ts";
import type { PhoneNumber } from "./site-schema.ts";
import { languageUrls } from "./urls.ts";

/**
 * The blocks a page can print from data with `{% name %}`: every name, number and address on the
 * procedure pages comes through one of these, so nothing is typed twice. Each renders in the language
 * of the page that prints it, from that language's data and UI strings. The keys of this object are
 * the shortcode names; `SHORTCODES` in validate-content lists the same names for the checker.
 */
export const procedureBlocks: Record<string, (language: SiteLanguage) => SafeHtml> = {
  emergency_numbers: ({ site }) =>
    html`<ul class="numbers">${site.emergency.map((phone) => html`<li>${phoneLink(phone)}</li>`)}</ul>`,

  // The box at the top of the home, reporting and report pages: every emergency number as a large
  // button a phone dials with one tap, most urgent first.
  emergency_callout: ({ site, ui }) =>
    html`<section class="emergency" aria-labelledby="emergency-title"><h2 id="emergency-title">${ui["blocks.emergency_title"]}</h2>${callButtons(site.emergency)}</section>`,

  cover_your_tracks: ({ ui }) =>
    html`<aside class="cover-tracks" aria-labelledby="cover-tracks-title"><h2 id="cover-tracks-title">${ui["blocks.cover_tracks_title"]}</h2><p>${ui["blocks.cover_tracks_text"]}</p></aside>`,

  on_site_phone: ({ site }) =>
    site.on_site.phone ? html`<p class="numbers">${phoneLink(site.on_site.phone)}</p>` : html``,

  online_channels: ({ site, ui, prefix }) =>
    html`<ul>${[
      site.form
        ? html`<li>${fillHtml(ui["blocks.form_channel"], {
            link: html`<a href="${languageUrls(prefix).report}">${ui["blocks.form_link"]}</a>`,
          })}</li>`
        : html``,
      html`<li>${fillHtml(ui["blocks.email_channel"], { email: mailLink(site.alias.email) })}</li>`,
      site.channels.map(
        (channel) =>
          html`<li><a href="${channel.url}">${channel.label}</a>${channel.note ? html`. ${channel.note}` : ""}</li>`,
      ),
    ]}</ul>`,

  alias_readers: (language) =>
    responderNames(
      language,
      language.responders.filter((r) => r.monitors_alias),
    ),

  report_recipients: (language) =>
    responderNames(
      language,
      language.responders.filter((r) => r.receives_reports),
    ),

  direct_contacts: ({ responders, ui, prefix, tag }) =>
    html`<ul class="contacts">${responders
      .filter((r) => r.email || r.phone)
      .map(
        (r) =>
          html`<li>${fillHtml(ui["blocks.direct_contact"], {
            name: html`<a href="${languageUrls(prefix).responder(r.id)}">${r.name}</a>`,
            role: r.role,
            contact: contactLinks(r, tag),
          })}</li>`,
      )}</ul>`,

  report_fields: ({ report }) =>
    html`<ul>${report.fields.map((field) => html`<li>${field.summary}</li>`)}</ul>`,

  responder_list: ({ responders, ui, prefix, tag }) =>
    html`<ul class="cards">${responders.map(
      (r) =>
        html`<li class="card"><h2 id="${r.id}"><a href="${languageUrls(prefix).responder(r.id)}">${r.name}</a></h2><p>${r.role}${r.pronouns ? html` <span class="pronouns">(${r.pronouns})</span>` : ""}</p>${r.about ? html`<p>${r.about}</p>` : ""}${r.languages.length > 0 ? html`<p>${fillHtml(ui["blocks.languages"], { languages: joinList(languageNames(r.languages, tag), tag) })}</p>` : ""}<p>${r.receives_reports ? ui["blocks.receives_reports"] : ui["blocks.no_form_reports"]}</p>${r.email || r.phone ? html`<p>${fillHtml(ui["blocks.contact"], { contact: contactLinks(r, tag) })}</p>` : ""}</li>`,
    )}</ul>`,
};

/**
 * A labelled phone number as a link a phone can dial. Numbers are always written left to right, also
 * on a right-to-left page, where "116 123" would otherwise show as "123 116".
 */
export function phoneLink(phone: PhoneNumber): SafeHtml {
  return html`<span class="label">${phone.label}:</span> ${telLink(phone.number, "tel")}${phone.note ? html` <span class="note">${phone.note}</span>` : ""}`;
}

/**
 * Phone numbers as large tap-to-call buttons: the number first and big, who answers under it, the
 * note beside the button. The class `numbers` keeps them in print.
 */
export function callButtons(phones: readonly PhoneNumber[]): SafeHtml {
  return html`<ul class="numbers calls">${phones.map(
    (phone) =>
      html`<li><a class="call" href="${telHref(phone.number)}"><span class="call-number" dir="ltr">${phone.number}</span> <span class="call-label">${phone.label}</span></a>${phone.note ? html`<span class="note">${phone.note}</span>` : ""}</li>`,
  )}</ul>`;
}

/** A phone number as a link, left to right on any page. */
export function telLink(number: string, className?: string): SafeHtml {
  return html`<a${className ? html` class="${className}"` : ""} href="${telHref(number)}" dir="ltr">${number}</a>`;
}

/** An address as a mailto: link. */
export function mailLink(email: string): SafeHtml {
  return html`<a href="mailto:${email}">${email}</a>`;
}

/** A responder's email and phone as links, joined by the language's "or". */
export function contactLinks(responder: Responder, language: string): SafeHtml {
  const links = [
    responder.email ? mailLink(responder.email) : null,
    responder.phone ? telLink(responder.phone) : null,
  ].filter((link): link is SafeHtml => link !== null);
  return html`${joinParts(links, language, "or")}`;
}

function responderNames({ ui, prefix }: SiteLanguage, responders: readonly Responder[]): SafeHtml {
  return html`<ul>${responders.map(
    (r) =>
      html`<li>${fillHtml(ui["blocks.responder"], {
        name: html`<a href="${languageUrls(prefix).responder(r.id)}">${r.name}</a>`,
        role: r.role,
      })}</li>`,
  )}</ul>`;
}
