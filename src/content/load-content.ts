import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { Diagnostic } from "../check/diagnostic.ts";
import { useYamlSourceCache } from "../check/yaml-source.ts";
import { projectYamlSourceCache } from "../check/yaml-source-cache.ts";
import { useKeyVerdictCache } from "../roster/inspect-key.ts";
import { projectKeyVerdictCache } from "../roster/key-verdict-cache.ts";
import type { PageSource } from "./check-pages.ts";
import { isPagePath } from "./page-files.ts";
import { PRIVATE_KEY_SEARCH_LIMIT_BYTES } from "./private-keys.ts";
import { type Content, validateContent } from "./validate-content.ts";

/**
 * Reads a content folder from disk and validates it. The I/O edge around {@link validateContent}.
 *
 * @param options.dir - the content folder
 * @param options.now - the moment keys must be usable at (default: now)
 * @param options.warnDays - overrides site.yaml's key expiry warning threshold
 */
export async function loadContent(options: {
  dir: string;
  now?: Date;
  warnDays?: number;
}): Promise<{ content: Content | null; diagnostics: Diagnostic[] }> {
  const { dir } = options;
  const read = async (path: string): Promise<string | null> => {
    try {
      return await readFile(join(dir, path), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  };
  const pages = await Promise.all(
    (await listPages(dir)).map(
      async (file): Promise<PageSource> => ({ file, text: (await read(file)) ?? "" }),
    ),
  );
  const readBytes = async (path: string): Promise<Uint8Array | null> => {
    try {
      return new Uint8Array(await readFile(join(dir, path)));
    } catch (error) {
      if (["ENOENT", "EISDIR"].includes((error as NodeJS.ErrnoException).code ?? "")) return null;
      throw error;
    }
  };
  // Files parsed and keys checked in an earlier run are not parsed or checked again
  // (src/check/yaml-source-cache.ts, src/roster/key-verdict-cache.ts); the memories stay in use for
  // the rest of the process (the build's pages parse their front matter later).
  const [yamlCache, keyCache] = await Promise.all([projectYamlSourceCache(), projectKeyVerdictCache()]);
  useYamlSourceCache(yamlCache);
  useKeyVerdictCache(keyCache);
  const validated = await validateContent({
    readFile: read,
    readBytes,
    pages,
    translations: await listTranslations(dir),
    files: await listSmallFiles(dir, PRIVATE_KEY_SEARCH_LIMIT_BYTES),
    now: options.now ?? new Date(),
    ...(options.warnDays === undefined ? {} : { warnDays: options.warnDays }),
  });
  await Promise.all([yamlCache.save(), keyCache.save()]);
  return validated;
}

/** The folders of a content folder that hold a translation: those with a `_data/` folder of their own. */
export async function listTranslations(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const folders: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith("_") || entry.name.startsWith(".")) continue;
    if ((await stat(join(dir, entry.name, "_data")).catch(() => null))?.isDirectory())
      folders.push(entry.name);
  }
  return folders.sort();
}

/**
 * Every file of a content folder up to a size, relative to it (the build's own output and tools'
 * folders left out): what the private key search reads.
 */
export async function listSmallFiles(dir: string, maxBytes: number): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .filter((file) => !file.split("/").some((part) => SKIPPED_FOLDERS.has(part)));
  const sizes = await Promise.all(
    files.map((file) =>
      stat(join(dir, file)).then(
        (info) => info.size,
        () => Infinity,
      ),
    ),
  );
  return files.filter((_, i) => (sizes[i] ?? Infinity) <= maxBytes).sort();
}

/** Folders no organiser writes in: version control and packages. */
const SKIPPED_FOLDERS = new Set([".git", "node_modules"]);

/** The markdown pages of a content folder; folders starting with "_" or "." hold data, not pages. */
export async function listPages(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch {
    return [];
  }
  const candidates = entries
    .map((entry) => relative(dir, join(dir, entry)).split(sep).join("/"))
    .filter(isPagePath);
  // A folder whose name ends in ".md" is not a page (reading it stopped every command with EISDIR).
  const isFile = await Promise.all(
    candidates.map((file) =>
      stat(join(dir, file)).then(
        (info) => info.isFile(),
        () => false,
      ),
    ),
  );
  return candidates.filter((_, i) => isFile[i]).sort();
}
