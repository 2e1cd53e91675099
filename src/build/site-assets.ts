import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { projectPath } from "../project-paths.ts";
import { cachedBuild, recordFileOf } from "./bundle-cache.ts";

/** The site's own static files (src/assets/), published under `/assets/`. */
export const ASSETS_DIR = projectPath("src/assets");

/**
 * Reads the site's own static files (the stylesheet): no web fonts, nothing third-party. The
 * stylesheet is minified with esbuild, like the scripts (https://esbuild.github.io/content-types/#css):
 * every page loads it, and every page must stay small (a page in Arabic or Greek takes two bytes a letter).
 * Minified again only when a file changed (src/build/bundle-cache.ts).
 *
 * @param options.minify - minify the stylesheet (default); false keeps it as written
 * @returns each file's bytes by address (`/assets/site.css`)
 */
export async function readSiteAssets(options: { minify?: boolean } = {}): Promise<Map<string, Uint8Array>> {
  const { minify, ...rest } = options;
  rejectUnknownOptions("readSiteAssets", rest);
  const paths = (await readdir(ASSETS_DIR, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const { files } = await cachedBuild({
    file: recordFileOf({ name: "site-assets", maker: import.meta.url }),
    // Which files there are: a new one is not among the last output's inputs.
    key: JSON.stringify({ minify: minify !== false, files: paths.map((path) => relative(ASSETS_DIR, path)) }),
    // How esbuild is called, and the addresses (issue 13).
    maker: import.meta.url,
    build: async () => {
      const { transform } = await import("esbuild"); // only when something changed
      const files = new Map<string, Uint8Array>();
      for (const path of paths) {
        const url = `/assets/${relative(ASSETS_DIR, path).split(sep).join("/")}`;
        let contents: Uint8Array = await readFile(path);
        if (path.endsWith(".css") && minify !== false) {
          const { code } = await transform(Buffer.from(contents).toString("utf8"), {
            loader: "css",
            minify: true,
            logLevel: "silent",
          });
          contents = Buffer.from(code);
        }
        files.set(url, contents);
      }
      // esbuild's version is in package-lock.json.
      return { files, data: null, inputs: [...paths, projectPath("package-lock.json")] };
    },
  });
  return new Map(files);
}
