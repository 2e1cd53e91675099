import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { accentColours, accentStylesheet, brandFileUrl, imageType } from "../site/brand.ts";
import { defaultFavicon } from "../site/favicon.ts";
import type { ContentLoader } from "./content-loader.ts";
import type { EleventyConfig } from "./eleventy-types.ts";
import type { PublishedFiles } from "./published-files.ts";

/** Options of {@link brandPlugin}. */
export interface BrandPluginOptions {
  /** The content of this build (site.yaml's logo, accent and favicon). */
  content: ContentLoader;
  /** Where the files are recorded, for their integrity attributes and the manifest. */
  published: PublishedFiles;
}

/** What the layout reads as `{{ brand.… }}`. */
export interface BrandData {
  /** The logo's address, or null. */
  logo: string | null;
  /** The icon the pages name, with its MIME type. */
  favicon: { url: string; type: string };
  /** The accent colour's stylesheet, or null for Confide's own colours. */
  stylesheet: string | null;
}

/** The accent colour's stylesheet, when site.yaml sets one. */
const ACCENT_CSS = "/assets/accent.css";

/**
 * The event's own look (src/site/brand.ts): publishes site.yaml's logo and favicon from the content
 * folder, the accent colour as a stylesheet of its own (the pages' policy allows no inline style),
 * and always a `/favicon.ico` (a lifebuoy in the accent colour unless the organiser gives an .ico),
 * so the request every browser makes never ends in a 404.
 */
export default function brandPlugin(eleventyConfig: EleventyConfig, options: BrandPluginOptions): void {
  const files = new Map<string, Uint8Array>();

  eleventyConfig.on("eleventy.before", async () => {
    files.clear();
    const { site } = await options.content.get();
    const add = (url: string, contents: Uint8Array) => {
      files.set(url, contents);
      options.published.add(url, contents);
    };
    add("/favicon.ico", defaultFavicon({ colour: accentColours(site).light }));
    for (const setting of ["logo", "favicon"] as const) {
      const path = site[setting];
      if (path) add(brandFileUrl(setting, path), await readFile(join(resolve(options.content.dir), path)));
    }
    const css = accentStylesheet(site);
    if (css) add(ACCENT_CSS, Buffer.from(css));
  });

  eleventyConfig.addGlobalData("brand", async (): Promise<BrandData> => {
    const { site } = await options.content.get();
    return {
      logo: site.logo ? brandFileUrl("logo", site.logo) : null,
      favicon: site.favicon
        ? { url: brandFileUrl("favicon", site.favicon), type: imageType(site.favicon) }
        : { url: "/favicon.ico", type: "image/x-icon" },
      stylesheet: site.accent ? ACCENT_CSS : null,
    };
  });

  eleventyConfig.on("eleventy.after", async ({ directories }) => {
    for (const [url, contents] of files) {
      const target = join(directories.output, url);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, contents);
    }
  });
}
