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
 * @param options.formEndpoint - where the report form posts instead of site.yaml's endpoint;
 *   "same-origin" posts to the site's own origin (the local inbox behind `confide serve`)
 * @throws ContentError (with `diagnostics`) when the content is invalid; nothing is written then
 */
export async function buildSite(
  options: { contentDir?: string; outDir?: string; quiet?: boolean; formEndpoint?: string } = {},
): Promise<void> {
  ensureTypeScriptImports();
  const saved = {
    content: process.env.CONFIDE_CONTENT,
    out: process.env.CONFIDE_OUT,
    endpoint: process.env.CONFIDE_FORM_ENDPOINT,
    cwd: process.cwd(),
  };
  process.env.CONFIDE_CONTENT = options.contentDir ?? "content";
  process.env.CONFIDE_OUT = options.outDir ?? "_site";
  if (options.formEndpoint) process.env.CONFIDE_FORM_ENDPOINT = options.formEndpoint;
  try {
    // Paths in the configuration (the assets folder) are relative to the project root.
    process.chdir(projectRoot);
    const eleventy = new Eleventy(undefined, undefined, {
      configPath: ".eleventy.ts",
      quietMode: options.quiet ?? true,
    });
    await eleventy.write();
  } finally {
    restore("CONFIDE_CONTENT", saved.content);
    restore("CONFIDE_OUT", saved.out);
    restore("CONFIDE_FORM_ENDPOINT", saved.endpoint);
    process.chdir(saved.cwd);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
