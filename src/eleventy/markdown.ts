import markdownIt from "markdown-it";
import markdownItAnchor from "markdown-it-anchor";
import type { EleventyConfig } from "./eleventy-types.ts";

/**
 * Markdown for organisers' pages: HTML blocks allowed (the shortcodes print them), smart quotes, and
 * an id on every heading so a responder can link straight to "Confidentiality".
 * No visible "#" link after the headings (issue 14): on a help page it reads as clutter and adds a tab
 * stop per heading for a keyboard user; the ids keep every section linkable.
 */
export default function markdownPlugin(eleventyConfig: EleventyConfig): void {
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
  });
  eleventyConfig.setLibrary("md", md);
}
