import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { formatRosterEntry, generateResponderKey } from "../../src/responder/generate-key.ts";
import { contentFolder, EXAMPLE_TRANSLATIONS } from "./content-folder.ts";

// Sites larger than the example, made in code in a temporary folder (issue 11): the size tests and
// the bench build them; nothing of them is committed.

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
 * The example site in its own language only (each page of a translated site without its translation
 * is a warning) with `count` more content pages under `/notes/`.
 *
 * @returns the content folder and a function that removes it
 */
export async function siteWithPages(count: number): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const site = await contentFolder({}, { translations: false });
  await mkdir(join(site.dir, GENERATED_PAGES_DIR), { recursive: true });
  for (let index = 1; index <= count; index++) {
    await writeFile(join(site.dir, GENERATED_PAGES_DIR, `note-${index}.md`), generatedPage(index));
  }
  return site;
}

/**
 * The example site with a roster of `count` responders: the example's four, and new ones, each with
 * a key made now (curve25519, valid two years) and their text in every translation.
 *
 * @returns the content folder, the responders' ids, and a function that removes it
 */
export async function siteWithResponders(
  count: number,
): Promise<{ dir: string; ids: string[]; cleanup: () => Promise<void> }> {
  const site = await contentFolder();
  const ids = ["ada", "tomas", "mei", "jonas"];
  const expires = new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000);
  const added = Array.from({ length: count - ids.length }, (_, index) => `responder${index + 1}`);
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
