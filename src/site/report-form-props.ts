import { joinList, languageName, languageNames, primaryLanguage, sameLanguage } from "../i18n/languages.ts";
import type { SiteLanguage } from "../i18n/translations.ts";
import { type FormStrings, formStrings } from "../i18n/ui-strings.ts";
import type { FormField } from "../report/report-fields.ts";
import type { Responder } from "../roster/validate-roster.ts";
import { directContactsOf } from "./direct-contacts.ts";
import type { PhoneNumber, Site } from "./site-schema.ts";
import { urls } from "./urls.ts";

/** A responder the reporter can choose to read their report. */
export interface RecipientOption {
  id: string;
  name: string;
  role: string;
  pronouns: string | null;
  about: string | null;
  /** Uppercase hex, for the "who will read this" details. */
  fingerprint: string;
  /** ISO date, or null for a key that does not expire. */
  expires: string | null;
  armoredKey: string;
  /** The languages they can take a report in, named and listed in the page's language, or null. */
  languages: string | null;
  /** Whether they read the page's language: the form points them out. */
  readsPageLanguage: boolean;
  /** Their personal inbox's form id: needed to receive a report that leaves someone out. */
  inbox: string | null;
  /** Whether they read the shared address: a reporter who leaves them out is told so. */
  monitorsAlias: boolean;
  /** Their own address, for emailing them the copy the form could not send. */
  email: string | null;
  /** The address of their photo on the site, when the roster gives one (`photo`), or null. */
  photo: string | null;
}

/** How to get help at once, in the page's language: the receipt and a failed send lead with it. */
export interface UrgentHelp {
  emergency: PhoneNumber[];
  /** The responders' phone during the event, if any. */
  phone: PhoneNumber | null;
  /** How to recognise staff, or null for a community with no one on site (no `on_site` in site.yaml). */
  staff: string | null;
  /** Where to find a responder, if site.yaml says. */
  where: string | null;
}

/** A way to reach a responder directly, shown when the form cannot be used. */
export interface DirectContact {
  name: string;
  role: string;
  email: string | null;
  phone: string | null;
}

/**
 * Everything the report form needs, computed at build time and embedded in the report page as JSON:
 * the form renders at once from it, and the keys are never fetched at run time. Everything it shows
 * is in the page's language: its strings, the questions, the roles, the language names.
 */
export interface ReportFormProps {
  fields: FormField[];
  recipients: RecipientOption[];
  directContacts: DirectContact[];
  /** site.yaml's other channels (a social account), listed with the direct contacts when the form cannot send. */
  channels: Array<{ label: string; url: string; note: string | null }>;
  /** Where the form posts: `endpoint` null means the page's own origin (the local inbox, the hook). */
  form: { endpoint: string | null; id: string } | null;
  eventName: string;
  /** The page's language tag: the report records it as `Language:`. */
  lang: string;
  /** The page's language, named in itself ("español"). */
  languageName: string;
  /** The form's words in the page's language (the `form.` UI strings). */
  strings: FormStrings;
  followUp: string;
  aliasEmail: string;
  urgentHelp: UrgentHelp;
  /** ISO time of the build: the form renders the same on the server and in the browser until hydrated. */
  builtAt: string;
  /** site.yaml `recipients: hidden`: hide key ids, and give every copy the same shape (decoys). */
  hideRecipients: boolean;
}

/**
 * Where the report form posts: the override if given, else site.yaml's `form.endpoint`.
 *
 * @param site - the validated site settings
 * @param override - CONFIDE_FORM_ENDPOINT: an endpoint, or "same-origin" for the page's own origin
 * @returns the endpoint, or null for the page's own origin (the local inbox, the hook) or no form
 */
export function formEndpointOf(site: Site, override?: string): string | null {
  if (!site.form) return null;
  const endpoint = override ?? site.form.endpoint;
  return endpoint === "same-origin" ? null : endpoint;
}

/**
 * Derives the report form's props from validated content, in one of the site's languages.
 *
 * @param language - the page's language, with its translated data and UI strings
 * @param options.eventName - the event's name as the site's own language gives it (the report's `Event:`)
 * @param options.endpoint - overrides site.yaml's form endpoint; "same-origin" posts to the page's own origin
 * @param options.now - the build time
 */
export function reportFormProps(
  language: SiteLanguage,
  options: { eventName: string; endpoint?: string | undefined; now: Date },
): ReportFormProps {
  const { site, responders, report, tag, ui } = language;
  return {
    // The procedure's summary lines stay out: the form does not show them.
    fields: report.fields.map(({ summary: _, ...field }) => field),
    recipients: responders
      .filter((r) => r.receives_reports && r.publicKey)
      .map((r) => ({
        id: r.id,
        name: r.name,
        role: r.role,
        pronouns: r.pronouns ?? null,
        about: r.about ?? null,
        fingerprint: r.publicKey?.fingerprint ?? "",
        expires: r.publicKey?.expires?.toISOString() ?? null,
        armoredKey: r.publicKey?.armoredPublicKey ?? "",
        languages: r.languages.length > 0 ? joinList(languageNames(r.languages, tag), tag) : null,
        readsPageLanguage: r.languages.some((spoken) => sameLanguage(spoken, tag)),
        inbox: r.inbox ?? null,
        monitorsAlias: r.monitors_alias,
        email: r.email ?? null,
        photo: photoOf(r),
      })),
    // Contacts reachable only through a web page cannot be listed in the form's fallback, which
    // offers email and phone; the page around the form lists them.
    directContacts: directContactsOf(language)
      .filter((contact) => contact.email || contact.phone)
      .map(({ name, role, email, phone }) => ({ name, role, email, phone })),
    channels: site.channels.map(({ label, url, note }) => ({ label, url, note: note ?? null })),
    form: site.form ? { endpoint: formEndpointOf(site, options.endpoint), id: site.form.id } : null,
    eventName: options.eventName,
    lang: tag,
    languageName: languageName(primaryLanguage(tag), tag),
    strings: formStrings(ui),
    followUp: site.follow_up,
    aliasEmail: site.alias.email,
    urgentHelp: {
      emergency: site.emergency,
      phone: site.on_site?.phone ?? null,
      staff: site.on_site?.staff ?? null,
      where: site.on_site?.where ?? null,
    },
    builtAt: options.now.toISOString(),
    hideRecipients: site.recipients === "hidden",
  };
}

/** A responder's photo address: where the build publishes the roster's `photo` (src/roster/responder-photos.ts). */
function photoOf(responder: Pick<Responder, "id" | "photo">): string | null {
  return responder.photo ? urls.photo(responder.id) : null;
}
