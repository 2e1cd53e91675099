import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { ACCENT_STYLESHEET, accentColours, accentStylesheet, brandFileUrl } from "../site/brand.ts";
import { defaultFavicon } from "../site/favicon.ts";
import type { Site } from "../site/site-schema.ts";

/**
 * The files that give the site the event's look (src/site/brand.ts): site.yaml's logo and favicon,
 * copied from the content folder; the accent colour as a stylesheet of its own (the pages' policy
 * allows no inline style); and always a `/favicon.ico` (a lifebuoy in the accent colour unless the
 * organiser gives an .ico), so the request every browser makes never ends in a 404.
 *
 * @param options.site - the validated site.yaml
 * @param options.contentDir - the content folder the logo and favicon paths start from
 * @returns each file's bytes by address
 */
export async function readBrandFiles(options: {
  site: Site;
  contentDir: string;
}): Promise<Map<string, Uint8Array>> {
  const { site, contentDir, ...rest } = options;
  rejectUnknownOptions("readBrandFiles", rest);
  const files = new Map<string, Uint8Array>();
  files.set("/favicon.ico", defaultFavicon({ colour: accentColours(site).light }));
  for (const setting of ["logo", "favicon"] as const) {
    const path = site[setting];
    if (path) files.set(brandFileUrl(setting, path), await readFile(join(resolve(contentDir), path)));
  }
  const css = accentStylesheet(site);
  if (css) files.set(ACCENT_STYLESHEET, Buffer.from(css));
  return files;
}
