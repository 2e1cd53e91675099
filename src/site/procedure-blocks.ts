import { joinList, joinParts, languageNames } from "../i18n/languages.ts";
import type { SiteLanguage } from "../i18n/translations.ts";
import type { Responder } from "../roster/validate-roster.ts";
import { directContactsOf } from "./direct-contacts.ts";
import { fillHtml, html, type SafeHtml, telHref } from "./html.ts";
import { responderPhoto } from "./responder-photo.ts";
import type { PhoneNumber, Site } from "./site-schema.ts";
import { languageUrls } from "./urls.ts";

/**
 * A block that would print an empty list, or leave the sentence that introduces it ending in nothing.
 * Thrown while the page renders, so Liquid pins it to the tag's line, and `confide check` and the build
 * report it as an error naming the data to add (src/eleventy/template-diagnostics.ts).
 */
export class EmptyBlockError extends Error {
  override name = "EmptyBlockError";
  /** What to add (or how to make the sentence disappear with the block). */
  readonly fix: string;

  constructor(message: string, fix: string) {
    super(message);
    this.fix = fix;
  }
}

/** Throws an {@link EmptyBlockError} when a list is empty; the list otherwise. */
function nonEmpty<T>(items: readonly T[], message: string, fix: string): readonly T[] {
  if (items.length === 0) throw new EmptyBlockError(message, fix);
  return items;
}

/**
 * The blocks a page can print from data with `{% name %}`: every name, number and address on the
 * procedure pages comes through one of these, so nothing is typed twice. Each renders in the language
 * of the page that prints it, from that language's data and UI strings. The keys of this object are
 * the shortcode names; `SHORTCODES` in validate-content lists the same names for the checker.
 */
