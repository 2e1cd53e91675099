import { languageOfUrl } from "../i18n/translations.ts";
import { fillText } from "../i18n/ui-strings.ts";
import { armorPublicKeyBlocks } from "../roster/armor-keys.ts";
import { telHref } from "../site/html.ts";
import { procedureBlocks } from "../site/procedure-blocks.ts";
import { responderProfile } from "../site/responder-profile.ts";
import { languageUrls, urls } from "../site/urls.ts";
import type { ContentLoader } from "./content-loader.ts";
import {
  type CollectionItem,
  type EleventyConfig,
  pageUrlOf,
  type TemplateContext,
} from "./eleventy-types.ts";
import { languageComputedData } from "./languages.ts";
import { GENERATED_TEMPLATES } from "./published-pages.ts";

/** Options of {@link contentPlugin}. */
export interface ContentPluginOptions {
  /** The content of this build. */
  content: ContentLoader;
}

/**
 * Turns the validated content folder into the site's data,
 * shortcodes and generated pages: one page per responder in each language, and the published public keys.
 *
 * The blocks render in the language of the page that prints them (src/eleventy/languages.ts gives
 * each page its language's `site`, `report` and `responders`).
 *
 * The content is validated before anything renders, by the build's first step
 * (src/eleventy/build-pipeline.ts), so an invalid roster or a private key fails the build with
 * `_site/` untouched.
 */
export default function contentPlugin(eleventyConfig: EleventyConfig, options: ContentPluginOptions): void {
  const getContent = () => options.content.get();

  const languageOf = async (url: string) => languageOfUrl((await getContent()).languages, url);
  eleventyConfig.addGlobalData("keyedResponders", async () =>
    (await getContent()).responders.filter((responder) => responder.publicKey),
  );
  eleventyConfig.addGlobalData("allReceivingKeys", async () =>
    armorPublicKeyBlocks(
      (await getContent()).responders.flatMap((r) =>
        r.receives_reports && r.publicKey ? [r.publicKey.armoredPublicKey] : [],
      ),
    ),
  );
  eleventyConfig.addGlobalData("urls", urls);
  eleventyConfig.addFilter("tel", (number: string) => telHref(number));
  // The menus come from the pages' own front matter (`nav: { label, order }`, `footer: label`), so a
  // page moved to another address (`permalink: /conduct/`) keeps its place in the menu. Ties go by
  // address, never by Eleventy's default (the files' dates), so every checkout builds the same pages
  // and `confide verify` can compare them.
  const byAddress = (a: CollectionItem, b: CollectionItem) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
  eleventyConfig.addCollection("mainNav", (collections) =>
    collections
      .getAll()
      .filter((item) => item.data.nav)
      .sort((a, b) => Number(a.data.nav?.order ?? 0) - Number(b.data.nav?.order ?? 0) || byAddress(a, b)),
  );
  eleventyConfig.addCollection("footerNav", (collections) =>
    collections
      .getAll()
      .filter((item) => item.data.footer)
      .sort(byAddress),
  );

  for (const [name, render] of Object.entries(procedureBlocks)) {
    eleventyConfig.addShortcode(name, async function (this: TemplateContext) {
      return render(await languageOf(pageUrlOf(this))).value;
    });
  }
  eleventyConfig.addShortcode("responder_profile", async function (this: TemplateContext, id: string) {
    const language = await languageOf(pageUrlOf(this));
    const responder = language.responders.find((r) => r.id === id);
    if (!responder) throw new Error(`No responder with the id "${id}".`);
    return responderProfile(responder, language).value;
  });

  // One page per responder in each language (https://www.11ty.dev/docs/virtual-templates/, paginated).
  eleventyConfig.addGlobalData("responderPages", async () =>
    (await getContent()).languages.flatMap((language) =>
      language.responders.map((responder) => ({
        id: responder.id,
        url: languageUrls(language.prefix).responder(responder.id),
        title: responder.name,
        description: fillText(language.ui["responder.page_description"], { role: responder.role }),
      })),
    ),
  );
  eleventyConfig.addTemplate(`${GENERATED_TEMPLATES}/responder.liquid`, "{% responder_profile entry.id %}", {
    pagination: { data: "responderPages", size: 1, alias: "entry", addAllPagesToCollections: false },
    permalink: "{{ entry.url }}",
    // Functions, not "{{ … }}" strings: the values are text, escaped once where the layout prints them.
    eleventyComputed: {
      // Each page in its own language (the others get theirs from their folder: src/eleventy/languages.ts).
      ...languageComputedData(options.content),
      title: (data: { entry: { title: string } }) => data.entry.title,
      description: (data: { entry: { description: string } }) => data.entry.description,
    },
  });
  // The published keys are re-armored from the parsed public packets, never copied from content/keys,
  // so a private key or stray file in that folder cannot reach the site.
  eleventyConfig.addTemplate(
    `${GENERATED_TEMPLATES}/key.liquid`,
    "{{ responder.publicKey.armoredPublicKey | raw }}",
    {
      pagination: { data: "keyedResponders", size: 1, alias: "responder" },
      permalink: "/keys/{{ responder.id }}.asc",
      layout: false,
      eleventyExcludeFromCollections: true,
    },
  );
  eleventyConfig.addTemplate(`${GENERATED_TEMPLATES}/all-keys.liquid`, "{{ allReceivingKeys | raw }}", {
    permalink: urls.allKeys,
    layout: false,
    eleventyExcludeFromCollections: true,
  });
}
