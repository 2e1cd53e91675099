import { type Diagnostic, type Position, START } from "../check/diagnostic.ts";
import { closest } from "../check/schema-diagnostics.ts";
import type { YamlSource } from "../check/yaml-source.ts";
import type { Report, ReportField } from "../report/report-fields.ts";
import type { Responder } from "../roster/validate-roster.ts";
import type { Site } from "../site/site-schema.ts";
import { placeholdersOf, UI_KEYS, UI_STRINGS, type UiKey, type UiStrings } from "./ui-strings.ts";

/**
 * Translations: each language's UI strings (`ui.yaml`), and the text of the site's data files in a
 * translation (`<lang>/_data/site.yaml`, `roster.yaml`, `report.yaml`). A translation's data files hold
 * only text, keyed by what it translates (a field's id, a responder's id, an emergency number), never
 * ids, numbers, addresses or keys: those stay in the site's own data files, once.
 *
 * A UI string that is missing, unknown or loses a placeholder is an error: the page would have no
 * words, or the wrong ones. A data text that is missing (a responder added since the translation was
 * made) or translates nothing (one removed) is a warning: the page shows the original text until it
 * is translated, so a roster change is never held up by a translator. A malformed value is an error.
 */

/** One language the site is published in, with everything its pages print, in that language. */
export interface SiteLanguage {
  /** The language tag: site.yaml's `lang` for the site's own language, the folder's name for a translation. */
  tag: string;
  /** The folder of its pages, relative to the content folder: "" for the site's own language, or "es/". */
  folder: string;
  /** What its pages' addresses start with: "" for the site's own language, or "/es". */
  prefix: string;
  /** The writing direction, for the `dir` attribute. */
  dir: "ltr" | "rtl";
  /** Confide's own words in this language. */
  ui: UiStrings;
  /** site.yaml, with its text in this language. */
  site: Site;
  /** report.yaml, with its questions in this language (ids, types and order unchanged). */
  report: Report;
  /** The roster, with roles, descriptions and pronouns in this language. */
  responders: Responder[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function valueAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const segment of path) {
    if (!isRecord(node)) return undefined;
    node = node[segment];
  }
  return node;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "empty";
  if (Array.isArray(value)) return "a list";
  if (isRecord(value)) return "a group of fields";
  if (typeof value === "string") return value.trim() ? `the text ${JSON.stringify(value)}` : "empty";
  return `the value ${String(value)}`;
}

/** "form.send" as YAML nests it: `send:` under `form:`. */
function whereInYaml(path: readonly string[]): string {
  const last = path[path.length - 1] ?? "";
  const parents = path.slice(0, -1);
  return parents.length === 0 ? `\`${last}:\`` : `\`${last}:\` under \`${parents.join(": ")}:\``;
}

/**
 * Checks one language's UI strings against the catalogue (src/i18n/ui-strings.ts): every key present
 * with a non-empty text, no unknown key, and each text keeping exactly the placeholders Confide fills in.
 *
 * @param options.source - the parsed `ui.yaml`
 * @param options.reference - the site's own language's strings and file, quoted for a missing text
 *   (null when checking those)
 * @param options.languageLabel - the language's name in English, for messages ("Spanish")
 * @param options.fallback - where a text the file leaves out comes from instead of being an error:
 *   Confide's own words in the same language (silently), or the site's own language (with one warning)
 * @returns the strings when the file is complete and correct, the texts it does have (`found`), and
 *   every problem found
 */
