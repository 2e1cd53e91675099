import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { webPhoto } from "../roster/responder-photos.ts";
import { urls } from "../site/urls.ts";
import type { ContentLoader } from "./content-loader.ts";
import type { EleventyConfig } from "./eleventy-types.ts";
import type { PublishedFiles } from "./published-files.ts";

/** Options of {@link photosPlugin}. */
export interface PhotosPluginOptions {
  content: ContentLoader;
  /** Where the photos' bytes are recorded, for the manifest. */
  published: PublishedFiles;
}

/**
 * Publishes each responder's photo (roster.yaml's `photo:`) beside their page, at
 * `/responders/<id>/photo.jpg`: small, square and without the original's metadata
 * (src/roster/responder-photos.ts). Made in memory before the pages and written after them, like the
 * bundles, so a failed build writes nothing.
 */
export default function photosPlugin(eleventyConfig: EleventyConfig, options: PhotosPluginOptions): void {
  const photos = new Map<string, Uint8Array>();

  eleventyConfig.on("eleventy.before", async () => {
    photos.clear();
    const content = await options.content.get();
    for (const responder of content.responders) {
      if (!responder.photo) continue;
      const bytes = await readFile(join(resolve(options.content.dir), responder.photo));
      const photo = await webPhoto({ bytes: new Uint8Array(bytes) });
      photos.set(urls.photo(responder.id), photo);
      options.published.add(urls.photo(responder.id), photo);
    }
  });

  eleventyConfig.on("eleventy.after", async ({ directories }) => {
    for (const [url, contents] of photos) {
      const target = join(directories.output, url);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, contents);
    }
  });
}
