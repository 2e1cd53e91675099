import markdownIt from "markdown-it";
import markdownItAnchor from "markdown-it-anchor";
import type { EleventyConfig } from "./eleventy-types.ts";

/**
 * Markdown for organisers' pages: HTML blocks allowed (the shortcodes print them), smart quotes, and
 * an anchor on every heading so a responder can link straight to "Confidentiality".
 * The permalink is a visually hidden link after the heading: screen readers announce it with the
 * heading's name instead of a bare "#" (https://github.com/valeriangalliat/markdown-it-anchor#permalinks).
 */
export default function markdownPlugin(eleventyConfig: EleventyConfig): void {
  const md = markdownIt({ html: true, linkify: false, typographer: true }).use(markdownItAnchor, {
    level: [2, 3, 4],
    slugify: (text: string) =>
      text
        .toLowerCase()
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .replace(/[^\p{L}\p{N}]+/gu, "-")
        .replace(/^-+|-+$/g, ""),
    permalink: markdownItAnchor.permalink.linkAfterHeader({
      style: "visually-hidden",
      assistiveText: (title: string) => `Link to the section “${title}”`,
      visuallyHiddenClass: "visually-hidden",
      wrapper: ['<div class="heading">', "</div>"],
      symbol: "#",
      placement: "after",
    }),
  });
  eleventyConfig.setLibrary("md", md);
}
