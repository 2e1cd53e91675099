import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { EleventyConfig } from "./eleventy-types.ts";
import type { PublishedFiles } from "./published-files.ts";

/** Options of {@link assetsPlugin}. */
export interface AssetsPluginOptions {
  /** Where the files' bytes are recorded, for their integrity attributes and the manifest. */
  published: PublishedFiles;
}

/** The site's own static files (the stylesheet), copied to `/assets/`. No web fonts, nothing third-party. */
export default function assetsPlugin(eleventyConfig: EleventyConfig, options: AssetsPluginOptions): void {
  const assetsDir = relative(process.cwd(), fileURLToPath(new URL("../assets", import.meta.url)));
  eleventyConfig.addPassthroughCopy({ [assetsDir]: "assets" });
  eleventyConfig.addWatchTarget(assetsDir);
  // The passthrough copy is byte for byte, so the sources' bytes are the published files'.
  eleventyConfig.on("eleventy.before", async () => {
    for (const entry of await readdir(assetsDir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      const url = `/assets/${relative(assetsDir, path).split(sep).join("/")}`;
      options.published.add(url, await readFile(path));
    }
  });
}