export const procedureBlocks: Record<string, (language: SiteLanguage) => SafeHtml> = {
  emergency_numbers: ({ site }) =>
    html`<ul class="numbers">${nonEmpty(
      site.emergency,
      "{% emergency_numbers %} would print an empty list: site.yaml has no emergency number.",
      "Add the local emergency and crisis numbers under `emergency:` in _data/site.yaml (label and number each).",
    ).map((phone) => html`<li>${phoneLink(phone)}</li>`)}</ul>`,

  // The box at the top of the home, reporting and report pages: every emergency number as a large
  // button a phone dials with one tap, most urgent first.
  emergency_callout: ({ site, ui }) =>
    html`<section class="emergency" aria-labelledby="emergency-title"><h2 id="emergency-title">${ui["blocks.emergency_title"]}</h2>${callButtons(site.emergency)}</section>`,

  cover_your_tracks: ({ ui }) =>
    html`<aside class="cover-tracks" aria-labelledby="cover-tracks-title"><h2 id="cover-tracks-title">${ui["blocks.cover_tracks_title"]}</h2><p>${ui["blocks.cover_tracks_text"]}</p></aside>`,

  on_site_phone: ({ site }) => {
    const phone = site.on_site?.phone;
    if (!phone)
      throw new EmptyBlockError(
        "{% on_site_phone %} would print nothing: site.yaml has no `on_site.phone`, so the sentence that introduces it would end in nothing.",
        "Add `phone:` (label and number) under `on_site:` in _data/site.yaml, or put the sentence and the block inside {% if site.on_site.phone %} … {% endif %} so both disappear without it.",
      );
    return html`<p class="numbers">${phoneLink(phone)}</p>`;
  },

  online_channels: ({ site, ui, prefix }) =>
    html`<ul>${[
      site.form
        ? html`<li>${fillHtml(ui["blocks.form_channel"], {
            link: html`<a href="${languageUrls(prefix).report}">${ui["blocks.form_link"]}</a>`,
          })}</li>`
        : html``,
      html`<li>${fillHtml(ui["blocks.email_channel"], { email: mailLink(site.alias.email) })}</li>`,
      site.channels.map(channelItem),
    ]}</ul>`,

  other_channels: ({ site }) =>
    html`<ul>${nonEmpty(
      site.channels,
      "{% other_channels %} would print an empty list: site.yaml lists no other channels.",
      "List them under `channels:` in _data/site.yaml (label and url), or put the block inside {% if site.channels.size > 0 %} … {% endif %} so it disappears without them.",
    ).map(channelItem)}</ul>`,

  alias_readers: (language) =>
    responderNames(
      language,
      nonEmpty(
        language.responders.filter((r) => r.monitors_alias),
        `{% alias_readers %} would print an empty list: no responder reads the shared address ${language.site.alias.email}.`,
        "Set `monitors_alias: true` in _data/roster.yaml for each responder who reads the shared address.",
      ),
    ),

  report_recipients: (language) =>
    responderNames(
      language,
      nonEmpty(
        language.responders.filter((r) => r.receives_reports),
        "{% report_recipients %} would print an empty list: no responder receives reports from the form.",
        "Set `receives_reports: true` in _data/roster.yaml for the responders whose keys the form encrypts to.",
      ),
    ),

  direct_contacts: (language) =>
    html`<ul class="contacts">${nonEmpty(
      directContactsOf(language),
      "{% direct_contacts %} would print an empty list: no one can be contacted directly, so a reporter with a conflict of interest (a report about a responder) is left with no one to turn to.",
      "Add `email:` or `phone:` in _data/roster.yaml to the responders who agree to be contacted directly, or list people outside the team under `independent_contacts:` in _data/site.yaml.",
    ).map((contact) => {
      const name = contact.responderId
        ? html`<a href="${languageUrls(language.prefix).responder(contact.responderId)}">${contact.name}</a>`
        : contact.name;
      return html`<li>${fillHtml(language.ui["blocks.direct_contact"], {
        name,
        role: contact.role,
        contact: contactLinks(contact, language.tag),
      })}</li>`;
    })}</ul>`,

  report_fields: ({ report }) =>
    html`<ul>${report.fields.map((field) => html`<li>${field.summary}</li>`)}</ul>`,

  responder_list: ({ responders, ui, prefix, tag }) =>
    html`<ul class="cards">${responders.map(
      (r) =>
        html`<li class="card">${r.photo ? responderPhoto(r) : ""}<h2 id="${r.id}"><a href="${languageUrls(prefix).responder(r.id)}">${r.name}</a></h2><p>${r.role}${r.pronouns ? html` <span class="pronouns">(${r.pronouns})</span>` : ""}</p>${r.about ? html`<p>${r.about}</p>` : ""}${r.languages.length > 0 ? html`<p>${fillHtml(ui["blocks.languages"], { languages: joinList(languageNames(r.languages, tag), tag) })}</p>` : ""}<p>${r.receives_reports ? ui["blocks.receives_reports"] : ui["blocks.no_form_reports"]}</p>${r.email || r.phone ? html`<p>${fillHtml(ui["blocks.contact"], { contact: contactLinks(r, tag) })}</p>` : ""}</li>`,
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

/** One of site.yaml's other channels, as a list item. */
function channelItem(channel: Site["channels"][number]): SafeHtml {
  return html`<li><a href="${channel.url}">${channel.label}</a>${channel.note ? html`. ${channel.note}` : ""}</li>`;
}

/** An address as a mailto: link. */
export function mailLink(email: string): SafeHtml {
  return html`<a href="mailto:${email}">${email}</a>`;
}

/** A responder's or contact's email, phone and web address as links, joined by the language's "or". */
export function contactLinks(
  contact: { email?: string | null; phone?: string | null; url?: string | null },
  language: string,
): SafeHtml {
  const links = [
    contact.email ? mailLink(contact.email) : null,
    contact.phone ? telLink(contact.phone) : null,
    contact.url ? html`<a href="${contact.url}">${contact.url}</a>` : null,
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