export function validateUiStrings(options: {
  source: YamlSource;
  reference: { file: string; strings: Partial<UiStrings> } | null;
  languageLabel: string;
  fallback?: UiFallback | null;
}): { strings: UiStrings | null; found: Partial<UiStrings>; diagnostics: Diagnostic[] } {
  const { source, reference, languageLabel, fallback = null } = options;
  const borrowed: UiKey[] = [];
  const diagnostics: Diagnostic[] = [];
  const add = (position: Position, message: string, fix: string) =>
    diagnostics.push({ file: source.file, ...position, severity: "error", message, fix });
  const root = source.value;
  if (!isRecord(root)) {
    add(
      START,
      `${source.file} should hold Confide's words in ${languageLabel}, grouped under language:, layout:, blocks:, responder: and form:, not ${describeValue(root)}.`,
      "Give only the texts you change, grouped as in Confide's src/i18n/ui/en.yaml.",
    );
    return { strings: null, found: {}, diagnostics };
  }

  const strings: Partial<Record<UiKey, string>> = {};
  for (const key of UI_KEYS) {
    const path = key.split(".");
    const value = valueAt(root, path);
    const known = reference?.strings[key];
    const original = reference && known ? ` ${reference.file} has ${JSON.stringify(known)}.` : "";
    const missing = value === undefined || value === null || (typeof value === "string" && !value.trim());
    const instead = fallback?.strings[key];
    if (missing && instead !== undefined) {
      strings[key] = instead;
      if (!fallback?.sameLanguage) borrowed.push(key);
      continue;
    }
    if (missing) {
      add(
        source.positionOf(path),
        `Missing the text "${key}".${original}`,
        `Add ${whereInYaml(path)} with the ${languageLabel} text: pages in ${languageLabel} show it.`,
      );
      continue;
    }
    if (typeof value !== "string") {
      add(
        source.positionOf(path),
        `"${key}" should be a text, not ${describeValue(value)}.`,
        'Write the text on the same line, in quotes if it contains ": " or starts with "{".',
      );
      continue;
    }
    const expected: readonly string[] = UI_STRINGS[key];
    const found = placeholdersOf(value);
    const braces = (names: readonly string[]) => names.map((name) => `{${name}}`).join(", ");
    const unknown = [...new Set(found.filter((name) => !expected.includes(name)))];
    const left = expected.filter((name) => !found.includes(name));
    if (unknown.length > 0) {
      add(
        source.positionOf(path),
        `"${key}" has ${braces(unknown)}, which Confide does not fill in here.`,
        expected.length > 0
          ? `Keep the placeholders exactly as in English: ${braces(expected)}. Words in braces are never translated.`
          : "This text takes no placeholders: remove the braces.",
      );
    }
    if (left.length > 0) {
      add(
        source.positionOf(path),
        `"${key}" leaves out ${braces(left)}, which every language keeps (English: ${braces(expected)}).`,
        `Put ${braces(left)} back where it belongs in the sentence, exactly as written, braces included.`,
      );
    }
    strings[key] = value;
  }

  const known = new Set<string>(UI_KEYS);
  const walk = (node: Record<string, unknown>, path: readonly string[]) => {
    for (const [name, value] of Object.entries(node)) {
      const childPath = [...path, name];
      const key = childPath.join(".");
      if (known.has(key)) continue;
      const isGroup = UI_KEYS.some((k) => k.startsWith(`${key}.`));
      if (isGroup && isRecord(value)) {
        walk(value, childPath);
        continue;
      }
      const suggestion = closest(key, UI_KEYS);
      add(
        source.positionOf(childPath, { key: true }),
        isGroup
          ? `"${key}" should hold the texts under it, indented, not ${describeValue(value)}.`
          : `Unknown text "${key}": Confide never shows it.`,
        isGroup
          ? `Indent its texts by two spaces under \`${name}:\`, as in Confide's src/i18n/ui/en.yaml.`
          : suggestion
            ? `Did you mean "${suggestion}"? Otherwise remove it.`
            : "Remove it, or check its name and group against Confide's src/i18n/ui/en.yaml.",
      );
    }
  };
  walk(root, []);
  const failed = diagnostics.length > 0;
  if (fallback && borrowed.length > 0)
    diagnostics.push(borrowedWarning(source.file, languageLabel, fallback, borrowed));

  return { strings: failed ? null : (strings as UiStrings), found: strings, diagnostics };
}

