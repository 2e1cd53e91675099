/**
 * The words Confide itself puts on the pages (the layout, the procedure's blocks, the responder pages
 * and the report form), as opposed to the organisers' own pages and data. Confide ships their text in
 * src/i18n/ui/<tag>.yaml; a site may change any of them in its own `ui.yaml` (`content/_data/ui.yaml`
 * for the site's own language, `content/<lang>/_data/ui.yaml` for a translation). This catalogue says
 * which keys exist and which `{placeholders}` each one must
 * keep, so that `confide check` can report a missing, extra or mangled string by file, line and key.
 * Pure and platform-neutral: the build and the browser bundle both import it.
 */

/** Every UI string's key, with the placeholders Confide fills in (each must appear, and no other). */
export const UI_STRINGS = {
  "language.name": [],

  "layout.skip_link": [],
  "layout.quick_exit": [],
  "layout.quick_exit_keys": [],
  "layout.quick_exit_twice_more": [],
  "layout.quick_exit_once_more": [],
  "layout.demo_title": [],
  "layout.demo_text": [],
  "layout.urgent": ["number"],
  "layout.menu": [],
  "layout.report_link": [],
  "layout.main_menu": [],
  "layout.language_menu": [],
  "layout.reporting_address": ["email"],

  "blocks.emergency_title": [],
  "blocks.cover_tracks_title": [],
  "blocks.cover_tracks_text": [],
  "blocks.form_channel": ["link"],
  "blocks.form_link": [],
  "blocks.email_channel": ["email"],
  "blocks.responder": ["name", "role"],
  "blocks.direct_contact": ["name", "role", "contact"],
  "blocks.languages": ["languages"],
  "blocks.receives_reports": [],
  "blocks.no_form_reports": [],
  "blocks.contact": ["contact"],

  "responder.page_description": ["role"],
  "responder.role": [],
  "responder.pronouns": [],
  "responder.languages": [],
  "responder.contact": [],
  "responder.receives_reports": [],
  "responder.receives_yes": [],
  "responder.receives_no": [],
  "responder.public_key": [],
  "responder.fingerprint": [],
  "responder.key_type": [],
  "responder.expires": [],
  "responder.never_expires": [],
  "responder.download_key": ["name"],

  "form.noscript": [],
  "form.privacy": [],
  "form.required": [],
  "form.anonymous_hint": [],
  "form.check_first": [],
  "form.answer_needed": ["question"],
  "form.choose_someone": [],
  "form.readers_legend": [],
  "form.readers_hint": [],
  "form.readers_of_language": ["names", "language"],
  "form.no_reader_of_language": ["language"],
  "form.reader": ["name", "role"],
  "form.languages": ["languages"],
  "form.key_expired": ["names"],
  "form.no_personal_inbox": [],
  "form.left_out": ["names"],
  "form.left_out_alias": ["names", "email"],
  "form.cannot_leave_out": ["names"],
  "form.send": [],
  "form.retry": [],
  "form.encrypting": [],
  "form.sending": [],
  "form.not_sent": [],
  "form.failure_offline": [],
  "form.failure_timeout": [],
  "form.failure_busy": [],
  "form.failure_server": [],
  "form.failure_refused": [],
  "form.failure_encryption": [],
  "form.failure_unconfirmed": [],
  "form.failure_recaptcha": [],
  "form.partly_sent": ["delivered", "missing"],
  "form.download_copy_for": ["name"],
  "form.inbox_said": ["detail"],
  "form.nothing_lost": [],
  "form.retry_option": ["retry"],
  "form.email_option": ["download", "email"],
  "form.download_encrypted": [],
  "form.encrypted_subject": ["reference"],
  "form.sent": [],
  "form.your_reference": ["reference"],
  "form.copy_reference": [],
  "form.reference_copied": [],
  "form.reply_contact": ["follow_up"],
  "form.reply_anonymous": [],
  "form.write_any_time": ["email"],
  "form.urgent_title": [],
  "form.urgent_phone": ["number"],
  "form.urgent_staff": ["staff", "where"],
  "form.report_subject": ["reference"],
  "form.save_copy": [],
  "form.save_copy_note": [],
  "form.unavailable": [],
  "form.unavailable_expired": [],
  "form.email": ["email"],
  "form.direct_contact": ["name", "role", "contact"],

  "transparency.categories": [],
  "transparency.outcomes": [],
  "transparency.reports": [],
  "transparency.other_categories": [],
  "transparency.other_outcomes": [],
  "transparency.unclassified": [],
  "transparency.open": [],
  "transparency.total": ["count"],
  "transparency.few": ["threshold"],
  "transparency.suppressed": ["threshold"],
  "transparency.none": [],
} as const satisfies Record<string, readonly string[]>;

/** A UI string's key, such as `layout.skip_link`. */
export type UiKey = keyof typeof UI_STRINGS;

/** The report form's strings: the keys under `form.`. */
export type FormKey = Extract<UiKey, `form.${string}`>;

/** One language's UI strings, by key. */
export type UiStrings = Readonly<Record<UiKey, string>>;

/** The report form's strings, passed to it in its props. */
export type FormStrings = Readonly<Record<FormKey, string>>;

/** Every key, in the catalogue's order. */
export const UI_KEYS: readonly UiKey[] = Object.keys(UI_STRINGS) as UiKey[];

/** `{name}`: a placeholder Confide fills in. */
const PLACEHOLDER = /\{([a-z_]+)\}/g;

/** The placeholders a text uses, in order of appearance (repeats included). */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? "");
}

/**
 * Splits a UI string around its placeholders and puts each value in its place: text parts stay
 * strings, values are whatever the caller gives (a string, markup, a Preact element). The browser and
 * the build both render the form through this, so their markup is the same.
 *
 * @param template - the UI string, e.g. `Email {email}.`
 * @param values - the value of each placeholder
 * @throws when the template names a placeholder that has no value (`confide check` prevents it)
 */
export function fillParts<T>(template: string, values: Readonly<Record<string, T>>): Array<string | T> {
  const parts: Array<string | T> = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? "";
    if (!Object.hasOwn(values, name)) throw new Error(`No value for {${name}} in "${template}".`);
    if (match.index > last) parts.push(template.slice(last, match.index));
    parts.push(values[name] as T);
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

/** A UI string with its placeholders replaced by text. */
export function fillText(template: string, values: Readonly<Record<string, string>>): string {
  return fillParts(template, values).join("");
}

/** The report form's strings, out of a language's UI strings. */
export function formStrings(strings: UiStrings): FormStrings {
  return Object.fromEntries(
    UI_KEYS.filter((key) => key.startsWith("form.")).map((key) => [key, strings[key]]),
  ) as FormStrings;
}
