import { readFile } from "node:fs/promises";
import { replaceCacheFile, sha256 } from "../build/bundle-cache.ts";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { projectPath } from "../project-paths.ts";
import type { YamlSourceFacts, YamlSourceMemory } from "./yaml-source.ts";

/** A memory of parsed YAML files kept in a file between runs. */
export interface YamlSourceCache extends YamlSourceMemory {
  /** Writes the memory back when this run added to it: only the files this run used are kept. */
  save(): Promise<void>;
}

/** The record on disk: parsed files by the SHA-256 of their text. */
interface CacheRecord {
  format: 1;
  key: string;
  entries: Record<string, YamlSourceFacts>;
}

/**
 * Opens a memory of parsed YAML files kept on disk (issue 11: Confide's own UI strings and a site's
 * data files are the same from one build to the next, and parsing them with positions, and loading
 * the yaml library for it, was a good part of a small site's build). A file is known by the SHA-256
 * of its text, so a changed file is parsed again; the record is for one version of the yaml library
 * and of this format (`key`), and a record for another, or one that cannot be read, counts as empty.
 *
 * @param options.file - where the record is kept
 * @param options.key - what else the parsed facts depend on (the yaml library's version)
 */
export async function openYamlSourceCache(options: { file: string; key: string }): Promise<YamlSourceCache> {
  const { file, key, ...rest } = options;
  rejectUnknownOptions("openYamlSourceCache", rest);
  let known: Record<string, YamlSourceFacts> = {};
  try {
    const record: CacheRecord = JSON.parse(await readFile(file, "utf8"));
    if (record?.format === 1 && record.key === key && record.entries && typeof record.entries === "object")
      known = record.entries;
  } catch {
    // no record yet, or an unreadable one: every file is parsed this time
  }
  const used = new Map<string, YamlSourceFacts>();
  let added = false;
  return {
    get(text) {
      const digest = sha256(text);
      const facts = Object.hasOwn(known, digest) ? known[digest] : undefined;
      if (facts) used.set(digest, facts);
      return facts === undefined ? undefined : structuredClone(facts);
    },
    set(text, facts) {
      used.set(sha256(text), structuredClone(facts));
      added = true;
    },
    async save() {
      if (!added) return;
      added = false;
      known = Object.fromEntries(used);
      const record: CacheRecord = { format: 1, key, entries: known };
      await replaceCacheFile({ file, text: JSON.stringify(record) });
    },
  };
}

let projectCache: Promise<YamlSourceCache> | null = null;

/**
 * The project's memory of parsed YAML files, in node_modules/.cache/confide beside the bundles'
 * records; opened once per process.
 */
export function projectYamlSourceCache(): Promise<YamlSourceCache> {
  projectCache ??= (async () => {
    const version = await readFile(projectPath("node_modules/yaml/package.json"), "utf8")
      .then((text) => String(JSON.parse(text).version))
      .catch(() => "unknown");
    return openYamlSourceCache({
      file: projectPath("node_modules/.cache/confide/yaml-sources.json"),
      key: `yaml-source-facts/1 yaml@${version}`,
    });
  })();
  return projectCache;
}
