import { integrityOf } from "../site/subresource-integrity.ts";
import type { PreparedBuildSlot } from "./build-pipeline.ts";
import type { EleventyConfig } from "./eleventy-types.ts";

/** Options of {@link integrityPlugin}. */
export interface IntegrityPluginOptions {
  /** The files this build publishes besides its templates, with their bytes. */
  prepared: PreparedBuildSlot;
}

/**
 * Subresource integrity on every script and stylesheet (https://www.w3.org/TR/SRI/):
 * `{{ url | integrity }}` gives the `sha384-…` of a file this build publishes (the stylesheet, a
 * bundle), from the bytes it writes; an address the build does not publish fails the build. After
 * rendering, src/build/finish-build.ts checks every page against those bytes.
 */
export default function integrityPlugin(
  eleventyConfig: EleventyConfig,
  options: IntegrityPluginOptions,
): void {
  eleventyConfig.addFilter("integrity", integrityLookup(options.prepared));
}

/**
 * Each published file's `sha384-…` by its bytes: a build's files are new bytes, so a digest is worked
 * out once per file per build, whichever lookup (the filter, the island, the page shell) asks first.
 */
const digests = new WeakMap<Uint8Array, string>();

/**
 * The `sha384-…` of the files a build publishes, by address: each file digested once per build,
 * however many pages name it.
 *
 * @param prepared - the build whose files are looked up
 * @returns a function from an address to its integrity; it throws for a file the build does not publish
 */
export function integrityLookup(prepared: PreparedBuildSlot): (url: string) => string {
  return (url: string) => {
    const contents = prepared.get().files.get(url);
    if (!contents) throw new Error(`No integrity for ${url}: this build does not publish that file.`);
    let digest = digests.get(contents);
    if (digest === undefined) {
      digest = integrityOf(contents);
      digests.set(contents, digest);
    }
    return digest;
  };
}
