import { join } from "node:path";
import { build, type OutputFile } from "esbuild";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { PROJECT_ROOT, projectPath } from "../project-paths.ts";

/** The browser code's sources: esbuild bundles the TypeScript itself, whether the build runs compiled or not. */
const clientDir = projectPath("src/client");
/** Where the bundles are published, under the output folder. */
const JS_DIR = "assets/js";

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
  const result = await build({
    entryPoints: {
      "report-form": join(clientDir, "main.tsx"),
      "quick-exit": join(clientDir, "quick-exit.ts"),
    },
    // The aliases below resolve from the project, whichever folder the build runs in.
    absWorkingDir: PROJECT_ROOT,
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
    // @formspree/react is written for React: preact/compat stands in for it at a fraction of the size.
    alias: { react: "preact/compat", "react-dom": "preact/compat", openpgp: "openpgp/lightweight" },
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
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
