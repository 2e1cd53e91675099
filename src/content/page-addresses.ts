import type { Diagnostic, Position } from "../check/diagnostic.ts";
import { languageUrls, urls } from "../site/urls.ts";

/** A page as the address check sees it. */
export interface AddressedPage {
  /** Its file, relative to the content folder. */
  file: string;
  /** The address it would be written to. */
  url: string;
  /** Where its address is decided: its `permalink:` line, or the top of the file. */
  at: Position;
}

/** Folders whose every address the build writes itself: the scripts and styles, keys, the hook's file, the manifest. */
const GENERATED_FOLDERS: ReadonlyArray<readonly [prefix: string, what: string]> = [
  ["/assets/", "the site's scripts and styles"],
  ["/keys/", "the responders' public keys"],
  ["/hook/", "the form hook's list of receiving keys"],
  ["/.well-known/", "the build's manifest"],
];

/**
 * The addresses the build writes besides the pages, each with what it is: every language's responder
 * pages, each responder's key and photo, the file of all keys, the security headers and the favicon.
 *
 * @param options.prefixes - every language's prefix ("" for the site's own, "/es", …)
 * @param options.responderIds - every responder's id
 */
export function generatedAddresses(options: {
  prefixes: readonly string[];
  responderIds: readonly string[];
}): Map<string, string> {
  const generated = new Map<string, string>([
    [urls.allKeys, "the file of all the responders' keys"],
    [urls.headersFile, "the security headers file"],
    ["/favicon.ico", "the site's icon"],
  ]);
  for (const id of options.responderIds) {
    generated.set(urls.key(id), `${id}'s public key`);
    generated.set(urls.photo(id), `${id}'s photo`);
    for (const prefix of options.prefixes) generated.set(languageUrls(prefix).responder(id), `${id}'s page`);
  }
  return generated;
}

/**
 * An error for each page whose address another page or a file the build writes has too (issue 14):
 * one would silently replace the other (a page at /_headers took the place of the security headers'
 * rules, or vanished), or the build stopped with Eleventy's "Output conflict" and no line to fix.
 * Two pages with one address are both named: either may be the one to move.
 *
 * @param options.pages - every page
 * @param options.generated - the addresses the build writes itself, with what each is ({@link generatedAddresses})
 */
export function pageAddressDiagnostics(options: {
  pages: readonly AddressedPage[];
  generated: ReadonlyMap<string, string>;
}): Diagnostic[] {
  const byUrl = new Map<string, AddressedPage[]>();
  for (const page of options.pages) {
    const url = page.url.replace(/index\.html$/, "");
    byUrl.set(url, [...(byUrl.get(url) ?? []), page]);
  }
  const fix =
    "Give it an address of its own with `permalink:` in its front matter (e.g. `permalink: /about-our-team/`), or remove the permalink to use the file's name.";
  return [...byUrl].flatMap(([url, sharing]) => {
    const folder = GENERATED_FOLDERS.find(([prefix]) => url.startsWith(prefix));
    const generated = options.generated.get(url) ?? folder?.[1];
    if (!generated && sharing.length < 2) return [];
    return sharing.map((page) => ({
      file: page.file,
      ...page.at,
      severity: "error" as const,
      message: generated
        ? `This page has the address ${url}, where the build writes ${generated}${folder ? ` (every address under ${folder[0]} is the build's)` : ""}: one would replace the other.`
        : `This page has the address ${url}, and so has ${joinFiles(sharing.filter((other) => other !== page))}: one would replace the other.`,
      fix,
    }));
  });
}

const joinFiles = (pages: readonly AddressedPage[]) => pages.map((page) => page.file).join(" and ");
