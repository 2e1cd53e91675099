/**
 * The desk's own words, by language. English is complete and is the fallback for any key another
 * language lacks (a test keeps every language's keys and placeholders equal to English's).
 * Placeholders are `{name}`, filled by the page. Pure; the page receives one language's strings.
 */
const en = {
  title: "Confide desk",
  subtitle: "Reports for {event}. Case files are kept encrypted in {dir}.",
  no_token:
    "Open the desk at the address it printed when it started: that address carries the key to this session.",
  loading: "Loading…",
  failed: "The desk did not answer. Is it still running? Start it again with npx confide desk.",
  unlock_heading: "Unlock",
  unlock_intro: "Your private key decrypts the reports. It stays in the desk's memory and is never saved.",
  key_named: "Your key: {name}",
  key_file: "Your private key file",
  passphrase: "Passphrase (leave it empty if your key has none)",
  unlock: "Unlock",
  needs_passphrase: "This key is protected by a passphrase: type it, then unlock.",
  wrong_passphrase: "That passphrase does not unlock the key. Try again.",
  choose_key: "Choose your private key file first.",
  unlocked_as: "Unlocked{as}.",
  as_name: " as {name}",
  menu: "Desk",
  tab_cases: "Cases ({count})",
  tab_import: "Bring reports in",
  tab_patterns: "Patterns",
  tab_transparency: "Transparency",
  tab_retention: "Retention",
  cases_heading: "Cases",
  cases_none: "No cases yet. Bring reports in first.",
  cases_caption: "Every case, overdue first",
  col_reference: "Reference",
  col_status: "Status",
  col_follow_up: "Follow-up",
  col_owner: "Owner",
  col_tags: "Tags",
  others_case_files:
    "Case files in this folder that are not addressed to you: {count}. Their reporters did not send the report to you.",
  unreadable_case_files: "Case files that could not be read:",
  status_new: "New",
  status_acknowledged: "Acknowledged",
  "status_in-progress": "In progress",
  status_closed: "Closed",
  overdue: "Overdue: reply was due {date}",
  due: "Reply by {date}",
  answered: "Answered",
  follow_up_unknown: "No promised time",
  still_happening: "Still happening",
  open_case: "Open {reference}",
  back: "Back to the cases",
  report_heading: "Report {reference}",
  raw_heading: "Decrypted message {reference}",
  raw_note: "This is not a readable Confide report ({reason}). Its text follows as it is.",
  fact_submitted: "Sent",
  fact_received: "Received by the form service",
  fact_language: "Language",
  fact_sent_to: "Sent to",
  fact_ongoing: "Still happening?",
  fact_contact: "Contact details",
  contact_left: "Left: the reporter can be answered",
  contact_none: "None: the report is anonymous",
  site_wording: "On the site: {label}",
  no_answer: "(no answer)",
  versions_heading: "Other versions of this report ({count})",
  versions_intro:
    "These arrived under the same reference: the reporter may have sent the report again with changes, or someone copied its reference. The version sent last is shown above.",
  version: "Version {n}",
  case_heading: "Case record",
  field_status: "Status",
  field_owner: "Owner",
  field_category: "Category",
  field_outcome: "Outcome",
  save_case: "Save the case",
  saved: "Saved.",
  tags_heading: "People and places",
  tags_none: "No tags yet.",
  tag_kind: "Kind",
  tag_person: "Person",
  tag_place: "Place",
  tag_name: "Name or description",
  add_tag: "Add the tag",
  remove_tag: "Remove {tag}",
  shared_heading: "Other cases with the same tags",
  shared_tag: "{tag}:",
  notes_heading: "Notes",
  notes_none: "No notes yet.",
  note_by: "{author}, {date}",
  new_note: "New note",
  add_note: "Add the note",
  import_heading: "Bring reports in",
  import_intro:
    "Choose or drop what your form service or mail gave you: a Formspree CSV or JSON export, saved emails (.eml), .asc files, or the local inbox folder. Or paste the encrypted text.",
  pick_files: "Choose files",
  pick_folder: "Choose a folder (the local inbox)",
  drop_here: "Or drop files here.",
  paste: "Paste encrypted reports",
  import_pasted: "Bring in the pasted text",
  importing: "Decrypting…",
  import_result:
    "{added} new cases; {already} already on the desk; {other} not addressed to you; {damaged} damaged.",
  import_details: "Details",
  import_unusable: "The key cannot decrypt: {reason}",
  patterns_heading: "Patterns",
  patterns_intro: "Every person and place tagged, with the cases that share them.",
  patterns_none: "No tags yet: tag the people and places a report concerns.",
  pattern_cases: "Cases ({count}):",
  transparency_heading: "Transparency report",
  transparency_intro:
    "Writes the counts by category and outcome into the site's content folder, with every count below {threshold} left out. Review the file, then rebuild the site: a page shows it with {% transparency_report %}.",
  transparency_write: "Write the transparency figures",
  transparency_written: "Written to {path}.",
  transparency_total: "Reports in all: {count}",
  transparency_few: "Fewer than {threshold} reports in all.",
  retention_heading: "Retention",
  retention_intro: "Closed cases are kept for {days} days after closing, then deleted from this folder.",
  retention_none: "No case is due for deletion.",
  retention_due: "{reference}: due since {date}",
  retention_confirm: "I understand that these case files will be deleted for good.",
  retention_delete: "Delete these case files ({count})",
  retention_deleted: "Case files deleted: {count}.",
  error: "Something went wrong: {detail}",
};

/** The keys of the desk's words. */
export type DeskStringKey = keyof typeof en;

/** One language's words. */
export type DeskStrings = Readonly<Record<DeskStringKey, string>>;

/** Every language the desk speaks, by primary language subtag. */
export const DESK_STRINGS: Readonly<Record<string, Partial<DeskStrings>>> = { en };

/**
 * The desk's words in a language (by its primary subtag: "es-MX" reads "es"), English for any it lacks.
 * The tag is kept whole when the desk speaks the language, so times and numbers follow the region
 * ("en-GB" writes 15:03); a language the desk does not speak falls back to "en".
 *
 * @param tag - a BCP 47 language tag
 */
export function deskStrings(tag: string): { lang: string; strings: DeskStrings } {
  const primary = tag.toLowerCase().split("-")[0] ?? "en";
  const own = DESK_STRINGS[primary];
  return own ? { lang: tag, strings: { ...en, ...own } } : { lang: "en", strings: en };
}
