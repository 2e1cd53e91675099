import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { expect } from "vitest";
import { buildSite } from "../../src/build/build-site.ts";
import {
  type HeaderRule,
  MAX_HEADER_LINE_LENGTH,
  MAX_HEADER_RULES,
  parseHeadersFile,
} from "../../src/site/security-headers.ts";

/** Every file under a folder, as paths relative to it with forward slashes. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
}

/** Builds a content folder into a new temporary folder (removed again if the build fails). */
export async function buildInto(contentDir: string): Promise<{ out: string; cleanup: () => Promise<void> }> {
  const out = await mkdtemp(join(tmpdir(), "confide-site-"));
  const cleanup = () => rm(out, { recursive: true, force: true });
  try {
    await buildSite({ contentDir, outDir: out });
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { out, cleanup };
}

/** The site-relative addresses a page links to or loads (href and src starting with "/"). */
export function internalLinks(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="(\/[^"]*)"/g)].map((match) => match[1] ?? "");
}

/** Whether an address resolves to a file in the built site, the way a static host serves it. */
export async function resolves(out: string, address: string): Promise<boolean> {
  const path = decodeURIComponent(address.split("#")[0]?.split("?")[0] ?? "/");
  const candidates = path.endsWith("/") ? [join(out, path, "index.html")] : [join(out, path)];
  for (const candidate of candidates) {
    if ((await stat(candidate).catch(() => null))?.isFile()) return true;
  }
  return false;
}

/** Reads a built file. */
export function readOut(out: string, path: string): Promise<string> {
  return readFile(join(out, path), "utf8");
}

/** The address of every page of a built site (`/`, `/reporting/`, `/es/report/`, `/404.html`, …). */
export async function builtPageUrls(out: string): Promise<string[]> {
  return (await listFiles(out))
    .filter((file) => file.endsWith(".html"))
    .map((file) => `/${file.replace(/(^|\/)index\.html$/, "$1")}`);
}

/**
 * The `_headers` rules of the example (issue 11: one per policy, not one per page): everything, each
 * language's report page, the keys.
 */
export const EXAMPLE_HEADER_RULE_PATHS = ["/*", "/ar/report/", "/es/report/", "/report/", "/keys/*"];

/** Reads a built site's `_headers`, expecting it to parse whole, within what Cloudflare Pages reads. */
export async function readHeaderRules(out: string): Promise<{ text: string; rules: HeaderRule[] }> {
  const text = await readFile(join(out, "_headers"), "utf8");
  const { rules, problems } = parseHeadersFile(text);
  expect(problems).toEqual([]);
  expect(rules.length).toBeLessThanOrEqual(MAX_HEADER_RULES);
  for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(MAX_HEADER_LINE_LENGTH);
  return { text, rules };
}
