import { relative, resolve } from "node:path";
import syntaxHighlight from "@11ty/eleventy-plugin-syntaxhighlight";
import assetsPlugin from "./src/eleventy/assets.ts";
import contentPlugin from "./src/eleventy/content.ts";
import { contentLoader } from "./src/eleventy/content-loader.ts";
import type { EleventyConfig } from "./src/eleventy/eleventy-types.ts";
import islandPlugin from "./src/eleventy/island.ts";
import markdownPlugin from "./src/eleventy/markdown.ts";
import receivingKeysPlugin from "./src/eleventy/receiving-keys.ts";

export default function (eleventyConfig: EleventyConfig) {
  // `CONFIDE_CONTENT=dir npm run build` builds another content folder; `CONFIDE_OUT` writes elsewhere.
  const contentDir = process.env.CONFIDE_CONTENT ?? "content";
  const outputDir = process.env.CONFIDE_OUT ?? "_site";

  const content = contentLoader({ dir: contentDir });
  // Validate content/ first and turn it into data, shortcodes, responder pages and published keys.
  eleventyConfig.addPlugin(contentPlugin, { content });
  // The encrypted report form and the quick-exit control: the only JavaScript the site ships.
  // `npm start` sets CONFIDE_FORM_ENDPOINT=same-origin to post to its local inbox.
  eleventyConfig.addPlugin(islandPlugin, { content, formEndpoint: process.env.CONFIDE_FORM_ENDPOINT });
  eleventyConfig.addPlugin(markdownPlugin);
  // The receiving keys' ids, which the functions/ hook reads to accept reports that name their recipients.
  eleventyConfig.addPlugin(receivingKeysPlugin, { content });
  // Highlights the gpg commands in the responder guide at build time: no JavaScript reaches the page.
  eleventyConfig.addPlugin(syntaxHighlight);
  eleventyConfig.addPlugin(assetsPlugin);
  // An unknown variable in a page is an organiser's typo: fail the build instead of printing nothing.
  eleventyConfig.addGlobalData("layout", "base.liquid");
  eleventyConfig.setLiquidOptions({ strictVariables: true, strictFilters: true, lenientIf: true });

  return {
    dir: {
      input: contentDir,
      output: outputDir,
      // Layouts are code, not content: they live in src/ whichever content folder is built.
      includes: relative(resolve(contentDir), resolve("src/_includes")),
      data: "_data",
    },
    markdownTemplateEngine: "liquid",
    htmlTemplateEngine: "liquid",
    templateFormats: ["md", "liquid", "html"],
  };
}
