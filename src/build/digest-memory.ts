import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { projectPath } from "../project-paths.ts";
import { recordFileOf, replaceCacheFile, sha256 } from "./bundle-cache.ts";

/** Answers worked out from a text before, kept in a file between runs and found by the text's SHA-256. */
export interface DigestMemory<T> {
  /** The answer kept for this text, if any (a copy: the caller may change it). */
  get(text: string): T | undefined;
  /** Keeps an answer for this text (a copy is kept). */
  set(text: string, answer: T): void;
  /** Writes the memory back when this run added to it: only the answers this run used are kept. */
  save(): Promise<void>;
}

/** The record on disk. */
interface MemoryRecord {
  format: 1;
  key: string;
  entries: Record<string, unknown>;
}

/**
 * Opens a memory of answers worked out from texts (a parsed file, a key's checked facts), kept in a
 * JSON file so a later run need not work them out again (issue 11: the same files are read on every
 * build). An answer is found by the SHA-256 of its text, so a changed text is worked out again; the
 * record is for one `key` (the tools' versions and the answers' format), and a record for another,
 * or one that cannot be read, counts as empty. Written at once (src/build/bundle-cache.ts), so runs
 * going together read a whole record or none. Answers must be plain JSON.
 *
 * @param options.file - where the record is kept
 * @param options.key - what else the answers depend on
 */
export async function openDigestMemory<T>(options: { file: string; key: string }): Promise<DigestMemory<T>> {
  const { file, key, ...rest } = options;
  rejectUnknownOptions("openDigestMemory", rest);
  let known: Record<string, unknown> = {};
  try {
    const record: MemoryRecord = JSON.parse(await readFile(file, "utf8"));
    if (record?.format === 1 && record.key === key && record.entries && typeof record.entries === "object")
      known = record.entries;
  } catch {
    // no record yet, or an unreadable one: every answer is worked out this time
  }
  const used = new Map<string, unknown>();
  let added = false;
  return {
    get(text) {
      const digest = sha256(text);
      const answer = Object.hasOwn(known, digest) ? known[digest] : undefined;
      if (answer === undefined) return undefined;
      used.set(digest, answer);
      return structuredClone(answer) as T;
    },
    set(text, answer) {
      used.set(sha256(text), structuredClone(answer));
      added = true;
    },
    async save() {
      if (!added) return;
      added = false;
      known = Object.fromEntries(used);
      const record: MemoryRecord = { format: 1, key, entries: known };
      await replaceCacheFile({ file, text: JSON.stringify(record) });
    },
  };
}

/** The installed version of a dependency, read from its package.json without loading it ("unknown" when unreadable). */
export async function installedVersion(options: { packageJson: string }): Promise<string> {
  const { packageJson, ...rest } = options;
  rejectUnknownOptions("installedVersion", rest);
  return readFile(packageJson, "utf8")
    .then((text) => String(JSON.parse(text).version))
    .catch(() => "unknown");
}

const projectMemories = new Map<string, Promise<DigestMemory<unknown>>>();

/**
 * One of the project's memories, in node_modules/.cache/confide beside the bundles' records, opened
 * once per process: its answers depend on one installed dependency's version, their own format and
 * the code that works them out (as a cached build's record lists its maker: a change to that code is
 * a change to the answers, whether or not someone remembered to change the format). The TypeScript
 * and the compiled copies keep a record each ({@link recordFileOf}). With CONFIDE_DIGEST_MEMORY=off in
 * the environment, a memory that finds and keeps nothing.
 *
 * @param options.name - the memory's file name, without `.json`
 * @param options.format - the answers' format (change it when their shape changes)
 * @param options.dependency - the package whose answers these are (its version is part of the key)
 * @param options.maker - the `import.meta.url` of the module that works the answers out
 */
export function projectDigestMemory<T>(options: {
  name: string;
  format: string;
  dependency: string;
  maker: string;
}): Promise<DigestMemory<T>> {
  const { name, format, dependency, maker, ...rest } = options;
  rejectUnknownOptions("projectDigestMemory", rest);
  // CONFIDE_DIGEST_MEMORY=off: every answer worked out again (tests that count the parses a run makes).
  if (process.env.CONFIDE_DIGEST_MEMORY === "off") return Promise.resolve(forgetfulMemory<T>());
  let memory = projectMemories.get(name);
  if (!memory) {
    memory = (async () => {
      const [version, code] = await Promise.all([
        installedVersion({ packageJson: projectPath(`node_modules/${dependency}/package.json`) }),
        Promise.all([maker, import.meta.url].map((url) => readFile(fileURLToPath(url)))),
      ]);
      return openDigestMemory<unknown>({
        file: recordFileOf({ name, maker }),
        key: `${format} ${dependency}@${version} code ${code.map((bytes) => sha256(bytes)).join(" ")}`,
      });
    })();
    projectMemories.set(name, memory);
  }
  return memory as Promise<DigestMemory<T>>;
}

/** A memory that finds and keeps nothing. */
function forgetfulMemory<T>(): DigestMemory<T> {
  return { get: () => undefined, set: () => {}, save: async () => {} };
}

/**
 * The address of a module beside this one, in the same copy of the code: `.ts` beside a source
 * module, `.js` beside a compiled one (a memory's maker, named from the module that opens it).
 *
 * @param url - the `import.meta.url` of the module asking
 * @param name - the other module's file name, without its extension
 */
export function siblingModule(url: string, name: string): string {
  return new URL(`./${name}${extname(fileURLToPath(url))}`, url).href;
}
