import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { transform } from "esbuild";
import type { EleventyConfig } from "./eleventy-types.ts";
import type { PublishedFiles } from "./published-files.ts";

/** Options of {@link assetsPlugin}. */
export interface AssetsPluginOptions {
  /** Where the files' bytes are recorded, for their integrity attributes and the manifest. */
  published: PublishedFiles;
  /** Minify the stylesheet (default); false keeps it as written, for reading in development. */
  minify?: boolean;
}

/**
 * The site's own static files (the stylesheet), published under `/assets/`. No web fonts, nothing
 * third-party. The stylesheet is minified with esbuild, like the scripts
 * (https://esbuild.github.io/content-types/#css): every page loads it, and every page must stay small
 * (a page in Arabic or Greek takes two bytes a letter). The files are read before the pages are
 * rendered, so their integrity attributes name the bytes written after them.
 */
export default function assetsPlugin(eleventyConfig: EleventyConfig, options: AssetsPluginOptions): void {
  const assetsDir = relative(process.cwd(), fileURLToPath(new URL("../assets", import.meta.url)));
  const files = new Map<string, Uint8Array>();
  eleventyConfig.addWatchTarget(assetsDir);

  eleventyConfig.on("eleventy.before", async () => {
    files.clear();
    for (const entry of await readdir(assetsDir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      const url = `/assets/${relative(assetsDir, path).split(sep).join("/")}`;
      let contents: Uint8Array = await readFile(path);
      if (path.endsWith(".css") && options.minify !== false) {
        const { code } = await transform(Buffer.from(contents).toString("utf8"), {
          loader: "css",
          minify: true,
          logLevel: "silent",
        });
        contents = Buffer.from(code);
      }
      files.set(url, contents);
      options.published.add(url, contents);
    }
  });

  eleventyConfig.on("eleventy.after", async ({ directories, outputMode }) => {
    if (outputMode !== "fs") return; // renderSite: nothing is written
    for (const [url, contents] of files) {
      const target = join(directories.output, url);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, contents);
    }
  });
}
