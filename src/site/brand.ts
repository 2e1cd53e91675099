import type { Diagnostic } from "../check/diagnostic.ts";
import type { YamlSource } from "../check/yaml-source.ts";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { contrastRatio, formatRatio, textColourOn } from "./colour-contrast.ts";
import type { Site } from "./site-schema.ts";

/**
 * The event's own look, from site.yaml: its logo, its accent colour and its favicon. Pure: the
 * checker, the build and the tests share these rules.
 */

/** The page backgrounds the accent is drawn on, light and dark (`--bg` in src/assets/site.css). */
export const PAGE_BACKGROUNDS = { light: "#ffffff", dark: "#16161a" } as const;

/** Confide's own accent, when site.yaml sets none (`--accent` in src/assets/site.css). */
export const DEFAULT_ACCENT = { light: "#1d4f91", dark: "#8ab8ff" } as const;

/**
 * The contrast the accent needs against the page: it fills the main buttons and marks the header,
 * so it must stand out as a control does (WCAG 2.2 SC 1.4.11, non-text contrast). Text on it is
 * black or white, whichever reads better (always at least 4.5:1).
 */
export const ACCENT_MIN_CONTRAST = 3;

/** The largest logo or favicon a page may load: every page loads them, on slow phones too. */
export const BRAND_FILE_MAX_BYTES = 50 * 1024;

/** The kinds of image each setting takes, by file extension. */
export const BRAND_IMAGE_TYPES: Readonly<Record<"logo" | "favicon", readonly string[]>> = {
  logo: ["svg", "png", "webp", "jpg", "jpeg"],
  favicon: ["svg", "png", "ico"],
};

/** The accent colour in light and dark mode. */
export function accentColours(site: Pick<Site, "accent">): { light: string; dark: string } {
  if (!site.accent) return DEFAULT_ACCENT;
  return typeof site.accent === "string" ? { light: site.accent, dark: site.accent } : site.accent;
}

/**
 * The stylesheet that gives the site its accent colour, or null when site.yaml sets none (the
 * default is in site.css). A file of its own because the pages' policy allows no inline style.
 */
export function accentStylesheet(site: Pick<Site, "accent">): string | null {
  if (!site.accent) return null;
  const { light, dark } = accentColours(site);
  const rules = (colour: string) => `--accent:${colour};--on-accent:${textColourOn(colour)}`;
  return `:root{${rules(light)}}\n@media (prefers-color-scheme:dark){:root{${rules(dark)}}}\n`;
}

/** The accent colour's stylesheet, when site.yaml sets one. */
export const ACCENT_STYLESHEET = "/assets/accent.css";

/** What the layout reads as `{{ brand.… }}`. */
export interface BrandData {
  /** The logo's address, or null. */
  logo: string | null;
  /** The icon the pages name, with its MIME type; null for the default, which browsers find at /favicon.ico unasked. */
  favicon: { url: string; type: string } | null;
  /** The accent colour's stylesheet, or null for Confide's own colours. */
  stylesheet: string | null;
}

/** The addresses the layout names for the event's look (src/build/brand-files.ts publishes them). */
export function brandData(site: Pick<Site, "logo" | "favicon" | "accent">): BrandData {
  return {
    logo: site.logo ? brandFileUrl("logo", site.logo) : null,
    favicon: site.favicon
      ? { url: brandFileUrl("favicon", site.favicon), type: imageType(site.favicon) }
      : null,
    stylesheet: site.accent ? ACCENT_STYLESHEET : null,
  };
}

/** Where the build publishes the event's own images. */
export function brandFileUrl(setting: "logo" | "favicon", path: string): string {
  const extension = extensionOf(path);
  return setting === "favicon" && extension === "ico" ? "/favicon.ico" : `/assets/${setting}.${extension}`;
}

