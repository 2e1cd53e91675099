import { readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { EleventyConfig } from "./eleventy-types.ts";

/** Options of {@link templateCachePlugin}. */
export interface TemplateCachePluginOptions {
  /** The folders whose templates this build reads: the content folder and the layouts' folder. */
  templateDirs: readonly string[];
  /** The layout every page gets (in the layouts' folder). */
  layout: string;
}

/** Builds made in this process, for a layout name no other build uses. */
let builds = 0;

/**
 * Lets Eleventy compile the layout once per build instead of once per page, and still run several
 * builds in one process.
 *
 * Eleventy 3.1 keeps compiled layouts and read files in module-level caches that every build in the
 * process shares (its LayoutCache and TemplateContent's input cache). A compiled layout is bound to
 * the build that compiled it (its shortcodes close over that build's endpoint and files), so with the
 * cache on, a second build of the same folder rendered with the first one's shortcodes; with it off
 * (`setUseTemplateCache(false)`), every page read and compiled the layout again: a third of the CPU
 * time of a 1,000-page build. So the cache stays on, and
 *
 * - the layout goes by a name that is this build's alone (a layout alias), so no other build finds it;
 * - before each build, the files it reads leave the input cache, through the signal Eleventy's own
 *   watch mode sends when a file changes (`eleventy.resourceModified`), so a page edited between two
 *   builds in one process is read again.
 */
export default function templateCachePlugin(
  eleventyConfig: EleventyConfig,
  options: TemplateCachePluginOptions,
): void {
  eleventyConfig.setUseTemplateCache(true);
  const alias = `confide-build-${++builds}-${options.layout}`;
  eleventyConfig.addLayoutAlias(alias, options.layout);
  eleventyConfig.addGlobalData("layout", alias);

  eleventyConfig.on("eleventy.before", async () => {
    const bus = await eleventyEventBus();
    const files = (await Promise.all(options.templateDirs.map((dir) => filesUnder(resolve(dir))))).flat();
    await Promise.all(files.map((file) => bus.emit("eleventy.resourceModified", file)));
  });
}

/** Every file under a folder (a missing folder has none). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Eleventy's process-wide event bus. Its package exports only the Eleventy class, so the module is
 * imported by its file address beside Eleventy's own entry point: the same module instance Eleventy uses.
 */
async function eleventyEventBus(): Promise<{ emit(event: string, ...args: unknown[]): Promise<unknown> }> {
  const entry = createRequire(import.meta.url).resolve("@11ty/eleventy");
  const module = await import(new URL("EventBus.js", pathToFileURL(entry)).href);
  return module.default;
}
