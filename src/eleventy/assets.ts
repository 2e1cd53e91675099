import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { EleventyConfig } from "./eleventy-types.ts";

/** The site's own static files (the stylesheet), copied to `/assets/`. No web fonts, nothing third-party. */
export default function assetsPlugin(eleventyConfig: EleventyConfig): void {
  const assetsDir = relative(process.cwd(), fileURLToPath(new URL("../assets", import.meta.url)));
  eleventyConfig.addPassthroughCopy({ [assetsDir]: "assets" });
  eleventyConfig.addWatchTarget(assetsDir);
}
