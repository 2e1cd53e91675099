import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { readBrandFiles } from "../build/brand-files.ts";
import { bundleIsland, type IslandAssets } from "../build/bundle-island.ts";
import { finishBuild } from "../build/finish-build.ts";
import { ASSETS_DIR, readSiteAssets } from "../build/site-assets.ts";
import type { Content } from "../content/validate-content.ts";
import { readPhotoFiles } from "../roster/responder-photos.ts";
import { formEndpointOf } from "../site/report-form-props.ts";
import { formOriginOf } from "../site/security-headers.ts";
import type { ContentLoader } from "./content-loader.ts";
import type { EleventyConfig } from "./eleventy-types.ts";

/** What a build prepares before its templates render, and what they render with. Never changed after. */
export interface PreparedBuild {
  /** The validated content. */
  content: Content;
  /** The files published besides the templates (bundles, stylesheet), by address. */
  files: ReadonlyMap<string, Uint8Array>;
  /** The bundles' addresses. */
  island: IslandAssets;
}

/** The current build's {@link PreparedBuild}, for the plugins that render with it. */
export interface PreparedBuildSlot {
  /** The prepared build; throws when read before the build prepared it. */
  get(): PreparedBuild;
}

/** Options of {@link buildPipelinePlugin}. */
export interface BuildPipelineOptions {
  /** The content of this build. */
  content: ContentLoader;
  /** The build's instant (src/build/build-time.ts). */
  builtAt: Date;
  /** Overrides site.yaml's form endpoint ("same-origin": the site's own origin). */
  formEndpoint?: string | undefined;
  /** Readable, unminified bundles and stylesheet for development (default: minified). */
  minify?: boolean;
}

/**
 * A build's steps around Eleventy's rendering, each run once, in the order written here:
 *
 * - before (`eleventy.before`, which Eleventy awaits before it writes a single file): validate the
 *   content (an invalid roster or a private key fails the build with the output folder untouched),
 *   bundle the browser code and read the stylesheet, all in memory;
 * - after (`eleventy.after`): {@link finishBuild} checks integrity and makes `_headers` and the
 *   manifest from the rendered pages; then the bundles, stylesheet, `_headers` and manifest are
 *   written, unless the site is only rendered in memory (renderSite), which writes nothing.
 *
 * @returns the slot the other plugins read the prepared build from
 */
export function buildPipeline(options: BuildPipelineOptions): {
  plugin: (eleventyConfig: EleventyConfig) => void;
  prepared: PreparedBuildSlot;
} {
  let prepared: PreparedBuild | null = null;
  const slot: PreparedBuildSlot = {
    get() {
      if (!prepared) throw new Error("The build was read before it was prepared (eleventy.before).");
      return prepared;
    },
  };

  function buildPipelinePlugin(eleventyConfig: EleventyConfig): void {
    eleventyConfig.addWatchTarget(relative(process.cwd(), ASSETS_DIR));

    eleventyConfig.on("eleventy.before", async () => {
      prepared = null;
      options.content.reset(); // re-read on every build, so `--serve` picks up roster edits
      const content = await options.content.get();
      const minify = options.minify ?? true;
      const [island, assets, brand, photos] = await Promise.all([
        bundleIsland({ minify }),
        readSiteAssets({ minify }),
        readBrandFiles({ site: content.site, contentDir: options.content.dir }),
        // Responders' photos, small, square and without the camera's metadata.
        readPhotoFiles({ responders: content.responders, contentDir: options.content.dir }),
      ]);
      prepared = {
        content,
        files: new Map([...assets, ...brand, ...photos, ...island.files]),
        island: island.assets,
      };
    });

    eleventyConfig.on("eleventy.after", async ({ directories, results, outputMode }) => {
      const { content, files } = slot.get();
      const output = finishBuild({
        pages: results,
        files,
        responders: content.responders,
        formOrigin: formOriginOf(formEndpointOf(content.site, options.formEndpoint)),
        builtAt: options.builtAt,
        formEndpoint: options.formEndpoint,
      });
      if (outputMode !== "fs") return; // rendered in memory: nothing is written
      for (const [url, contents] of output) {
        const target = join(directories.output, url);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, contents);
      }
    });
  }

  return { plugin: buildPipelinePlugin, prepared: slot };
}
