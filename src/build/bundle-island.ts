import { resolve } from "node:path";
import type { OutputFile } from "esbuild";
import { islandBundleOptions, JS_DIR } from "../eleventy/island-bundle.ts";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { PROJECT_ROOT, projectPath } from "../project-paths.ts";
import { cachedBuild, recordFileOf } from "./bundle-cache.ts";

/** The published addresses of the browser bundles, for the templates. */
export interface IslandAssets {
  reportForm: string;
  quickExit: string;
  /** The chunks the report form imports before it runs (preloaded with it). */
  reportFormImports: string[];
}

/** The browser code of one build: each file's bytes by address, and the entry points' addresses. */
export interface IslandBundle {
  files: ReadonlyMap<string, Uint8Array>;
  assets: IslandAssets;
}

/**
 * Bundles the browser code with esbuild, in memory (https://esbuild.github.io/api/#write): the
 * build writes the files after the pages, so a failed build writes none.
 *
 * - The report form (src/client/main.tsx) is a Preact island; OpenPGP (`openpgp/lightweight`) is
 *   split into chunks the form imports only when it needs them.
 * - The quick-exit control (src/client/quick-exit.ts) runs on every page.
 *
 * The bundles are made again only when a file they are made from changed (src/build/bundle-cache.ts):
 * esbuild's output depends on nothing else but the options and its version (package-lock.json), and
 * the record's addresses and imports on this module's code, which is an input too.
 *
 * @param options.minify - minify (default); false keeps the bundles readable, for development
 */
export async function bundleIsland(options: { minify?: boolean } = {}): Promise<IslandBundle> {
  const { minify, ...rest } = options;
  rejectUnknownOptions("bundleIsland", rest);
  const buildOptions = islandBundleOptions({ minify });
  const { files, data } = await cachedBuild<IslandAssets>({
    file: recordFileOf({ name: "island-bundle", maker: import.meta.url }),
    // The options (plugins by name); esbuild's version is in package-lock.json, an input.
    key: JSON.stringify(buildOptions),
    // This module names the files and picks the form's imports (issue 13: a fix here went unseen).
    maker: import.meta.url,
    build: async () => {
      const { build } = await import("esbuild"); // only when something changed
      // Resolved from the project's root, whichever folder the build runs in.
      const result = await build({ ...buildOptions, absWorkingDir: PROJECT_ROOT });
      const entry = (name: string) => {
        const [path, meta] =
          Object.entries(result.metafile.outputs).find(([, m]) => m.entryPoint?.endsWith(name)) ?? [];
        if (!path || !meta) throw new Error(`esbuild produced no bundle for ${name}`);
        return {
          url: `/${path}`,
          imports: meta.imports.filter((i) => i.kind === "import-statement").map((i) => `/${i.path}`),
        };
      };
      const reportForm = entry("main.tsx");
      return {
        files: new Map(result.outputFiles.map((file) => [publishedUrl(file), file.contents])),
        data: {
          reportForm: reportForm.url,
          reportFormImports: reportForm.imports,
          quickExit: entry("quick-exit.ts").url,
        },
        inputs: [
          ...Object.keys(result.metafile.inputs).map((input) => resolve(PROJECT_ROOT, input)),
          projectPath("package-lock.json"),
        ],
      };
    },
  });
  return { files, assets: data };
}

/** A bundle's address on the site: `/assets/js/…`. */
function publishedUrl(file: OutputFile): string {
  return `/${file.path.slice(file.path.indexOf(JS_DIR)).split("\\").join("/")}`;
}
