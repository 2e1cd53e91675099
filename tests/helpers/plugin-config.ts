import type { IslandAssets } from "../../src/build/bundle-island.ts";
import { readSiteAssets } from "../../src/build/site-assets.ts";
import type { Content } from "../../src/content/validate-content.ts";
import type { PreparedBuild, PreparedBuildSlot } from "../../src/eleventy/build-pipeline.ts";
import type { ContentLoader } from "../../src/eleventy/content-loader.ts";
import type {
  AfterBuild,
  BeforeBuild,
  CollectionItem,
  EleventyConfig,
  TemplateContext,
} from "../../src/eleventy/eleventy-types.ts";

// Issue 13: a plugin of src/eleventy/ tested by itself, without Eleventy: what it registers is recorded
// and called directly. One fake for every plugin test, so each tests its plugin and not a copy of this.

/** A shortcode or filter as a plugin registers it. */
export type TemplateFunction = (this: TemplateContext, ...args: never[]) => unknown;

/** What a plugin registered on {@link recordingConfig}'s configuration, by name. */
export interface RecordedConfig {
  /** The configuration to hand to the plugin. */
  config: EleventyConfig;
  globalData: Map<string, unknown>;
  shortcodes: Map<string, TemplateFunction>;
  filters: Map<string, TemplateFunction>;
  collections: Map<string, (collections: { getAll(): CollectionItem[] }) => CollectionItem[]>;
  /** Virtual templates: their text and their data (front matter). */
  templates: Map<string, { content: string; data: Record<string, unknown> }>;
  /** Event handlers, in the order they were added. */
  before: Array<(args: BeforeBuild) => unknown>;
  after: Array<(args: AfterBuild) => unknown>;
  watchTargets: string[];
}

/**
 * An Eleventy configuration that records what a plugin adds. A call the fake does not know throws,
 * naming the method: a plugin that starts using more of Eleventy's API gets a test that says so.
 */
export function recordingConfig(): RecordedConfig {
  const recorded: Omit<RecordedConfig, "config"> = {
    globalData: new Map(),
    shortcodes: new Map(),
    filters: new Map(),
    collections: new Map(),
    templates: new Map(),
    before: [],
    after: [],
    watchTargets: [],
  };
  const known: Partial<Record<keyof EleventyConfig, unknown>> = {
    addGlobalData: (name: string, value: unknown) => recorded.globalData.set(name, value),
    addShortcode: (name: string, fn: TemplateFunction) => recorded.shortcodes.set(name, fn),
    addFilter: (name: string, fn: TemplateFunction) => recorded.filters.set(name, fn),
    addCollection: (
      name: string,
      fn: RecordedConfig["collections"] extends Map<string, infer F> ? F : never,
    ) => recorded.collections.set(name, fn),
    addTemplate: (path: string, content: string, data: Record<string, unknown>) =>
      recorded.templates.set(path, { content, data }),
    addWatchTarget: (path: string) => recorded.watchTargets.push(path),
    on: (event: string, handler: never) => {
      if (event === "eleventy.before") recorded.before.push(handler);
      else if (event === "eleventy.after") recorded.after.push(handler);
      else throw new Error(`recordingConfig: no event ${event}`);
    },
  };
  const config = new Proxy(known, {
    get(target, name) {
      const method = target[name as keyof EleventyConfig];
      if (!method) throw new Error(`recordingConfig: the fake configuration has no ${String(name)}()`);
      return method;
    },
  }) as unknown as EleventyConfig;
  return { config, ...recorded };
}

/** The value a plugin gave as global data `name`, awaited when it is a function (Eleventy's way). */
export async function globalDataOf(recorded: RecordedConfig, name: string): Promise<unknown> {
  if (!recorded.globalData.has(name)) throw new Error(`no global data named ${name}`);
  const value = recorded.globalData.get(name);
  return typeof value === "function" ? await value() : value;
}

/** A registered shortcode or filter, called as on the page at `url` (with its Liquid data when given). */
export function callOnPage(
  fn: TemplateFunction | undefined,
  page: { url: string; data?: unknown },
  ...args: unknown[]
): unknown {
  if (!fn) throw new Error("no such shortcode or filter");
  const context: TemplateContext = {
    page: { url: page.url, inputPath: `./content${page.url}index.md` },
    ...(page.data === undefined ? {} : { ctx: { environments: page.data } }),
  };
  return fn.call(context, ...(args as never[]));
}

/** A content loader that gives already validated content, counting its loads and resets. */
export function loaderOf(
  content: Content,
  dir = "content",
): ContentLoader & { gets: number; resets: number } {
  const loader = {
    dir,
    gets: 0,
    resets: 0,
    get: async () => {
      loader.gets++;
      return content;
    },
    reset: () => {
      loader.resets++;
    },
  };
  return loader;
}

/** Stand-in bundles: addresses shaped like esbuild's, and bytes of their own (integrity differs per file). */
export const FAKE_ISLAND: IslandAssets = {
  reportForm: "/assets/js/report-form-TEST1.js",
  quickExit: "/assets/js/quick-exit-TEST2.js",
  reportFormImports: ["/assets/js/chunks/chunk-TEST3.js", "/assets/js/chunks/chunk-TEST4.js"],
};

/**
 * A prepared build of `content` as the build pipeline makes one, without bundling: the real
 * stylesheets and {@link FAKE_ISLAND}'s bundles (each a line of its own address).
 */
export async function preparedBuildOf(
  content: Content,
  island: IslandAssets = FAKE_ISLAND,
): Promise<PreparedBuildSlot & { build: PreparedBuild }> {
  const bundles = [island.reportForm, island.quickExit, ...island.reportFormImports].map(
    (url): [string, Uint8Array] => [url, new TextEncoder().encode(`// ${url}\n`)],
  );
  const build: PreparedBuild = {
    content,
    files: new Map([...(await readSiteAssets({ minify: true })), ...bundles]),
    island,
  };
  return { build, get: () => build };
}
