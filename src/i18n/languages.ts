/**
 * Facts about languages that come from the language tag itself (its writing direction, its name in
 * another language), computed at build time with the runtime's Unicode data (ICU), so the browser
 * never has to and the pages do not depend on the reader's browser.
 */

/** A language tag as site.yaml's `lang` and the roster's `languages` take it: `en`, `en-GB`, `pt-BR`. */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** Languages written right to left, for a runtime whose Intl.Locale lacks text info. */
const RIGHT_TO_LEFT = new Set([
  "ar",
  "arc",
  "ckb",
  "dv",
  "fa",
  "he",
  "iw",
  "ks",
  "ku-Arab",
  "ps",
  "sd",
  "ug",
  "ur",
  "yi",
]);

/** The writing direction of a language, for the `dir` attribute: `ar` → `rtl`, `es` → `ltr`. */
export function directionOf(tag: string): "ltr" | "rtl" {
  try {
    const locale = new Intl.Locale(tag) as Intl.Locale & {
      getTextInfo?: () => { direction?: string };
      textInfo?: { direction?: string };
    };
    const direction = (locale.getTextInfo?.() ?? locale.textInfo)?.direction;
    if (direction === "rtl" || direction === "ltr") return direction;
  } catch {
    // not a tag Intl knows: fall back to the list
  }
  return RIGHT_TO_LEFT.has(tag) || RIGHT_TO_LEFT.has(primaryLanguage(tag)) ? "rtl" : "ltr";
}

/** The language without its region or script: `en-GB` → `en`. */
export function primaryLanguage(tag: string): string {
  return (tag.split("-")[0] ?? tag).toLowerCase();
}

/** Whether two tags name the same language, whatever the region: `en` and `en-GB` do. */
export function sameLanguage(a: string, b: string): boolean {
  return primaryLanguage(a) === primaryLanguage(b);
}

/**
 * A language's name in another language: `languageName("es", "en")` is "Spanish",
 * `languageName("es", "es")` is "español".
 *
 * @param tag - the language to name
 * @param inLanguage - the language to name it in
 */
export function languageName(tag: string, inLanguage: string): string {
  // Remembered: a build names a page's language in each of its warnings, a thousand times for a
  // thousand pages, and ICU takes a tenth of a millisecond to answer (issue 11).
  const key = `${inLanguage}\u0000${tag}`;
  let name = names.get(key);
  if (name === undefined) {
    try {
      name = displayNamesIn(inLanguage).of(tag) ?? tag;
    } catch {
      name = tag;
    }
    names.set(key, name);
  }
  return name;
}

/** Each language's name in each language, as {@link languageName} found it. */
const names = new Map<string, string>();

/** One Intl.DisplayNames per language: making one costs more than naming a language with it (issue 11). */
const displayNames = new Map<string, Intl.DisplayNames>();
function displayNamesIn(language: string): Intl.DisplayNames {
  let names = displayNames.get(language);
  if (!names) {
    names = new Intl.DisplayNames([language], { type: "language", fallback: "code" });
    displayNames.set(language, names);
  }
  return names;
}

/** Several languages' names in one language: ["ig", "en"] in English is ["Igbo", "English"]. */
export function languageNames(tags: readonly string[], inLanguage: string): string[] {
  return tags.map((tag) => languageName(tag, inLanguage));
}

/** One piece of a formatted list: an item, or the words between items. */
type ListPart = { type: "element" | "literal"; value: string };

/**
 * Items joined as the language joins a list, with "and" (`and`: "English, Igbo and Spanish") or "or"
 * (`or`: an email address or a phone number), keeping the items as they are: strings, markup or
 * elements. The words between them come from the runtime's Unicode data: "y" in Spanish, "و" in Arabic.
 *
 * @param items - the items, in order
 * @param language - the language of the sentence
 * @param type - "and" or "or"
 */
export function joinParts<T>(items: readonly T[], language: string, type: "and" | "or"): Array<string | T> {
  if (items.length < 2) return [...items];
  let parts: ListPart[];
  try {
    parts = new Intl.ListFormat([language], {
      style: "long",
      type: type === "and" ? "conjunction" : "disjunction",
    }).formatToParts(items.map((_, index) => `\u0000${index}\u0000`));
  } catch {
    parts = items.flatMap((_, index): ListPart[] => [
      ...(index > 0 ? [{ type: "literal" as const, value: ", " }] : []),
      { type: "element" as const, value: `\u0000${index}\u0000` },
    ]);
  }
  return parts.map((part) =>
    part.type === "element" ? (items[Number(part.value.replaceAll("\u0000", ""))] as T) : part.value,
  );
}

/** Strings joined as the language joins a list: see {@link joinParts}. */
export function joinList(items: readonly string[], language: string, type: "and" | "or" = "and"): string {
  return joinParts(items, language, type).join("");
}
