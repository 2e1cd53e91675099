// Eleventy 3 ships JavaScript without type declarations; these name the parts Confide uses.
declare module "@11ty/eleventy" {
  export default class Eleventy {
    constructor(
      input?: string,
      output?: string,
      options?: {
        /** A configuration file, or false for none (the `config` callback is then the whole configuration). */
        configPath?: string | false;
        quietMode?: boolean;
        config?: (eleventyConfig: unknown) => void;
      },
    );
    write(): Promise<unknown>;
    /** Renders every template in memory and returns them; writes nothing. */
    toJSON(): Promise<Array<{ url: string; inputPath: string; outputPath: string; content: string }>>;
    /** Silences Eleventy's own logging (errors are still thrown). */
    disableLogger(): void;
  }
}

declare module "@11ty/eleventy-plugin-syntaxhighlight" {
  import type { EleventyConfig } from "../eleventy/eleventy-types.ts";

  const syntaxHighlight: (eleventyConfig: EleventyConfig, options?: Record<string, unknown>) => void;
  export default syntaxHighlight;
}
