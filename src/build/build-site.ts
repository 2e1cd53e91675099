import { fileURLToPath } from "node:url";
import Eleventy from "@11ty/eleventy";
import { register } from "tsx/esm/api";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

// Eleventy imports .eleventy.ts with Node's own import(): tsx's loader must be registered in this
// process, whoever started it (the confide CLI already runs under tsx; vitest does not).
let tsxRegistered = false;
function ensureTypeScriptImports(): void {
  if (tsxRegistered) return;
  register();
  tsxRegistered = true;
}

/**
 * Builds a content folder into an output folder with the project's own Eleventy configuration,
 * exactly as `npm run build` does. Used by `confide serve` and by the tests.
 *
 * The configuration reads its folders from CONFIDE_CONTENT and CONFIDE_OUT, so they are set for the
 * duration of the build; builds in one process therefore run one at a time.
 *
 * @param options.contentDir - the content folder (default: content)
 * @param options.outDir - where to write the site (default: _site)
 * @param options.quiet - print only problems
 * @param options.silent - print nothing from Eleventy, not even its summary (content problems are
 *   still printed, and errors still thrown): for commands whose own report is the output
 * @param options.formEndpoint - where the report form posts instead of site.yaml's endpoint;
 *   "same-origin" posts to the site's own origin (the local inbox behind `confide serve`)
 * @param options.builtAt - the build's instant (whole seconds; default: now), as SOURCE_DATE_EPOCH
 *   gives it: the same content built at the same instant gives the same bytes
 * @throws ContentError (with `diagnostics`) when the content is invalid; nothing is written then
 */
export async function buildSite(
  options: {
    contentDir?: string;
    outDir?: string;
    quiet?: boolean;
    silent?: boolean;
    formEndpoint?: string;
    builtAt?: Date;
  } = {},
): Promise<void> {
  ensureTypeScriptImports();
  const saved = {
    content: process.env.CONFIDE_CONTENT,
    out: process.env.CONFIDE_OUT,
    endpoint: process.env.CONFIDE_FORM_ENDPOINT,
    epoch: process.env.SOURCE_DATE_EPOCH,
    cwd: process.cwd(),
  };
  process.env.CONFIDE_CONTENT = options.contentDir ?? "content";
  process.env.CONFIDE_OUT = options.outDir ?? "_site";
  if (options.formEndpoint) process.env.CONFIDE_FORM_ENDPOINT = options.formEndpoint;
  if (options.builtAt) {
    if (options.builtAt.getTime() % 1000 !== 0)
      throw new Error(`buildSite: builtAt must be whole seconds (${options.builtAt.toISOString()}).`);
    process.env.SOURCE_DATE_EPOCH = String(options.builtAt.getTime() / 1000);
  }
  try {
    // Paths in the configuration (the assets folder) are relative to the project root.
    process.chdir(projectRoot);
    const eleventy = new Eleventy(undefined, undefined, {
      configPath: ".eleventy.ts",
      quietMode: options.quiet ?? true,
    });
    if (options.silent) eleventy.disableLogger();
    await eleventy.write();
  } finally {
    restore("CONFIDE_CONTENT", saved.content);
    restore("CONFIDE_OUT", saved.out);
    restore("CONFIDE_FORM_ENDPOINT", saved.endpoint);
    restore("SOURCE_DATE_EPOCH", saved.epoch);
    process.chdir(saved.cwd);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
