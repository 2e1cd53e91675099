import { buildTime } from "./src/build/build-time.ts";
import { createSiteConfig } from "./src/build/site-config.ts";
import type { EleventyConfig } from "./src/eleventy/eleventy-types.ts";

// `npm run build`'s configuration: the environment's settings, handed to the one configuration factory
// (src/build/site-config.ts), which buildSite, `confide serve`, `confide verify` and the tests call directly.
export default function (eleventyConfig: EleventyConfig): void {
  createSiteConfig({
    // `CONFIDE_CONTENT=dir npm run build` builds another content folder; `CONFIDE_OUT` writes elsewhere.
    contentDir: process.env.CONFIDE_CONTENT ?? "content",
    outDir: process.env.CONFIDE_OUT ?? "_site",
    // One instant for the whole build; SOURCE_DATE_EPOCH sets it, so `confide verify` can rebuild a site exactly.
    builtAt: buildTime(process.env.SOURCE_DATE_EPOCH),
    // CONFIDE_FORM_ENDPOINT=same-origin (npm start, hook mode) posts the form to its own origin: the inbox, the hook.
    formEndpoint: process.env.CONFIDE_FORM_ENDPOINT,
  })(eleventyConfig);
}
