import { receivingKeyIdsDocument } from "../roster/receiving-key-ids.ts";
import { urls } from "../site/urls.ts";
import type { ContentLoader } from "./content-loader.ts";
import type { EleventyConfig } from "./eleventy-types.ts";
import { GENERATED_TEMPLATES } from "./published-pages.ts";

/** Options of {@link receivingKeysPlugin}. */
export interface ReceivingKeysPluginOptions {
  /** The content of this build. */
  content: ContentLoader;
}

/**
 * Publishes the roster's receiving key ids and the form ids the build knows (the team's, the personal
 * inboxes) as `urls.receivingKeyIds`, for the functions/ hook.
 *
 * Why a static file and not a generated module the function imports: the function is bundled from the
 * committed `functions/` folder, so a module written by the build would either be committed (and every
 * build of other content would dirty the work tree) or be missing on a fresh clone (and `tsc` would
 * fail before anyone builds). A file in the output folder is made by the same build as the form that
 * encrypts to those keys, is deployed with it atomically, and the function reads it through the Pages
 * `ASSETS` binding. Key ids are public (every key is published under /keys/), so nothing is disclosed.
 * When the file is missing the hook fails closed: it accepts hidden recipients only.
 */
export default function receivingKeysPlugin(
  eleventyConfig: EleventyConfig,
  options: ReceivingKeysPluginOptions,
): void {
  eleventyConfig.addGlobalData("receivingKeyIdsDocument", async () => {
    const { responders, site } = await options.content.get();
    return receivingKeyIdsDocument(responders, site.form?.id);
  });
  eleventyConfig.addTemplate(
    `${GENERATED_TEMPLATES}/receiving-key-ids.liquid`,
    "{{ receivingKeyIdsDocument | raw }}",
    {
      permalink: urls.receivingKeyIds,
      layout: false,
      eleventyExcludeFromCollections: true,
    },
  );
}
