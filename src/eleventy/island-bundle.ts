import { join } from "node:path";
import type { BuildOptions } from "esbuild";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { projectPath } from "../project-paths.ts";

/** The browser code's sources: esbuild bundles the TypeScript itself, whether the build runs compiled or not. */
const clientDir = projectPath("src/client");
/** Where the bundles are published, under the output folder. */
export const JS_DIR = "assets/js";

/**
 * The esbuild options of the browser bundles: the report form's island (its OpenPGP code split into
 * chunks it imports only when needed) and the quick-exit script. Built in memory (`write: false`), so a
 * failed build writes nothing, with a metafile that says which module went where.
 *
 * @param options.minify - minified bundles (default true); false gives readable ones for development
 * @throws TypeError on unknown options
 */
export function islandBundleOptions(
  options: { minify?: boolean | undefined } = {},
): BuildOptions & { metafile: true; write: false } {
  const { minify, ...rest } = options;
  rejectUnknownOptions("islandBundleOptions", rest);
  return {
    entryPoints: {
      "report-form": join(clientDir, "main.tsx"),
      "quick-exit": join(clientDir, "quick-exit.ts"),
    },
    outdir: JS_DIR,
    outbase: clientDir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: ["es2020"],
    entryNames: "[name]-[hash]",
    chunkNames: "chunks/[name]-[hash]",
    minify: minify ?? true,
    legalComments: "external",
    metafile: true,
    write: false,
    jsx: "automatic",
    jsxImportSource: "preact",
    alias: { openpgp: "openpgp/lightweight" },
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  };
}
