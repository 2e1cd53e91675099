/**
 * The files a build publishes besides its templates (the bundles, the stylesheet, `_headers`), with
 * their exact bytes. The plugins that make them add them; the integrity attributes and the manifest
 * are computed from them. Created once in .eleventy.ts and emptied before every build.
 */
export interface PublishedFiles {
  /** Records a file under its address (`/assets/site.css`); a later call for the same address replaces it. */
  add(url: string, contents: Uint8Array): void;
  /** The bytes published at an address, if this build publishes it. */
  get(url: string): Uint8Array | undefined;
  /** Every file, sorted by address. */
  entries(): Array<[url: string, contents: Uint8Array]>;
  /** Forgets every file (before each build). */
  clear(): void;
}

/** An empty set of published files. */
export function publishedFiles(): PublishedFiles {
  const files = new Map<string, Uint8Array>();
  return {
    add(url, contents) {
      if (!url.startsWith("/")) throw new Error(`A published file's address starts with "/": ${url}`);
      files.set(url, contents);
    },
    get: (url) => files.get(url),
    entries: () => [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    clear: () => files.clear(),
  };
}