/** Where the UI strings a language's ui.yaml leaves out come from. */
export interface UiFallback {
  /** The texts to use instead. */
  strings: Partial<UiStrings>;
  /** True for Confide's own words in the same language (no warning); false for another language's. */
  sameLanguage: boolean;
  /** That language's name in English, for the warning ("English"). */
  label: string;
}

/**
 * The one warning for a language whose pages show some of Confide's words in another language: the
 * site still builds, so adding a language never waits for a translator.
 *
 * @param file - the language's ui.yaml (which may not exist yet)
 * @param languageLabel - the language's name in English
 * @param fallback - where the texts come from instead
 * @param keys - the texts borrowed
 */
export function borrowedWarning(
  file: string,
  languageLabel: string,
  fallback: UiFallback,
  keys: readonly UiKey[],
): Diagnostic {
  const listed =
    keys.length > 6 ? `${keys.slice(0, 6).join(", ")} and ${keys.length - 6} more` : keys.join(", ");
  return {
    file,
    ...START,
    severity: "warning",
    message: `Confide does not ship its own words in ${languageLabel}, and ${file} does not give ${keys.length === UI_KEYS.length ? "them" : `${keys.length} of them (${listed})`}: ${languageLabel} pages show them in ${fallback.label}.`,
    fix: `Translate them into ${file}, grouped and named as in Confide's src/i18n/ui/en.yaml, which explains each one.`,
  };
}

/** One text of a data file that a translation gives in its language. */
interface TranslatableText {
  /** Where the translation file has it. */
  path: readonly string[];
  /** The text in the site's own data file, quoted in messages. */
  original: string | readonly string[];
  /** Whether the translation must give it (else the original is kept). */
  required: boolean;
  /** Puts the translation into the translated copy. */
  apply(value: string | string[]): void;
}

/** Collects the texts of one data file. */
function textCollector() {
  const texts: TranslatableText[] = [];
  return {
    texts,
    text(
      path: readonly string[],
      original: string | readonly string[] | undefined,
      apply: (value: string | string[]) => void,
      required = true,
    ) {
      if (original !== undefined) texts.push({ path, original, required, apply });
    },
  };
}

/**
 * Checks a translation's data file against the texts it must give, and applies it.
 *
 * @returns every problem: a missing or empty text, a wrong kind of value, an entry that translates
 *   nothing (an unknown key, a misspelt id, a number the original does not list)
 */
