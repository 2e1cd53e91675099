import type { z } from "zod";
import type { Diagnostic } from "../check/diagnostic.ts";
import { closest } from "../check/schema-diagnostics.ts";
import { lookUpField } from "../check/schema-fields.ts";
import { readFrontMatterText, splitFrontMatter } from "./front-matter.ts";

/**
 * Words that mean "someone meant to come back to this": never published. The markers count in
 * capitals only, so that "todo" (Spanish and Portuguese for "all") is not taken for one.
 */
const PLACEHOLDER_MARKER = /\b(TODO|TBD|FIXME|XXX)\b/;
const PLACEHOLDER_TEXT = /lorem ipsum|changeme|REPLACE[_ ]?ME/i;

/** The first placeholder in a text (`TODO`, `lorem ipsum`, …), with where it starts, or null. */
export function findPlaceholder(text: string): { text: string; index: number } | null {
  const found = [PLACEHOLDER_MARKER.exec(text), PLACEHOLDER_TEXT.exec(text)]
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => a.index - b.index)[0];
  return found ? { text: found[0], index: found.index } : null;
}

/** Liquid's own tags, which pages may use besides Confide's shortcodes. */
const LIQUID_TAGS = new Set(
  "if elsif else endif unless endunless for endfor break continue case when endcase assign capture endcapture increment decrement comment endcomment raw endraw liquid echo render include cycle tablerow endtablerow highlight endhighlight".split(
    " ",
  ),
);

/** A markdown page as the checker and the build see it. */
export interface PageSource {
  /** Path relative to the content folder. */
  file: string;
  text: string;
}

/** The page's front matter as data, or an empty object when it has none or it does not parse. */
export function readFrontMatter(page: PageSource): Readonly<Record<string, unknown>> {
  const { frontMatter } = splitFrontMatter(page.text);
  return (frontMatter === null ? null : readFrontMatterText({ yaml: frontMatter }).data) ?? {};
}

/**
 * Checks one markdown page: its front matter parses, it has no placeholder text, every internal link
 * reaches a page the site will have, every `{{ site.… }}` names a setting that exists, and every
 * `{% … %}` tag is one Confide or Liquid knows.
 *
 * @param options.page - the page
 * @param options.knownUrls - every address the built site will have
 * @param options.schemas - the schemas of the data pages may print (`site`, …), to check names against
 * @param options.shortcodes - the names of Confide's shortcodes
 * @param options.localUrl - for a link to a page in another language, the same page in this page's
 *   language, if it has one (a translated page should link to translated pages)
 * @param options.languagePrefixes - the translations' address prefixes ("/es"), for the fix of a link
 *   that leads nowhere (default: none)
 * @param options.unsuggested - addresses never offered as that fix, such as the responders' own pages
 */
export function checkPage(options: {
  page: PageSource;
  knownUrls: ReadonlySet<string>;
  schemas: Readonly<Record<string, z.ZodType>>;
  shortcodes: ReadonlySet<string>;
  localUrl?: (url: string) => { url: string; language: string; linked: string } | null;
  languagePrefixes?: readonly string[];
  unsuggested?: ReadonlySet<string>;
}): Diagnostic[] {
  const { page, knownUrls, schemas, shortcodes, localUrl, languagePrefixes = [], unsuggested } = options;
  const diagnostics: Diagnostic[] = [];
  const add = (line: number, col: number, severity: Diagnostic["severity"], message: string, fix: string) =>
    diagnostics.push({ file: page.file, line, col, severity, message, fix });

  const { frontMatter, bodyLine } = splitFrontMatter(page.text);
  if (frontMatter === null) {
    add(
      1,
      1,
      "error",
      "This page has no front matter, so it would have no title and no heading.",
      "Start the file with three lines: `---`, `title: The page's title`, `---`.",
    );
  } else {
    // The front matter starts on the file's second line, after the opening `---`.
    for (const problem of readFrontMatterText({ yaml: frontMatter }).problems)
      diagnostics.push({ ...problem, file: page.file, line: problem.line + 1 });
  }

  diagnostics.push(...unclosedTags(page, bodyLine));

  const lines = page.text.split("\n");
  let inFence = false;
  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    const placeholder = findPlaceholder(line);
    if (placeholder) {
      add(
        lineNumber,
        placeholder.index + 1,
        "error",
        `Placeholder text "${placeholder.text}" would be published.`,
        "Replace it with the real text, or remove the line.",
      );
    }
    if (lineNumber < bodyLine) return;
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) return;

    if (/^#\s|^<h1[\s>]/i.test(line))
      add(
        lineNumber,
        1,
        "error",
        "This is a second main heading: the page's title is its one main heading already.",
        'Start the heading with "##" instead, or make it the `title:` in the front matter.',
      );
    for (const match of line.matchAll(/\]\((\/[^)\s]*)\)|href="(\/[^"]*)"/g)) {
      const target = (match[1] ?? match[2] ?? "").split("#")[0]?.split("?")[0] ?? "";
      if (!target) continue;
      if (knownUrls.has(target) || knownUrls.has(`${target}/`)) {
        const local = localUrl?.(target);
        if (local)
          add(
            lineNumber,
            (match.index ?? 0) + 1,
            "warning",
            `This ${local.language} page links to the ${local.linked} page ${target}.`,
            `Link to its ${local.language} version, ${local.url}.`,
          );
        continue;
      }
      add(
        lineNumber,
        (match.index ?? 0) + 1,
        "error",
        `The link to ${target} leads nowhere: no page has that address.`,
        linkFix({ target, knownUrls, languagePrefixes, unsuggested }),
      );
    }
    for (const match of line.matchAll(/\{\{-?\s*([A-Za-z_][\w.]*)/g)) {
      const path = match[1] ?? "";
      const [root, ...rest] = path.split(".");
      const schema = root ? schemas[root] : undefined;
      if (!root || !schema) continue;
      // A setting the schema knows may still be left out of this site: rendering the page tells
      // whether the sentence around it disappears with it (inside an {% if %}) or dangles.
      const found = lookUpField({ schema, path: rest });
      if (found.kind === "known") continue;
      const suggestion = closest(found.name, found.known);
      add(
        lineNumber,
        (match.index ?? 0) + 1,
        "error",
        `{{ ${path} }} names a setting that does not exist.`,
        suggestion
          ? `Did you mean {{ ${[root, ...found.at, suggestion].join(".")} }}? Settings here: ${found.known.join(", ")}.`
          : `Check the spelling against _data/${root}.yaml (settings here: ${found.known.join(", ")}).`,
      );
    }
    for (const match of line.matchAll(/\{%-?\s*([A-Za-z_]\w*)/g)) {
      const tag = match[1] ?? "";
      if (!shortcodes.has(tag) && !LIQUID_TAGS.has(tag)) {
        add(
          lineNumber,
          (match.index ?? 0) + 1,
          "error",
          `{% ${tag} %} is not a tag Confide knows.`,
          `Use one of: ${[...shortcodes].join(", ")}.`,
        );
      }
    }
  });
  return diagnostics;
}

