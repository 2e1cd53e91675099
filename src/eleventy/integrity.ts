import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { integrityOf, subresourcesOf } from "../site/subresource-integrity.ts";
import type { EleventyConfig } from "./eleventy-types.ts";
import type { PublishedFiles } from "./published-files.ts";

/** Options of {@link integrityPlugin}. */
export interface IntegrityPluginOptions {
  /** The files this build publishes besides its templates, with their bytes. */
  published: PublishedFiles;
}

/**
 * Subresource integrity on every script and stylesheet (https://www.w3.org/TR/SRI/).
 *
 * - `{{ url | integrity }}` gives the `sha384-…` of a file this build publishes (the stylesheet, a
 *   bundle), from the bytes that are written; an address the build does not publish fails the build.
 * - After the build, every page is checked against the files as written: each script, stylesheet and
 *   module preload must name the SHA-384 of the file on disk, and no page may hold an inline script
 *   (the Content-Security-Policy would block it; JSON data blocks are fine). A page that breaks
 *   either rule (an organiser's `<script>` in markdown, say) fails the build, naming the page.
 */
export default function integrityPlugin(
  eleventyConfig: EleventyConfig,
  options: IntegrityPluginOptions,
): void {
  eleventyConfig.addFilter("integrity", (url: string) => {
    const contents = options.published.get(url);
    if (!contents) throw new Error(`No integrity for ${url}: this build does not publish that file.`);
    return integrityOf(contents);
  });

  eleventyConfig.on("eleventy.after", async ({ directories, results, outputMode }) => {
    if (outputMode !== "fs") return; // renderSite: nothing is written
    const problems: string[] = [];
    const written = new Map<string, string | null>();
    const integrityOnDisk = async (url: string) => {
      if (!written.has(url)) {
        const contents = await readFile(join(directories.output, url)).catch(() => null);
        written.set(url, contents ? integrityOf(contents) : null);
      }
      return written.get(url) ?? null;
    };
    for (const result of results) {
      if (typeof result.url !== "string" || !String(result.outputPath).endsWith(".html")) continue;
      for (const resource of subresourcesOf(result.content)) {
        if (resource.inlineCode) {
          problems.push(
            `${result.url}: an inline script, which the site's Content-Security-Policy blocks. Remove it from the page.`,
          );
          continue;
        }
        if (resource.url === null) continue; // a JSON data block
        if (!resource.url.startsWith("/") || resource.url.startsWith("//")) {
          problems.push(
            `${result.url}: ${resource.tag} loads from another site. The site loads scripts and styles only from itself: remove it.`,
          );
          continue;
        }
        const expected = await integrityOnDisk(resource.url.split(/[?#]/)[0] ?? "");
        if (expected === null)
          problems.push(`${result.url}: ${resource.tag} loads a file the build did not write.`);
        else if (resource.integrity !== expected)
          problems.push(
            `${result.url}: ${resource.tag} ${resource.integrity ? "names the wrong integrity" : "has no integrity attribute"} (the file's is ${expected}).`,
          );
      }
    }
    if (problems.length > 0) {
      throw new Error(`Subresource integrity check failed:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    }
  });
}
