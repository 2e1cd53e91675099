import { relative, resolve, sep } from "node:path";
import { isPagePath } from "../content/page-files.ts";
import type { EleventyConfig } from "./eleventy-types.ts";

/** Where Confide's own templates (responder pages, keys, the hook's file) live, as Eleventy sees them. */
export const GENERATED_TEMPLATES = "confide-generated";

/** Options of {@link publishedPagesPlugin}. */
export interface PublishedPagesPluginOptions {
  /** The content folder. */
  contentDir: string;
}

/**
 * Publishes the content folder's pages and nothing else: Eleventy would render every markdown, HTML
 * and Liquid file it finds (a page in keys/, in _drafts/, an about.html), which `confide check`
 * never looked at (issue 14). A preprocessor returning false leaves the file out
 * (https://www.11ty.dev/docs/config-preprocessors/); Confide's own templates are kept.
 */
export default function publishedPagesPlugin(
  eleventyConfig: EleventyConfig,
  options: PublishedPagesPluginOptions,
): void {
  const root = resolve(options.contentDir);
  eleventyConfig.addPreprocessor("confide-pages-only", "*", function (this: { inputPath: string }) {
    const file = relative(root, resolve(this.inputPath)).split(sep).join("/");
    if (file.startsWith(`${GENERATED_TEMPLATES}/`)) return undefined;
    return isPagePath(file) ? undefined : false;
  });
}
