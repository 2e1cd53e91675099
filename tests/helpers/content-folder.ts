import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "../../src/check/diagnostic.ts";
import { loadContent } from "../../src/content/load-content.ts";
import type { Content } from "../../src/content/validate-content.ts";

export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const EXAMPLE_CONTENT = join(PROJECT_ROOT, "content");
export const KEY_FIXTURES = join(PROJECT_ROOT, "tests/fixtures/keys");

/** What tests/fixtures/keys/fixtures.json says about one fixture key (read back from the key itself). */
export interface KeyFixture {
  name: string;
  public: string;
  private: string | null;
  fingerprint: string;
  /** When the primary key was made (ISO). */
  created: string;
  expires: string | null;
  encryptionSubkeyExpires: string | null;
}

const fixtures: KeyFixture[] = JSON.parse(await readFile(join(KEY_FIXTURES, "fixtures.json"), "utf8"));

/** One fixture key by name, with its armored public (and private, if any) text. */
export async function fixtureKey(
  name: string,
): Promise<KeyFixture & { armored: string; armoredPrivate: string | null }> {
  const fixture = fixtures.find((f) => f.name === name);
  if (!fixture) throw new Error(`no key fixture named ${name}`);
  return {
    ...fixture,
    armored: await readFile(join(KEY_FIXTURES, fixture.public), "utf8"),
    armoredPrivate: fixture.private ? await readFile(join(KEY_FIXTURES, fixture.private), "utf8") : null,
  };
}

/** A fixed "now" inside every valid fixture key's lifetime (created 2026-11-01, expiring 2036-11-01). */
export const NOW = new Date("2027-03-01T12:00:00Z");

/** The example's translations: each a folder with its pages and its `_data/` (src/i18n/translations.ts). */
export const EXAMPLE_TRANSLATIONS = ["ar", "es"] as const;

/**
 * A temporary copy of the example content folder, with files replaced (string) or deleted (null).
 * `translations: false` leaves out the example's translation folders, for tests of a one-language
 * site (a test roster of its own would otherwise get a warning for every translation of the example's).
 * Call `cleanup` when done.
 */
export async function contentFolder(
  files: Record<string, string | null> = {},
  options: { translations?: boolean } = {},
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "confide-content-"));
  await cp(EXAMPLE_CONTENT, dir, { recursive: true });
  if (options.translations === false) {
    for (const tag of EXAMPLE_TRANSLATIONS) await rm(join(dir, tag), { recursive: true, force: true });
  }
  for (const [path, text] of Object.entries(files)) {
    const target = join(dir, path);
    if (text === null) await rm(target, { recursive: true, force: true });
    else {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text);
    }
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Validates a content folder made by {@link contentFolder} at {@link NOW}, then removes it. Without
 * the example's translations unless `translations: true`: the roster and site checks are about one
 * language's data.
 */
export async function check(
  files: Record<string, string | null>,
  options: { now?: Date; warnDays?: number; translations?: boolean } = {},
): Promise<Diagnostic[]> {
  const { dir, cleanup } = await contentFolder(files, { translations: options.translations ?? false });
  try {
    const { diagnostics } = await loadContent({
      dir,
      now: options.now ?? NOW,
      ...(options.warnDays === undefined ? {} : { warnDays: options.warnDays }),
    });
    return diagnostics;
  } finally {
    await cleanup();
  }
}

/** The 1-based line of the first line containing `needle` (tests assert the line a message points at). */
export function lineOf(text: string, needle: string, occurrence = 1): number {
  let seen = 0;
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    if (line.includes(needle) && ++seen === occurrence) return index + 1;
  }
  throw new Error(`"${needle}" not found in the text`);
}

/** A roster entry as YAML, the way an organiser writes one. */
export function rosterEntry(entry: {
  id: string;
  name?: string;
  email?: string;
  key?: string;
  fingerprint?: string;
  receives?: boolean;
  monitors?: boolean;
  extra?: string;
}): string {
  const lines = [
    `  - id: ${entry.id}`,
    `    name: ${entry.name ?? `Responder ${entry.id}`}`,
    "    role: Responder",
    entry.email ? `    email: ${entry.email}` : "",
    entry.key ? `    key: ${entry.key}` : "",
    entry.fingerprint ? `    fingerprint: "${entry.fingerprint}"` : "",
    `    receives_reports: ${entry.receives ?? true}`,
    `    monitors_alias: ${entry.monitors ?? true}`,
    entry.extra ?? "",
  ];
  return lines.filter(Boolean).join("\n");
}

/** A roster file from entries. */
export function roster(...entries: string[]): string {
  return `# test roster\nresponders:\n${entries.join("\n")}\n`;
}

let example: Promise<Content> | undefined;

/**
 * The example content folder, loaded and validated at {@link NOW} once per test file (about a
 * second): its `languages` are real `SiteLanguage`s for tests of what pages print. Read it, never
 * change it; spread a language to vary it (`{ ...language, responders: [...] }`).
 */
export function exampleContent(): Promise<Content> {
  example ??= loadContent({ dir: EXAMPLE_CONTENT, now: NOW }).then(({ content, diagnostics }) => {
    if (!content) throw new Error(`the example content does not load: ${JSON.stringify(diagnostics)}`);
    return content;
  });
  return example;
}
