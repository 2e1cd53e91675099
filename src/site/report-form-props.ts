import type { Content } from "../content/validate-content.ts";
import type { ReportField } from "../report/report-fields.ts";
import type { Site } from "./site-schema.ts";

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
 * the form renders at once from it, and the keys are never fetched at run time.
 */
export interface ReportFormProps {
  fields: ReportField[];
  recipients: RecipientOption[];
  directContacts: DirectContact[];
  /** Where the form posts: `endpoint` null means the page's own origin (the local inbox, the hook). */
  form: { endpoint: string | null; id: string } | null;
  eventName: string;
  lang: string;
  followUp: string;
  aliasEmail: string;
  /** ISO time of the build: the form renders the same on the server and in the browser until hydrated. */
  builtAt: string;
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
 * Derives the report form's props from validated content.
 *
 * @param content - the validated content
 * @param options.endpoint - overrides site.yaml's form endpoint; "same-origin" posts to the page's own origin
 * @param options.now - the build time
 */
export function reportFormProps(
  content: Content,
  options: { endpoint?: string | undefined; now: Date },
): ReportFormProps {
  const { site, responders, report } = content;
  return {
    fields: report.fields,
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
      })),
    directContacts: responders
      .filter((r) => r.email || r.phone)
      .map((r) => ({ name: r.name, role: r.role, email: r.email ?? null, phone: r.phone ?? null })),
    form: site.form ? { endpoint: formEndpointOf(site, options.endpoint), id: site.form.id } : null,
    eventName: site.event.name,
    lang: site.lang,
    followUp: site.follow_up,
    aliasEmail: site.alias.email,
    builtAt: options.now.toISOString(),
  };
}
