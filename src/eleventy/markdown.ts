import markdownIt from "markdown-it";
import markdownItAnchor from "markdown-it-anchor";
import { fillText } from "../i18n/ui-strings.ts";
import type { EleventyConfig } from "./eleventy-types.ts";
import type { PageLanguageData } from "./languages.ts";

/** What the anchor plugin's permalink renderer is given (markdown-it-anchor's `permalink` option). */
type PermalinkRenderer = (slug: string, options: unknown, state: { env: unknown }, index: number) => void;

/**
 * Markdown for organisers' pages: HTML blocks allowed (the shortcodes print them), smart quotes, and
 * an anchor on every heading so a responder can link straight to "Confidentiality".
 * The permalink is a visually hidden link after the heading: screen readers announce it with the
 * heading's name instead of a bare "#" (https://github.com/valeriangalliat/markdown-it-anchor#permalinks),
 * in the page's language (`layout.heading_link`; Eleventy renders markdown with the page's data as `env`).
 */
export default function markdownPlugin(eleventyConfig: EleventyConfig): void {
  const permalink: PermalinkRenderer = (slug, options, state, index) => {
    const language = (state.env as { language?: PageLanguageData } | undefined)?.language;
    const template = language?.ui["layout.heading_link"] ?? "Link to the section “{heading}”";
    const render = markdownItAnchor.permalink.linkAfterHeader({
      style: "visually-hidden",
      assistiveText: (title: string) => fillText(template, { heading: title }),
      visuallyHiddenClass: "visually-hidden",
      wrapper: ['<div class="heading">', "</div>"],
      symbol: "#",
      placement: "after",
    }) as unknown as PermalinkRenderer;
    render(slug, options, state, index);
  };
  const md = markdownIt({ html: true, linkify: false, typographer: true }).use(markdownItAnchor, {
    level: [2, 3, 4],
    slugify: (text: string) =>
      text
        .toLowerCase()
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        // Letters and digits of any script, with their marks (Arabic vowel signs, Devanagari matras).
        .replace(/[^\p{L}\p{N}\p{M}]+/gu, "-")
        .replace(/^-+|-+$/g, ""),
    permalink: permalink as never,
  });
  eleventyConfig.setLibrary("md", md);
}
