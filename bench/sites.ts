// The content folders the bench builds: the example, the example with 1,000 more pages, the example
// with a roster of 50 responders, and each one's markdown alone for bare Eleventy.
import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { formatRosterEntry, generateResponderKey } from "../src/responder/generate-key.ts";
import { EXAMPLE_CONTENT } from "../tests/helpers/content-folder.ts";

/** A page of ordinary length and shape: headings, paragraphs, a list, a link, emphasis. */
function pageText(n: number): string {
  const paragraph = `This is page ${n} of the guide. It explains one part of the event, in plain words, for people who have not been to it before. Read it at your own pace; **nothing here is urgent**, and [the code of conduct](/code-of-conduct/) says the rest.`;
  return [
    "---",
    `title: Guide page ${n}`,
    `description: Page ${n} of the event guide.`,
    "---",
    "",
    `## Part ${n}`,
    "",
    paragraph,
    "",
    "- Where to go",
    "- Whom to ask",
    "- What to bring",
    "",
    "### More",
    "",
    paragraph,
    "",
  ].join("\n");
}

/**
 * Copies the example content and adds `pages` pages of ordinary markdown under `guide/`.
 *
 * @param dir - the new content folder (must not exist)
 * @param pages - how many pages to add
 */
export async function manyPagesContent(dir: string, pages: number): Promise<void> {
  await cp(EXAMPLE_CONTENT, dir, { recursive: true });
  await addPages(join(dir, "guide"), pages);
}

/**
 * Writes `pages` pages of ordinary markdown into a new folder.
 *
 * @param dir - the folder (created)
 * @param pages - how many
 */
export async function addPages(dir: string, pages: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let n = 1; n <= pages; n++)
    await writeFile(join(dir, `page-${String(n).padStart(4, "0")}.md`), pageText(n));
}

/**
 * Copies the example content and appends `count` responders to its roster, each with a new key
 * (curve25519, no passphrase: the private halves are thrown away).
 *
 * @param dir - the new content folder (must not exist)
 * @param count - how many responders to add
 */
export async function manyRespondersContent(dir: string, count: number): Promise<void> {
  await cp(EXAMPLE_CONTENT, dir, { recursive: true });
  const entries: string[] = [];
  for (let n = 1; n <= count; n++) {
    const id = `responder-${String(n).padStart(2, "0")}`;
    const email = `${id}@tidewater.example`;
    const key = await generateResponderKey({
      name: `Responder ${n}`,
      email,
      passphrase: null,
      expires: new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000),
    });
    await writeFile(join(dir, "keys", `${id}.asc`), key.armoredPublicKey);
    entries.push(
      formatRosterEntry({ id, name: `Responder ${n}`, email, fingerprint: key.facts.fingerprint }),
    );
  }
  const roster = join(dir, "_data/roster.yaml");
  await writeFile(roster, `${(await readFile(roster, "utf8")).trimEnd()}\n\n${entries.join("\n\n")}\n`);
}

/**
 * Copies a content folder's markdown pages, and nothing else, for bare Eleventy: the same text, with
 * the Liquid tags and variables Confide's plugins provide taken out (bare Eleventy has none of them).
 *
 * @param from - a content folder
 * @param to - the new folder (must not exist)
 * @returns how many pages were copied
 */
export async function bareMarkdown(from: string, to: string): Promise<number> {
  let pages = 0;
  for (const entry of await readdir(from, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".md")) continue;
    const path = join(entry.parentPath, entry.name);
    const target = join(to, relative(from, path));
    const text = (await readFile(path, "utf8"))
      .replace(/\{%[\s\S]*?%\}/g, "")
      .replace(/\{\{[\s\S]*?\}\}/g, "");
    await mkdir(join(target, ".."), { recursive: true });
    await writeFile(target, text);
    pages++;
  }
  return pages;
}

/** How many HTML pages a built site has. */
export async function countPages(out: string): Promise<number> {
  const files = await readdir(out, { recursive: true });
  return files.filter((file) => String(file).endsWith(".html")).length;
}

/** How many markdown sources a content folder has. */
export async function countMarkdown(dir: string): Promise<number> {
  const files = await readdir(dir, { recursive: true });
  return files.filter((file) => String(file).endsWith(".md")).length;
}
