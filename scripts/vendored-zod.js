// zod as one file without its message translations, for the compiled code in dist/ (issue 11).
//
// zod 4 is 95 modules, 64 of them translations of its error messages that Confide never uses (it
// writes its own messages, src/check/schema-diagnostics.ts, and zod registers English from its own
// module, not from the list). Loading them was about 40 ms of CPU on every command start; the same
// code as one file without the list takes about 16. scripts/compiled-code.js runs this after tsc and
// points dist/'s imports of "zod" at the file; the tests and the browser bundles use zod itself.
//
// Plain JavaScript on purpose: it runs before anything is compiled.
//
//   node scripts/vendored-zod.js OUTFILE

import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/**
 * Bundles zod into one ES module, with zod's list of translations (`z.locales`) left empty.
 *
 * @param {{ root: string, outfile: string }} options - root: the project (its node_modules has zod)
 */
export async function bundleZod({ root, outfile }) {
  await build({
    stdin: { contents: 'export * from "zod";', resolveDir: root, loader: "js" },
    bundle: true,
    format: "esm",
    platform: "node",
    outfile,
    logLevel: "error",
    plugins: [
      {
        name: "zod-without-translations",
        setup(bundler) {
          // Only zod's own list (core/index.js and classic/external.js re-export it as `locales`).
          bundler.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
            /[\\/]zod[\\/]/.test(args.importer) ? { path: "zod-locales", namespace: "empty" } : undefined,
          );
          bundler.onLoad({ filter: /.*/, namespace: "empty" }, () => ({
            contents: "export {};",
            loader: "js",
          }));
        },
      },
    ],
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outfile = process.argv[2];
  if (!outfile) throw new Error("usage: node scripts/vendored-zod.js OUTFILE");
  await bundleZod({ root: process.cwd(), outfile });
}
