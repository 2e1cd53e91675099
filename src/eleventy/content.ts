import { readKey } from "openpgp";
import { armorPublicKeys } from "../roster/armor-keys.ts";
import { telHref } from "../site/html.ts";
import { procedureBlocks } from "../site/procedure-blocks.ts";
import { responderProfile } from "../site/responder-profile.ts";
import { urls } from "../site/urls.ts";
import type { ContentLoader } from "./content-loader.ts";
import type { CollectionItem, EleventyConfig } from "./eleventy-types.ts";

/** Options of {@link contentPlugin}. */
export interface ContentPluginOptions {
  /** The content of this build. */
  content: ContentLoader;
}

/**
 * Validates the content folder before Eleventy writes anything, and turns it into the site's data,
 * shortcodes and generated pages: one page per responder and the published public keys.
 *
 * Validation runs in `eleventy.before`, which Eleventy awaits before it writes a single file, so an
 * invalid roster or a private key fails the build with `_site/` untouched.
 */
export default function contentPlugin(eleventyConfig: EleventyConfig, options: ContentPluginOptions): void {
  const getContent = () => options.content.get();

  eleventyConfig.on("eleventy.before", async () => {
    options.content.reset(); // re-read on every build, so `--serve` picks up roster edits
    await getContent();
  });

  eleventyConfig.addGlobalData("site", async () => (await getContent()).site);
  eleventyConfig.addGlobalData("report", async () => (await getContent()).report);
  eleventyConfig.addGlobalData("responders", async () => (await getContent()).responders);
  eleventyConfig.addGlobalData("keyedResponders", async () =>
    (await getContent()).responders.filter((responder) => responder.publicKey),
  );
  eleventyConfig.addGlobalData("allReceivingKeys", async () => {
    const receiving = (await getContent()).responders.filter((r) => r.receives_reports && r.publicKey);
    const keys = await Promise.all(
      receiving.map((r) => readKey({ armoredKey: r.publicKey?.armoredPublicKey ?? "" })),
    );
    return armorPublicKeys(keys);
  });
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
    eleventyConfig.addShortcode(name, async () => render(await getContent()).value);
  }
  eleventyConfig.addShortcode("responder_profile", async (id: string) => {
    const content = await getContent();
    const responder = content.responders.find((r) => r.id === id);
    if (!responder) throw new Error(`No responder with the id "${id}".`);
    return responderProfile(responder, content.site.lang).value;
  });

  // One page per responder (https://www.11ty.dev/docs/virtual-templates/, paginated over the roster).
  eleventyConfig.addTemplate("confide-generated/responder.liquid", "{% responder_profile responder.id %}", {
    pagination: { data: "responders", size: 1, alias: "responder", addAllPagesToCollections: false },
    permalink: "/responders/{{ responder.id }}/",
    eleventyComputed: {
      title: "{{ responder.name }}",
      description: "{{ responder.role }}: how to reach them and their public key.",
    },
  });
  // The published keys are re-armored from the parsed public packets, never copied from content/keys,
  // so a private key or stray file in that folder cannot reach the site.
  eleventyConfig.addTemplate("confide-generated/key.liquid", "{{ responder.publicKey.armoredPublicKey }}", {
    pagination: { data: "keyedResponders", size: 1, alias: "responder" },
    permalink: "/keys/{{ responder.id }}.asc",
    layout: false,
    eleventyExcludeFromCollections: true,
  });
  eleventyConfig.addTemplate("confide-generated/all-keys.liquid", "{{ allReceivingKeys }}", {
    permalink: urls.allKeys,
    layout: false,
    eleventyExcludeFromCollections: true,
  });
}