/**
 * Every `{{` or `{%` that is not closed before the next one opens. Liquid itself would read on to the
 * next closing braces, pages further down, and blame a later tag at the wrong line: this finds the one
 * the organiser left open, where they left it.
 */
function unclosedTags(page: PageSource, bodyLine: number): Diagnostic[] {
  const lines = page.text.split("\n");
  const body = lines.slice(bodyLine - 1).join("\n");
  const positionOf = (offset: number) => {
    const before = body.slice(0, offset).split("\n");
    return { line: bodyLine + before.length - 1, col: (before[before.length - 1]?.length ?? 0) + 1 };
  };
  const diagnostics: Diagnostic[] = [];
  const opening = /\{\{|\{%/g;
  const openings = [...body.matchAll(opening)].map((match) => match.index);
  openings.forEach((start, index) => {
    const isOutput = body[start + 1] === "{";
    const close = isOutput ? "}}" : "%}";
    const end = body.indexOf(close, start + 2);
    const next = openings[index + 1] ?? Number.POSITIVE_INFINITY;
    if (end !== -1 && end < next) return;
    const written = (body.slice(start).split("\n")[0] ?? "").trim();
    diagnostics.push({
      file: page.file,
      ...positionOf(start),
      severity: "error",
      message: `${isOutput ? "This {{ … }}" : "This {% … %} tag"} is never closed: \`${written}\` has no \`${close}\`${end === -1 ? "" : " before the next tag"}.`,
      fix: `Close it with \`${close}\` on the same line${isOutput ? ", e.g. {{ site.follow_up }}" : ", e.g. {% direct_contacts %}"}.`,
    });
  });
  return diagnostics;
}

/**
 * What to link to instead of an address no page has (issue 14: the fix listed every page of every
 * language and every responder, thirty addresses, whatever the link): for a translation's page that
 * does not exist, the original it would translate; for a typo, the nearest address in the link's own
 * language; else that language's pages.
 */
function linkFix(options: {
  target: string;
  knownUrls: ReadonlySet<string>;
  languagePrefixes: readonly string[];
  unsuggested: ReadonlySet<string> | undefined;
}): string {
  const { target, knownUrls, languagePrefixes, unsuggested } = options;
  const pages = [...knownUrls].filter((url) => url.endsWith("/"));
  const address = target.endsWith("/") ? target : `${target}/`;
  /** The translation prefix an address is under ("/es"), or "" for the site's own language. */
  const prefixOf = (url: string) => languagePrefixes.find((prefix) => url.startsWith(`${prefix}/`)) ?? "";
  const prefix = prefixOf(address);
  const original = prefix ? address.slice(prefix.length) : "";
  if (original && knownUrls.has(original))
    return `The page exists untranslated at ${original}: translate it into ${prefix.slice(1)}/ to make ${address}, or link to ${original}.`;
  const same = pages.filter((url) => prefixOf(url) === prefix && !unsuggested?.has(url));
  const near = closest(address, same);
  if (near) return `Did you mean ${near}? Otherwise link to a page the site has, or create one at ${target}.`;
  return `Link to one of these pages (${same.join(", ")}), or create one at ${target}.`;
}
