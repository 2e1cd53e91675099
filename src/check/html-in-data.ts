import type { Diagnostic } from "./diagnostic.ts";
import type { YamlSource } from "./yaml-source.ts";

/**
 * Every value in the data files (site.yaml, roster.yaml, report.yaml, ui.yaml and their translations)
 * is plain text: pages print it escaped, so markup in it would show as typed, tags and all, and never
 * act. `confide check` says so before anyone sees it, and points at the value. (Markdown pages are the
 * organiser's own and may hold HTML; data fields may not.) Pure.
 */

/**
 * The start of an HTML tag or comment: `<name` followed by a space, `/` or `>`, a closing `</name`, or
 * `<!`. Text such as "<3" or "a < b", and markdown autolinks such as `<https://example.org>`, are not
 * tags.
 */
const HTML_TAG = /<\/?[A-Za-z][A-Za-z0-9-]*(?=[\s/>])|<\/[A-Za-z]|<!/;

/**
 * One error for each string value of a YAML data file that holds HTML.
 *
 * @param source - the parsed data file
 */
export function htmlInDataDiagnostics(source: YamlSource): Diagnostic[] {
  return source.strings().flatMap(({ path, value, position }) => {
    const match = HTML_TAG.exec(value);
    if (!match) return [];
    const field = path.map(String).join(".");
    const tag = value.slice(match.index, match.index + 40).split(/\s|>/)[0] ?? "<";
    return [
      {
        file: source.file,
        ...position,
        severity: "error" as const,
        message: `${field} holds HTML (${tag}…), but it is plain text: pages show it as written, tags and all, and never as markup.`,
        fix: "Remove the HTML and write the text itself. Links and formatting belong in the markdown pages, which may hold HTML.",
      },
    ];
  });
}