/** The MIME type of a favicon, for `<link rel="icon" type>`. */
export function imageType(path: string): string {
  const extension = extensionOf(path);
  return (
    { svg: "image/svg+xml", png: "image/png", ico: "image/x-icon", webp: "image/webp" }[extension] ??
    "image/jpeg"
  );
}

function extensionOf(path: string): string {
  return (/\.([a-z0-9]+)$/i.exec(path)?.[1] ?? "").toLowerCase();
}

/**
 * Checks site.yaml's logo, accent colour and favicon: the colour stands out from the light and the dark
 * page, each image exists in the content folder, is of a kind browsers show, is small, and (an SVG)
 * carries no script.
 *
 * @param options.site - the validated site.yaml
 * @param options.source - site.yaml as parsed, for positions
 * @param options.readFile - reads a file of the content folder as text, null when missing
 */
export async function brandDiagnostics(options: {
  site: Site;
  source: YamlSource;
  readFile: (path: string) => Promise<string | null>;
}): Promise<Diagnostic[]> {
  const { site, source, readFile, ...rest } = options;
  rejectUnknownOptions("brandDiagnostics", rest);
  const found: Diagnostic[] = [];
  const problem = (path: PropertyKey[], message: string, fix: string) =>
    found.push({ file: source.file, ...source.positionOf(path), severity: "error", message, fix });

  if (site.accent) {
    const colours = accentColours(site);
    for (const mode of ["light", "dark"] as const) {
      const ratio = contrastRatio(colours[mode], PAGE_BACKGROUNDS[mode]);
      if (ratio >= ACCENT_MIN_CONTRAST) continue;
      const path = typeof site.accent === "string" ? ["accent"] : ["accent", mode];
      problem(
        path,
        `The accent colour ${colours[mode]} has a contrast of ${formatRatio(ratio)} with the ${mode} page background ${PAGE_BACKGROUNDS[mode]}; buttons and the header need at least ${ACCENT_MIN_CONTRAST}:1 to be seen.`,
        typeof site.accent === "string"
          ? `Choose a ${mode === "light" ? "darker" : "lighter"} colour, or give one colour for each mode: accent: { light: "#1d4f91", dark: "#8ab8ff" }.`
          : `Choose a ${mode === "light" ? "darker" : "lighter"} colour for ${mode} mode.`,
      );
    }
  }

  for (const setting of ["logo", "favicon"] as const) {
    const path = site[setting];
    if (!path) continue;
    const types = BRAND_IMAGE_TYPES[setting];
    if (path.startsWith("/") || path.split("/").includes("..")) {
      problem(
        [setting],
        `The ${setting} "${path}" is outside the content folder.`,
        "Put the image in the content folder and give its path from there, e.g. images/logo.svg.",
      );
      continue;
    }
    if (!types.includes(extensionOf(path))) {
      problem(
        [setting],
        `The ${setting} "${path}" is not an image browsers show there.`,
        `Use a file ending in ${types.map((type) => `.${type}`).join(", ")}.`,
      );
      continue;
    }
    const text = await readFile(path);
    if (text === null) {
      problem(
        [setting],
        `The ${setting} file "${path}" does not exist in the content folder.`,
        "Check the path (it starts from the content folder), or copy the image there.",
      );
      continue;
    }
    // Read as text, a binary file has about as many characters as bytes: near enough for a limit.
    if (text.length > BRAND_FILE_MAX_BYTES) {
      problem(
        [setting],
        `The ${setting} "${path}" is ${Math.ceil(text.length / 1024)} KB; every page loads it, so it may be at most ${BRAND_FILE_MAX_BYTES / 1024} KB.`,
        "Make it smaller: an SVG, or a PNG of at most 256 pixels, is plenty.",
      );
    }
    if (extensionOf(path) === "svg" && /<script\b|\son[a-z]+\s*=|javascript:/i.test(text)) {
      problem(
        [setting],
        `The ${setting} "${path}" contains a script; the site publishes no script it did not write.`,
        "Export the image again without scripts or event attributes (onload=…).",
      );
    }
  }
  return found;
}
