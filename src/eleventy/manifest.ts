import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { manifestText } from "../site/build-manifest.ts";
import { urls } from "../site/urls.ts";
import type { ContentLoader } from "./content-loader.ts";
import type { EleventyConfig } from "./eleventy-types.ts";
import type { PublishedFiles } from "./published-files.ts";

/** Options of {@link manifestPlugin}. */
export interface ManifestPluginOptions {
  /** The content of this build (the receiving responders). */
  content: ContentLoader;
  /** The build's instant (src/build/build-time.ts). */
  builtAt: Date;
  /** CONFIDE_FORM_ENDPOINT, if the build overrides site.yaml's form endpoint. */
  formEndpoint?: string | undefined;
  /** The files this build publishes besides its templates. */
  published: PublishedFiles;
}

/**
 * Publishes the build's manifest at `/.well-known/confide.json`: the SHA-256 of every file the build
 * wrote (pages, keys, scripts, the stylesheet, `_headers`), each receiving responder's fingerprint,
 * and what `confide verify` needs to rebuild the same site (the build's instant and form endpoint).
 *
 * It must run after every other plugin's `eleventy.after` (the bundles and `_headers` are written
 * there): .eleventy.ts registers it last and runs build events in order.
 */
export default function manifestPlugin(eleventyConfig: EleventyConfig, options: ManifestPluginOptions): void {
  eleventyConfig.on("eleventy.after", async ({ directories, results, outputMode }) => {
    if (outputMode !== "fs") return; // renderSite: nothing is written
    const files: Record<string, Uint8Array | string> = {};
    for (const result of results) {
      if (typeof result.url === "string" && result.outputPath) files[result.url] = result.content;
    }
    for (const [url, contents] of options.published.entries()) files[url] = contents;
    const content = await options.content.get();
    const text = manifestText({
      files,
      responders: content.responders,
      builtAt: options.builtAt,
      formEndpoint: options.formEndpoint,
    });
    const target = join(directories.output, urls.manifest);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
  });
}
