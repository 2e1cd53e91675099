import { relative, resolve } from "node:path";
import syntaxHighlight from "@11ty/eleventy-plugin-syntaxhighlight";
import { buildTime } from "./src/build/build-time.ts";
import assetsPlugin from "./src/eleventy/assets.ts";
import contentPlugin from "./src/eleventy/content.ts";
import { contentLoader } from "./src/eleventy/content-loader.ts";
import type { EleventyConfig } from "./src/eleventy/eleventy-types.ts";
import headersPlugin from "./src/eleventy/headers.ts";
import integrityPlugin from "./src/eleventy/integrity.ts";
import islandPlugin from "./src/eleventy/island.ts";
import languagesPlugin from "./src/eleventy/languages.ts";
import manifestPlugin from "./src/eleventy/manifest.ts";
import markdownPlugin from "./src/eleventy/markdown.ts";
import { publishedFiles } from "./src/eleventy/published-files.ts";
import receivingKeysPlugin from "./src/eleventy/receiving-keys.ts";
import transparencyPlugin from "./src/eleventy/transparency.ts";

export default function (eleventyConfig: EleventyConfig) {
  // `CONFIDE_CONTENT=dir npm run build` builds another content folder; `CONFIDE_OUT` writes elsewhere.
  const contentDir = process.env.CONFIDE_CONTENT ?? "content";
  const outputDir = process.env.CONFIDE_OUT ?? "_site";
  // CONFIDE_FORM_ENDPOINT=same-origin (npm start, hook mode) posts the form to its own origin: the inbox, the hook.
  const formEndpoint = process.env.CONFIDE_FORM_ENDPOINT;
  // One instant for the whole build; SOURCE_DATE_EPOCH sets it, so `confide verify` can rebuild a site exactly.
  const builtAt = buildTime(process.env.SOURCE_DATE_EPOCH);
  // Later plugins' after-build steps read what earlier ones wrote (the manifest hashes the bundles
  // and _headers): run each build event's handlers one at a time, in the order below.
  eleventyConfig.setEventEmitterMode("sequential");
  // Eleventy keeps compiled layouts and file contents in a cache shared by every build in the process,
  // bound to the first build's filters and shortcodes. buildSite() runs several builds in one process
  // (the tests, `confide verify`), each with its own endpoint and files: let each read and compile afresh.
  eleventyConfig.setUseTemplateCache(false);

  const content = contentLoader({ dir: contentDir, now: builtAt });
  const published = publishedFiles();
  eleventyConfig.on("eleventy.before", () => published.clear());
  // Validate content/ first and turn it into data, shortcodes, responder pages and published keys.
  eleventyConfig.addPlugin(contentPlugin, { content });
  // Each page in its language (`content/<lang>/`): its data, the layout's words, hreflang links and a language menu.
  eleventyConfig.addPlugin(languagesPlugin, { content });
  // The figures the responders' desk wrote (`_data/transparency.yaml`) as `{% transparency_report %}`.
  eleventyConfig.addPlugin(transparencyPlugin, { content });
  // The encrypted report form and the quick-exit control: the only JavaScript the site ships.
  eleventyConfig.addPlugin(islandPlugin, { content, formEndpoint, builtAt, published });
  eleventyConfig.addPlugin(markdownPlugin);
  // The receiving keys' ids, which the functions/ hook reads to accept reports that name their recipients.
  eleventyConfig.addPlugin(receivingKeysPlugin, { content });
  // Highlights the gpg commands in the responder guide at build time: no JavaScript reaches the page.
  eleventyConfig.addPlugin(syntaxHighlight);
  eleventyConfig.addPlugin(assetsPlugin, { published });
  // The Content-Security-Policy and other security headers: `_headers`, and a <meta> policy in each page.
  eleventyConfig.addPlugin(headersPlugin, { content, formEndpoint, published });
  // Subresource integrity on every script and stylesheet, checked against the files as written.
  eleventyConfig.addPlugin(integrityPlugin, { published });
  // Last: /.well-known/confide.json, every file's SHA-256 and the receiving keys, for `confide verify`.
  eleventyConfig.addPlugin(manifestPlugin, { content, builtAt, formEndpoint, published });
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
