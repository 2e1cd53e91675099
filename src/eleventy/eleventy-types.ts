/**
 * The part of Eleventy's configuration API that Confide's plugins use. Eleventy 3 ships no type
 * declarations, so this names exactly what we call, and tsc checks our calls against it.
 */
export interface EleventyConfig {
  on(
    event: "eleventy.before" | "eleventy.after",
    handler: (args: { directories: { output: string } }) => unknown,
  ): void;
  addGlobalData(name: string, value: unknown): void;
  addShortcode(name: string, fn: (...args: never[]) => unknown): void;
  addFilter(name: string, fn: (...args: never[]) => unknown): void;
  addTemplate(path: string, content: string, data: Record<string, unknown>): void;
  addPlugin<T>(plugin: (config: EleventyConfig, options: T) => unknown, options?: T): void;
  addPassthroughCopy(paths: string | Record<string, string>): void;
  setLibrary(name: "md", library: unknown): void;
  setLiquidOptions(options: Record<string, unknown>): void;
  addWatchTarget(path: string): void;
  addCollection(name: string, fn: (collections: { getAll(): CollectionItem[] }) => CollectionItem[]): void;
  setQuietMode(quiet: boolean): void;
  addTransform(
    name: string,
    fn: (this: { page: { outputPath: string | false } }, content: string) => unknown,
  ): void;
}

/** A page as Eleventy's collections hold it. */
export interface CollectionItem {
  url: string;
  data: { nav?: { label?: string; order?: number }; footer?: string; [key: string]: unknown };
}
