import { join } from "node:path";
import type { BuildOptions, Plugin } from "esbuild";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { projectPath } from "../project-paths.ts";

/** The browser code's sources: esbuild bundles the TypeScript itself, whether the build runs compiled or not. */
const clientDir = projectPath("src/client");
/** Where the bundles are published, under the output folder. */
export const JS_DIR = "assets/js";
/** The module that stands in for Stripe's packages (see {@link withoutPaymentCode}). */
export const PAYMENT_STUB = join(clientDir, "payment-stub.ts");
/** What stands in for React in the browser bundle (see src/client/react-for-formspree.ts). */
const REACT_FOR_FORMSPREE = join(clientDir, "react-for-formspree.ts");
/** Import paths of payment code that must never reach a bundle. */
export const PAYMENT_IMPORTS = /^@stripe\//;

/**
 * An esbuild plugin that resolves every `@stripe/…` import (`@formspree/react` imports Stripe for card
 * payments the report form never takes) to src/client/payment-stub.ts. A plugin rather than an alias:
 * it also catches subpaths such as `@stripe/stripe-js/pure/index.js`, whatever the version adds.
 */
export function withoutPaymentCode(): Plugin {
  return {
    name: "confide-without-payment-code",
    setup(build) {
      build.onResolve({ filter: PAYMENT_IMPORTS }, () => ({ path: PAYMENT_STUB }));
    },
  };
}

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
    // @formspree/react is written for React: the few React functions it uses come from Preact.
    alias: { react: REACT_FOR_FORMSPREE, openpgp: "openpgp/lightweight" },
    plugins: [withoutPaymentCode()],
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  };
}
