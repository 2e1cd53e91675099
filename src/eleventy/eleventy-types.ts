/**
 * The part of Eleventy's configuration API that Confide's plugins use. Eleventy 3 ships no type
 * declarations, so this names exactly what we call, and tsc checks our calls against it.
 */
export interface EleventyConfig {
  on(event: "eleventy.before", handler: (args: BeforeBuild) => unknown): void;
  on(event: "eleventy.after", handler: (args: AfterBuild) => unknown): void;
  /** "sequential" runs each event's handlers one after another, in the order they were added. */
  setEventEmitterMode(mode: "parallel" | "sequential"): void;
  /** false: no template or layout is reused from another build in the same process. */
  setUseTemplateCache(use: boolean): void;
  setInputDirectory(dir: string): void;
  setOutputDirectory(dir: string): void;
  /** Relative to the input directory. */
  setIncludesDirectory(dir: string): void;
  /** Relative to the input directory. */
  setDataDirectory(dir: string): void;
  setTemplateFormats(formats: string[]): void;
  /** The suffixes of template and directory data files (`page.11tydata.json`, `page.json`); [] reads none. */
  setDataFileSuffixes(suffixes: string[]): void;
  addGlobalData(name: string, value: unknown): void;
  /** Another name for a layout in the layouts' folder. */
  addLayoutAlias(alias: string, layout: string): void;
  addShortcode(name: string, fn: (this: TemplateContext, ...args: never[]) => unknown): void;
  addFilter(name: string, fn: (this: TemplateContext, ...args: never[]) => unknown): void;
  addTemplate(path: string, content: string, data: Record<string, unknown>): void;
  addPlugin<T>(plugin: (config: EleventyConfig, options: T) => unknown, options?: T): void;
  setLibrary(name: "md", library: unknown): void;
  setLiquidOptions(options: Record<string, unknown>): void;
  setLiquidParameterParsing(behaviour: "legacy" | "builtin"): void;
  /** Merged into gray-matter's options; `engines.yaml` parses YAML front matter. */
  setFrontMatterParsingOptions(options: {
    engines?: Record<string, (text: string, options?: { filePath?: string }) => unknown>;
  }): void;
  addWatchTarget(path: string): void;
  addCollection(name: string, fn: (collections: { getAll(): CollectionItem[] }) => CollectionItem[]): void;
  setQuietMode(quiet: boolean): void;
  /** Runs before a page renders; returning false leaves the page out of the build. */
  addPreprocessor(
    name: string,
    extensions: string,
    fn: (this: { inputPath: string }, data: unknown, content: string) => unknown,
  ): void;
  addTransform(
    name: string,
    fn: (this: { page: { outputPath: string | false } }, content: string) => unknown,
  ): void;
}

/** What a shortcode or filter sees as `this` (declare it with `function`, not an arrow). */
export interface TemplateContext {
  /**
   * The page being rendered. With Liquid's `strictVariables` (.eleventy.ts), Eleventy gives a
   * function that returns it (a lazy getter): read it with {@link pageUrlOf}.
   */
  page: PageInfo | (() => PageInfo);
  /** Liquid's context, whose `environments` is the page's data (Eleventy 3 gives shortcodes `this.ctx`). */
  ctx?: { environments: unknown };
}

/** What Eleventy says about the page being rendered. */
export interface PageInfo {
  url: string;
  inputPath: string;
}

/** The address of the page a shortcode or filter is rendering. */
export function pageUrlOf(context: TemplateContext): string {
  const page = typeof context.page === "function" ? context.page() : context.page;
  if (typeof page?.url !== "string")
    throw new Error("A shortcode was used outside a page, which has no address.");
  return page.url;
}

/** A page as Eleventy's collections hold it. */
export interface CollectionItem {
  url: string;
  data: { nav?: { label?: string; order?: number }; footer?: string; [key: string]: unknown };
}

/** What `eleventy.before` receives. */
export interface BeforeBuild {
  directories: { output: string };
  /** "fs" writes the site; "json" renders it in memory (renderSite), and nothing may be written. */
  outputMode: "fs" | "json" | "ndjson";
}

/** What `eleventy.after` receives: the output folder and every template the build rendered. */
export interface AfterBuild extends BeforeBuild {
  results: BuildResult[];
}

/** One template's output, as Eleventy wrote it. */
export interface BuildResult {
  /** The published address (`/report/`, `/keys/ada.asc`), or false when not written. */
  url: string | false;
  /** The file written, or false. */
  outputPath: string | false;
  /** The text written, after transforms. */
  content: string;
}
