// Eleventy 3 ships JavaScript without type declarations; these name the parts Confide uses.
declare module "@11ty/eleventy" {
  export default class Eleventy {
    constructor(
      input?: string,
      output?: string,
      options?: { configPath?: string; quietMode?: boolean; config?: (eleventyConfig: unknown) => void },
    );
    write(): Promise<unknown>;
    /** Renders every page in memory: each page's input path, URL and content, nothing written. */
    toJSON(): Promise<Array<{ inputPath?: string; url?: string | false; content?: string }>>;
    /** Silences Eleventy's own logging (errors are still thrown). */
    disableLogger(): void;
  }
}

declare module "@11ty/eleventy-plugin-syntaxhighlight" {
  import type { EleventyConfig } from "../eleventy/eleventy-types.ts";

  const syntaxHighlight: (eleventyConfig: EleventyConfig, options?: Record<string, unknown>) => void;
  export default syntaxHighlight;
}
