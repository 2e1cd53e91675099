import { fileURLToPath } from "node:url";
import { build, type OutputFile } from "esbuild";
import { islandBundleOptions, JS_DIR } from "../eleventy/island-bundle.ts";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";

/** The project's root, where esbuild resolves the aliases below from, whichever folder the build runs in. */
const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

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
 * @param options.minify - minify (default); false keeps the bundles readable, for development
 */
export async function bundleIsland(options: { minify?: boolean } = {}): Promise<IslandBundle> {
  const { minify, ...rest } = options;
  rejectUnknownOptions("bundleIsland", rest);
  // Resolved from the project's root, whichever folder the build runs in.
  const result = await build({ ...islandBundleOptions({ minify }), absWorkingDir: projectRoot });
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
    assets: {
      reportForm: reportForm.url,
      reportFormImports: reportForm.imports,
      quickExit: entry("quick-exit.ts").url,
    },
  };
}

/** A bundle's address on the site: `/assets/js/…`. */
function publishedUrl(file: OutputFile): string {
  return `/${file.path.slice(file.path.indexOf(JS_DIR)).split("\\").join("/")}`;
}
