import { brandData } from "../site/brand.ts";
import type { ContentLoader } from "./content-loader.ts";
import type { EleventyConfig } from "./eleventy-types.ts";

/** Options of {@link brandPlugin}. */
export interface BrandPluginOptions {
  /** The content of this build (site.yaml's logo, accent and favicon). */
  content: ContentLoader;
}

/**
 * The event's own look for the layout: `{{ brand.logo }}`, `{{ brand.favicon.url }}`,
 * `{{ brand.stylesheet }}` (src/site/brand.ts). The files themselves are published with the other
 * assets (src/build/brand-files.ts).
 */
export default function brandPlugin(eleventyConfig: EleventyConfig, options: BrandPluginOptions): void {
  eleventyConfig.addGlobalData("brand", async () => brandData((await options.content.get()).site));
}