function applyTexts(options: {
  source: YamlSource;
  originalFile: string;
  languageLabel: string;
  texts: readonly TranslatableText[];
}): Diagnostic[] {
  const { source, originalFile, languageLabel, texts } = options;
  const diagnostics: Diagnostic[] = [];
  const add = (
    position: Position,
    message: string,
    fix: string,
    severity: Diagnostic["severity"] = "error",
  ) => diagnostics.push({ file: source.file, ...position, severity, message, fix });
  const root = source.value ?? {};
  const shown = (path: readonly string[]) => path.join(" › ");
  if (!isRecord(root)) {
    add(
      START,
      `${source.file} should hold the ${languageLabel} text of ${originalFile}, not ${describeValue(root)}.`,
      `Copy the example's translation of ${originalFile} and edit it.`,
    );
    return diagnostics;
  }

  for (const text of texts) {
    const value = valueAt(root, text.path);
    const quoted = Array.isArray(text.original)
      ? text.original.map((option) => JSON.stringify(option)).join(", ")
      : JSON.stringify(text.original);
    if (value === undefined || value === null || (typeof value === "string" && !value.trim())) {
      if (text.required)
        add(
          source.positionOf(text.path),
          `Missing the ${languageLabel} text for ${shown(text.path)}: ${languageLabel} pages show ${originalFile}'s (${quoted}) until it is translated.`,
          `Add ${whereInYaml(text.path)} with its ${languageLabel} text.`,
          "warning",
        );
      continue;
    }
    if (Array.isArray(text.original)) {
      const count = text.original.length;
      if (!Array.isArray(value) || value.some((item) => typeof item !== "string" || !item.trim())) {
        add(
          source.positionOf(text.path),
          `${shown(text.path)} should be a list of ${count} texts, one for each of ${originalFile}'s (${quoted}), not ${Array.isArray(value) ? "a list with an empty or non-text item" : describeValue(value)}.`,
          'Translate each option, in the same order, one per line starting with "- ", or [a, b] on one line.',
        );
        continue;
      }
      if (value.length !== count) {
        add(
          source.positionOf(text.path),
          `${shown(text.path)} has ${value.length} options, but ${originalFile} has ${count} (${quoted}): ${languageLabel} pages show the original options until they match.`,
          "Translate each option, in the same order: the form records the option the reporter chose, in their language.",
          "warning",
        );
        continue;
      }
      text.apply(value.map(String));
      continue;
    }
    if (typeof value !== "string" || !value.trim()) {
      add(
        source.positionOf(text.path),
        `${shown(text.path)} should be a text, not ${describeValue(value)}.`,
        `Write the ${languageLabel} text of ${quoted}.`,
      );
      continue;
    }
    text.apply(value);
  }

  const expected = texts.map((text) => text.path.join("\u0000"));
  const walk = (node: Record<string, unknown>, path: readonly string[]) => {
    for (const [name, value] of Object.entries(node)) {
      const childPath = [...path, name];
      const joined = childPath.join("\u0000");
      if (expected.includes(joined)) continue;
      const isGroup = expected.some((path) => path.startsWith(`${joined}\u0000`));
      if (isGroup && isRecord(value)) {
        walk(value, childPath);
        continue;
      }
      const siblings = [
        ...new Set(
          expected
            .filter((p) => p.startsWith(path.length > 0 ? `${path.join("\u0000")}\u0000` : ""))
            .map((p) => p.split("\u0000")[path.length] ?? ""),
        ),
      ];
      const suggestion = closest(name, siblings);
      add(
        source.positionOf(childPath, { key: true }),
        isGroup
          ? `${shown(childPath)} should hold the texts under it, indented, not ${describeValue(value)}.`
          : `${shown(childPath)} translates nothing: ${originalFile} has no such ${path.length > 0 ? `entry under ${shown(path)}` : "text"}.`,
        isGroup
          ? `Indent its texts by two spaces under \`${name}:\`.`
          : suggestion
            ? `Did you mean "${suggestion}"? The entries here are: ${siblings.join(", ")}.`
            : siblings.length > 0
              ? `Remove it. The entries here are: ${siblings.join(", ")}.`
              : "Remove it.",
        isGroup ? "error" : "warning",
      );
    }
  };
  walk(root, []);
  return diagnostics;
}

/**
 * site.yaml in a translation: every text the pages print (the event's dates and place, the emergency
 * numbers' labels and notes keyed by number, how to report on site, the channels keyed by address,
 * the independent contacts' roles keyed by name, the follow-up promise, the attribution). The event's name may be given; numbers, addresses and
 * settings never are.
 */
