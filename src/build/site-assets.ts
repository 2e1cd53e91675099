import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { transform } from "esbuild";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";

/** The site's own static files (src/assets/), published under `/assets/`. */
export const ASSETS_DIR = fileURLToPath(new URL("../assets", import.meta.url));

/**
 * Reads the site's own static files (the stylesheet): no web fonts, nothing third-party. The
 * stylesheet is minified with esbuild, like the scripts (https://esbuild.github.io/content-types/#css):
 * every page loads it, and every page must stay small (a page in Arabic or Greek takes two bytes a letter).
 *
 * @param options.minify - minify the stylesheet (default); false keeps it as written
 * @returns each file's bytes by address (`/assets/site.css`)
 */
export async function readSiteAssets(options: { minify?: boolean } = {}): Promise<Map<string, Uint8Array>> {
  const { minify, ...rest } = options;
  rejectUnknownOptions("readSiteAssets", rest);
  const files = new Map<string, Uint8Array>();
  for (const entry of await readdir(ASSETS_DIR, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
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
  return files;
}
