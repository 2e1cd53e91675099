import type { SiteLanguage } from "../i18n/translations.ts";

/**
 * Someone a reporter can reach directly, without the shared address or the form: a responder with an
 * email or phone, or a contact outside the team (site.yaml's `independent_contacts`).
 */
export interface DirectContactEntry {
  name: string;
  role: string;
  email: string | null;
  phone: string | null;
  url: string | null;
  /** The responder's id (their page links from the name), or null for someone outside the team. */
  responderId: string | null;
}

/**
 * Everyone a reporter can contact directly, in a language: the responders who give an email or a
 * phone, then the contacts independent of the team. The procedure's block, the report form's
 * fallback and `confide check` all take the list from here, so they cannot disagree about who is on it.
 *
 * @param language - the page's language, with its translated data
 */
export function directContactsOf(language: Pick<SiteLanguage, "responders" | "site">): DirectContactEntry[] {
  return [
    ...language.responders
      .filter((r) => r.email || r.phone)
      .map((r) => ({
        name: r.name,
        role: r.role,
        email: r.email ?? null,
        phone: r.phone ?? null,
        url: null,
        responderId: r.id,
      })),
    ...language.site.independent_contacts.map((contact) => ({
      name: contact.name,
      role: contact.role,
      email: contact.email ?? null,
      phone: contact.phone ?? null,
      url: contact.url ?? null,
      responderId: null,
    })),
  ];
}