export function translateSite(options: {
  site: Site;
  source: YamlSource;
  originalFile: string;
  languageLabel: string;
}): {
  site: Site;
  diagnostics: Diagnostic[];
} {
  const site: Site = {
    ...options.site,
    event: { ...options.site.event },
    emergency: options.site.emergency.map((phone) => ({ ...phone })),
    ...(options.site.on_site
      ? {
          on_site: {
            ...options.site.on_site,
            ...(options.site.on_site.phone ? { phone: { ...options.site.on_site.phone } } : {}),
          },
        }
      : {}),
    channels: options.site.channels.map((channel) => ({ ...channel })),
    independent_contacts: options.site.independent_contacts.map((contact) => ({ ...contact })),
  };
  const { texts, text } = textCollector();
  const str = (value: string | string[]) => String(value);
  text(["event", "name"], site.event.name, (v) => (site.event.name = str(v)), false);
  text(["event", "dates"], site.event.dates, (v) => (site.event.dates = str(v)));
  text(["event", "place"], site.event.place, (v) => (site.event.place = str(v)));
  for (const phone of site.emergency) {
    text(["emergency", phone.number, "label"], phone.label, (v) => (phone.label = str(v)));
    text(["emergency", phone.number, "note"], phone.note, (v) => (phone.note = str(v)));
  }
  const onSite = site.on_site;
  if (onSite) {
    text(["on_site", "staff"], onSite.staff, (v) => (onSite.staff = str(v)));
    text(["on_site", "where"], onSite.where, (v) => (onSite.where = str(v)));
  }
  const phone = onSite?.phone;
  if (phone) {
    text(["on_site", "phone", "label"], phone.label, (v) => (phone.label = str(v)));
    text(["on_site", "phone", "note"], phone.note, (v) => (phone.note = str(v)));
  }
  for (const channel of site.channels) {
    text(["channels", channel.url, "label"], channel.label, (v) => (channel.label = str(v)));
    text(["channels", channel.url, "note"], channel.note, (v) => (channel.note = str(v)));
  }
  // Contacts outside the team, keyed by their name (which stays as written): their role in words.
  for (const contact of site.independent_contacts) {
    text(["independent_contacts", contact.name, "role"], contact.role, (v) => (contact.role = str(v)));
  }
  text(["follow_up"], site.follow_up, (v) => (site.follow_up = str(v)));
  text(["attribution"], site.attribution, (v) => (site.attribution = str(v)));
  return { site, diagnostics: applyTexts({ ...options, texts }) };
}

/** roster.yaml in a translation: each responder's role and description, by id; pronouns optionally. */
export function translateRoster(options: {
  responders: readonly Responder[];
  source: YamlSource;
  originalFile: string;
  languageLabel: string;
}): { responders: Responder[]; diagnostics: Diagnostic[] } {
  const responders = options.responders.map((responder) => ({ ...responder }));
  const { texts, text } = textCollector();
  for (const responder of responders) {
    const at = (field: string) => ["responders", responder.id, field];
    text(at("role"), responder.role, (v) => (responder.role = String(v)));
    text(at("about"), responder.about, (v) => (responder.about = String(v)));
    text(at("pronouns"), responder.pronouns, (v) => (responder.pronouns = String(v)), false);
  }
  return { responders, diagnostics: applyTexts({ ...options, texts }) };
}

/**
 * report.yaml in a translation: each question's label, summary, hint and options, by the question's
 * id. The id, the type, whether it is required, and the order stay those of the original.
 */
export function translateReport(options: {
  report: Report;
  source: YamlSource;
  originalFile: string;
  languageLabel: string;
}): { report: Report; diagnostics: Diagnostic[] } {
  const fields: ReportField[] = options.report.fields.map((field) => ({
    ...field,
    ...(field.options ? { options: [...field.options] } : {}),
  }));
  const { texts, text } = textCollector();
  for (const field of fields) {
    const at = (name: string) => ["fields", field.id, name];
    text(at("label"), field.label, (v) => (field.label = String(v)));
    text(at("summary"), field.summary, (v) => (field.summary = String(v)));
    text(at("hint"), field.hint, (v) => (field.hint = String(v)));
    text(at("options"), field.options, (v) => (field.options = Array.isArray(v) ? v : [v]));
  }
  return { report: { ...options.report, fields }, diagnostics: applyTexts({ ...options, texts }) };
}

/**
 * The language of the page at an address: the translation whose prefix it starts with (`/es/…`), or
 * the site's own language. Every page of a translation lives under its prefix (`confide check` sees to it).
 *
 * @param languages - the site's languages, its own first
 * @param url - the page's address
 */
export function languageOfUrl(languages: readonly SiteLanguage[], url: string): SiteLanguage {
  const own = languages[0];
  if (!own) throw new Error("The site has no language: its content was not validated.");
  return languages.find((language) => language.prefix && url.startsWith(`${language.prefix}/`)) ?? own;
}
