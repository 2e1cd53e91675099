import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { projectPath } from "../project-paths.ts";

/** This module: every record it writes lists it, so a change to how records are made is never hidden by one made before. */
const CACHE_MODULE = fileURLToPath(import.meta.url);

/** What a cached build gives back: files by address, and data about them (JSON). */
export interface CachedFiles<T> {
  files: ReadonlyMap<string, Uint8Array>;
  data: T;
}

/**
 * The records' format. 2 (issue 13): a record lists the code that wrote it among its inputs (this
 * module, and the maker's). A record of format 1 does not, so it cannot tell that code changed: it is
 * made again, once. Later changes to this code are inputs, and need no new format.
 */
const RECORD_FORMAT = 2;

/** The record on disk. */
interface CacheRecord {
  format: typeof RECORD_FORMAT;
  key: string;
  /** Every file the output was made from, absolute, with the SHA-256 (hex) of its bytes then. */
  inputs: Record<string, string>;
  files: Record<string, string>;
  data: unknown;
}

/** The SHA-256 of bytes or text (UTF-8), in hex: what the caches here key their records by. */
export const sha256 = (bytes: Uint8Array | string): string =>
  createHash("sha256").update(bytes).digest("hex");

/**
 * Where the record of a build is kept: one record per copy of the code that makes it (the TypeScript
 * that vitest and tsx run, the JavaScript the CLI runs, compiled from it), each listing its own copy
 * among its inputs ({@link cachedBuild}'s `maker`). With one record for both, a change to the
 * TypeScript would be hidden behind a record the compiled copy made, and the copies would keep
 * replacing each other's record.
 *
 * @param options.name - the build's name (`island-bundle`)
 * @param options.maker - the `import.meta.url` of the module that makes the output
 * @returns the record's path, under node_modules/.cache/confide/
 */
export function recordFileOf(options: { name: string; maker: string }): string {
  const { name, maker, ...rest } = options;
  rejectUnknownOptions("recordFileOf", rest);
  const copy = maker.endsWith(".ts") ? "source" : "compiled";
  return projectPath(`node_modules/.cache/confide/${name}.${copy}.json`);
}

/**
 * Runs a deterministic build only when one of its inputs changed, reusing its last output otherwise
 * (issue 11: the browser bundles do not change from one site build to the next, and making them is
 * most of a small site's build time). The record names every input file with the SHA-256 of its
 * bytes and the key (what else the output depends on: options, tool versions); the output is reused
 * only when all of them are still the same, so a stale output cannot be used. The record is replaced
 * at once (written beside, then renamed), so builds running together read a whole one or none; a
 * record that cannot be read or written is ignored.
 *
 * @param options.file - where the record is kept ({@link recordFileOf})
 * @param options.key - what else the output depends on
 * @param options.maker - the `import.meta.url` of the module whose code makes the output (what it
 *   names and records): an input like the files the build reads, so a change to that code is seen
 * @param options.build - makes the output, and names every file it read (absolute paths)
 * @returns the output, and whether it came from the record
 */
export async function cachedBuild<T>(options: {
  file: string;
  key: string;
  maker?: string;
  build: () => Promise<CachedFiles<T> & { inputs: readonly string[] }>;
}): Promise<CachedFiles<T> & { cached: boolean }> {
  const { file, key, maker, build, ...rest } = options;
  rejectUnknownOptions("cachedBuild", rest);
  const record = await readRecord<T>(file, key);
  if (record) return { ...record, cached: true };

  const made = await build();
  const inputs: Record<string, string> = {};
  // The code that wrote the record is an input too: this module's, and the maker's.
  const sorted = [...made.inputs, ...(maker ? [fileURLToPath(maker)] : []), CACHE_MODULE].sort();
  const digests = await Promise.all(sorted.map(async (input) => sha256(await readFile(input))));
  sorted.forEach((input, index) => {
    inputs[input] = digests[index] ?? "";
  });
  const next: CacheRecord = {
    format: RECORD_FORMAT,
    key,
    inputs,
    files: Object.fromEntries(
      [...made.files].map(([url, bytes]) => [url, Buffer.from(bytes).toString("base64")]),
    ),
    data: made.data,
  };
  await replaceCacheFile({ file, text: JSON.stringify(next) });
  return { files: made.files, data: made.data, cached: false };
}

/** The record's output, if it is for this key and none of its inputs changed. */
async function readRecord<T>(file: string, key: string): Promise<CachedFiles<T> | null> {
  let record: CacheRecord;
  try {
    record = JSON.parse(await readFile(file, "utf8"));
  } catch {
    return null;
  }
  if (record?.format !== RECORD_FORMAT || record.key !== key || typeof record.inputs !== "object")
    return null;
  const unchanged = await Promise.all(
    Object.entries(record.inputs).map(async ([input, digest]) => {
      const bytes = await readFile(input).catch(() => null);
      return bytes !== null && sha256(bytes) === digest;
    }),
  );
  if (!unchanged.every(Boolean)) return null;
  return {
    files: new Map(
      Object.entries(record.files).map(([url, base64]) => [
        url,
        new Uint8Array(Buffer.from(base64, "base64")),
      ]),
    ),
    data: record.data as T,
  };
}

/**
 * Replaces a cache file at once (written beside, then renamed), so processes running together read a
 * whole record or none. A file that cannot be written is left alone: a cache is only ever a shortcut.
 *
 * @param options.file - the cache file
 * @param options.text - its new contents
 */
export async function replaceCacheFile(options: { file: string; text: string }): Promise<void> {
  const { file, text, ...rest } = options;
  rejectUnknownOptions("replaceCacheFile", rest);
  const staging = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(staging, text);
    await rename(staging, file);
  } catch {
    await rm(staging, { force: true }); // no cache this time: the output is still right
  }
}
