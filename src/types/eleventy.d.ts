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

// Eleventy's own dev server (the live preview, src/server/dev-server.ts): the parts Confide uses.
declare module "@11ty/eleventy-dev-server" {
  import type { IncomingMessage, Server, ServerResponse } from "node:http";

  interface DevServerOptions {
    /** Patch the changed parts of a page instead of reloading it. */
    domDiff?: boolean;
    /** Connect-style handlers that run before the static files are served. */
    middleware?: Array<(request: IncomingMessage, response: ServerResponse, next: () => void) => void>;
    messageOnStart?: () => string | false;
    logger?: { info(line: string): void; log(line: string): void; error(line: string): void };
  }

  export default class EleventyDevServer {
    static getServer(name: string, dir: string, options?: DevServerOptions): EleventyDevServer;
    /** The HTTP server (created on first use). */
    readonly server: Server;
    /** Starts listening; overridable, to choose the interface. */
    _serverListen(port: number): void;
    serve(port: number): void;
    ready(): Promise<void>;
    /** Tells every open page to reload. */
    reload(event?: { subtype?: "html" | "css" }): void;
    close(): Promise<void>;
  }
}
