import { formatDiagnostic } from "../check/diagnostic.ts";
import { readFrontMatterText } from "../content/front-matter.ts";
import type { EleventyConfig } from "./eleventy-types.ts";

/**
 * Eleventy reads each page's front matter through Confide's one reader (src/content/front-matter.ts)
 * instead of parsing it again with js-yaml: the build and `confide check` parse each front matter once
 * (issue 11), and the page is built from exactly the data the checks validated.
 * https://www.11ty.dev/docs/data-frontmatter-customize/
 */
export default function frontMatterPlugin(eleventyConfig: EleventyConfig): void {
  eleventyConfig.setFrontMatterParsingOptions({ engines: { yaml: frontMatterEngine } });
}

/**
 * The front matter as splitFrontMatter cuts it, from the text gray-matter cuts: gray-matter keeps the
 * line break after the opening `---` (and, in a CRLF file, the carriage return before the closing
 * one). The same text, so the checks and Eleventy find one entry in the reader.
 */
export function yamlOfGrayMatterCut(text: string): string {
  return text.replace(/^\r?\n/, "").replace(/\r$/, "");
}

/**
 * The YAML engine Eleventy's gray-matter calls with the text between a page's `---` lines.
 *
 * @param text - the front matter as gray-matter cuts it
 * @param options - gray-matter's options; Eleventy adds the page's `filePath`
 * @returns a copy of the page's data (Eleventy adds to the object it is given)
 * @throws Error at the file, line and column of a front matter that is not a YAML mapping
 */
export function frontMatterEngine(text: string, options?: { filePath?: string }): Record<string, unknown> {
  const { data, problems } = readFrontMatterText({ yaml: yamlOfGrayMatterCut(text) });
  if (data === null) {
    // A YAML mistake, or YAML that is not a mapping: the reader's first problem says which, and where.
    const [problem] = problems;
    const file = options?.filePath ?? "(a page)";
    throw new Error(
      problem
        ? formatDiagnostic({ ...problem, file, line: problem.line + 1 })
        : `${file}: the front matter is not a list of fields.`,
    );
  }
  return structuredClone(data) as Record<string, unknown>;
}
