import { appendFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { rejectUnknownOptions } from "../../src/options/reject-unknown-options.ts";
import { formatRosterEntry, generateResponderKey } from "../../src/responder/generate-key.ts";
import { contentFolder, EXAMPLE_TRANSLATIONS } from "./content-folder.ts";

// Sites larger than the example, made in code in a temporary folder (issue 11): the size tests, the
// front-matter parse count and the bench (bench/run.ts) build or check them, and bare Eleventy gets
// the same markdown. The one place such sites are made; nothing of them is committed.

/** Where the generated content pages live in the content folder (and on the site). */
export const GENERATED_PAGES_DIR = "notes";

/** The markdown of one generated content page: front matter, headings, a list, links and site data. */
export function generatedPage(index: number): string {
  return `---
title: Note ${index}
description: A page written for the size test, number ${index}.
---

Welcome to note ${index} of {{ site.event.name }}. This page stands in for the pages an organiser
writes: the venue, the schedule, the accessibility information, the travel advice.

## Getting there

The venue is open from nine in the morning. Step-free access is at the side entrance; ask anyone in a
${"`"}staff${"`"} T-shirt if you need help. If something worries you, [tell us](/reporting/).

## What to bring

- your ticket, on paper or on your phone
- a water bottle: there are taps on every floor
- anything you need to be comfortable for the day

### Questions

Write to the organisers, or read the [code of conduct](/code-of-conduct/) first.
`;
}

/**
 * Writes generated pages (`note-1.md`, `note-2.md`, …) into a folder.
 *
 * @param options.dir - the folder (created if missing)
 * @param options.count - how many pages
 */
export async function writeGeneratedPages(options: { dir: string; count: number }): Promise<void> {
  const { dir, count, ...rest } = options;
  rejectUnknownOptions("writeGeneratedPages", rest);
  await mkdir(dir, { recursive: true });
  for (let index = 1; index <= count; index++)
    await writeFile(join(dir, `note-${index}.md`), generatedPage(index));
}

/**
 * The example site with `pages` more content pages under `/notes/`.
 *
 * @param options.pages - how many pages to add
 * @param options.translations - keep the example's translations (default: false; then each added
 *   page lacks a translation, and the check and the build warn once per page)
 * @returns the content folder and a function that removes it
 */
export async function siteWithPages(options: {
  pages: number;
  translations?: boolean;
}): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const { pages, translations = false, ...rest } = options;
  rejectUnknownOptions("siteWithPages", rest);
  const site = await contentFolder({}, { translations });
  await writeGeneratedPages({ dir: join(site.dir, GENERATED_PAGES_DIR), count: pages });
  return site;
}

/**
 * The example site with a roster of `responders` responders: the example's four, and new ones, each
 * with a key made now (curve25519, valid two years, the private half thrown away) and their text in
 * every translation.
 *
 * @param options.responders - how many responders in all (at least the example's four)
 * @returns the content folder, the responders' ids, and a function that removes it
 */
export async function siteWithResponders(options: {
  responders: number;
}): Promise<{ dir: string; ids: string[]; cleanup: () => Promise<void> }> {
  const { responders, ...rest } = options;
  rejectUnknownOptions("siteWithResponders", rest);
  const site = await contentFolder();
  const ids = ["ada", "tomas", "mei", "jonas"];
  const expires = new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000);
  const added = Array.from({ length: responders - ids.length }, (_, index) => `responder${index + 1}`);
  const keys = await Promise.all(
    added.map((id) =>
      generateResponderKey({
        name: `Responder ${id}`,
        email: `${id}@tidewater.example`,
        passphrase: null,
        expires,
      }),
    ),
  );
  const entries: string[] = [];
  for (const [index, id] of added.entries()) {
    const key = keys[index];
    if (!key) throw new Error(`no key for ${id}`);
    await writeFile(join(site.dir, "keys", `${id}.asc`), key.armoredPublicKey);
    entries.push(
      formatRosterEntry({
        id,
        name: `Responder ${id}`,
        email: `${id}@tidewater.example`,
        fingerprint: key.facts.fingerprint,
      }),
    );
  }
  await appendFile(join(site.dir, "_data/roster.yaml"), `\n${entries.join("\n\n")}\n`);
  for (const tag of EXAMPLE_TRANSLATIONS) {
    const overlay = added.map((id) => `  ${id}:\n    role: Responder (${tag})`).join("\n");
    await appendFile(join(site.dir, tag, "_data/roster.yaml"), `${overlay}\n`);
  }
  return { ...site, ids: [...ids, ...added] };
}

/**
 * Copies a content folder's markdown pages, and nothing else, for bare Eleventy (the bench's
 * comparison): the same text, with the Liquid tags and variables Confide's plugins provide taken out
 * (bare Eleventy has none of them).
 *
 * @param options.from - a content folder
 * @param options.to - the new folder
 * @returns how many pages were copied
 */
export async function bareMarkdown(options: { from: string; to: string }): Promise<number> {
  const { from, to, ...rest } = options;
  rejectUnknownOptions("bareMarkdown", rest);
  let pages = 0;
  for (const entry of await readdir(from, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".md")) continue;
    const path = join(entry.parentPath, entry.name);
    const target = join(to, relative(from, path));
    const text = (await readFile(path, "utf8"))
      .replace(/\{%[\s\S]*?%\}/g, "")
      .replace(/\{\{[\s\S]*?\}\}/g, "");
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
    pages++;
  }
  return pages;
}
