import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import type { Responder } from "../roster/validate-roster.ts";
import { manifestText } from "../site/build-manifest.ts";
import { formatHeadersFile, headerRules, pageKindOf } from "../site/security-headers.ts";
import { integrityOf, subresourcesOf } from "../site/subresource-integrity.ts";
import { urls } from "../site/urls.ts";

/** A page or file the templates rendered, as Eleventy reports it. */
export interface RenderedFile {
  /** Its address (`/report/`), or false when it is not written. */
  url: string | false;
  /** The file it is written to, or false. */
  outputPath: string | false;
  /** Its text. */
  content: string;
}

/**
 * The steps after the templates are rendered, in order, with nothing shared between them but their
 * arguments and results:
 *
 * 1. check subresource integrity: every script, stylesheet and module preload of every page names
 *    the SHA-384 of the bytes this build publishes at its address, no page holds an inline script,
 *    and nothing loads from another site;
 * 2. the `_headers` file, by policy (src/site/security-headers.ts), from the pages' kinds;
 * 3. the manifest (`/.well-known/confide.json`): the SHA-256 of every file above and of the pages.
 *
 * Pure: it returns the files to write besides the pages (the given files, `_headers`, the manifest)
 * and writes nothing, so rendering a site in memory (`confide check`) meets every refusal a build meets.
 *
 * @param options.pages - what the templates rendered
 * @param options.files - the other files this build publishes (bundles, stylesheet), by address
 * @param options.responders - the validated roster (the manifest's recipients)
 * @param options.formOrigin - the form endpoint's origin, or null for the site's own (the report policy)
 * @param options.builtAt - the build's instant
 * @param options.formEndpoint - the endpoint override the build was made with, if any
 * @throws Error naming every page that breaks the integrity rules, or when `_headers` would exceed
 *   what Cloudflare Pages reads
 */
export function finishBuild(options: {
  pages: readonly RenderedFile[];
  files: ReadonlyMap<string, Uint8Array>;
  responders: readonly Responder[];
  formOrigin: string | null;
  builtAt: Date;
  formEndpoint?: string | undefined;
}): Map<string, Uint8Array | string> {
  const { pages, files, responders, formOrigin, builtAt, formEndpoint, ...rest } = options;
  rejectUnknownOptions("finishBuild", rest);
  const written = pages.filter((page): page is RenderedFile & { url: string } =>
    Boolean(typeof page.url === "string" && page.outputPath),
  );
  const htmlPages = written.filter((page) => String(page.outputPath).endsWith(".html"));

  checkSubresourceIntegrity(htmlPages, publishedBytes(written, files));

  const output = new Map<string, Uint8Array | string>(files);
  const headers = formatHeadersFile(
    headerRules({
      pages: htmlPages.map((page) => ({ url: page.url, kind: pageKindOf(page.content) })),
      formOrigin,
    }),
  );
  output.set(urls.headersFile, headers);

  const hashed: Record<string, Uint8Array | string> = {};
  for (const page of written) hashed[page.url] = page.content;
  for (const [url, contents] of output) hashed[url] = contents;
  output.set(urls.manifest, manifestText({ files: hashed, responders, builtAt, formEndpoint }));
  return output;
}

/** Every address this build publishes, with its bytes: rendered templates and the other files. */
function publishedBytes(
  pages: ReadonlyArray<{ url: string; content: string }>,
  files: ReadonlyMap<string, Uint8Array>,
): Map<string, Uint8Array | string> {
  const all = new Map<string, Uint8Array | string>();
  for (const page of pages) all.set(page.url, page.content);
  for (const [url, contents] of files) all.set(url, contents);
  return all;
}

/** Step 1 of {@link finishBuild}; throws naming every problem. */
function checkSubresourceIntegrity(
  pages: ReadonlyArray<{ url: string; content: string }>,
  published: ReadonlyMap<string, Uint8Array | string>,
): void {
  const problems: string[] = [];
  const integrities = new Map<string, string | null>();
  const integrityAt = (url: string) => {
    if (!integrities.has(url)) {
      const contents = published.get(url);
      integrities.set(url, contents === undefined ? null : integrityOf(contents));
    }
    return integrities.get(url) ?? null;
  };
  for (const page of pages) {
    for (const resource of subresourcesOf(page.content)) {
      if (resource.inlineCode) {
        problems.push(
          `${page.url}: an inline script, which the site's Content-Security-Policy blocks. Remove it from the page.`,
        );
        continue;
      }
      if (resource.url === null) continue; // a JSON data block
      if (!resource.url.startsWith("/") || resource.url.startsWith("//")) {
        problems.push(
          `${page.url}: ${resource.tag} loads from another site. The site loads scripts and styles only from itself: remove it.`,
        );
        continue;
      }
      const expected = integrityAt(resource.url.split(/[?#]/)[0] ?? "");
      if (expected === null)
        problems.push(`${page.url}: ${resource.tag} loads a file the build did not write.`);
      else if (resource.integrity !== expected)
        problems.push(
          `${page.url}: ${resource.tag} ${resource.integrity ? "names the wrong integrity" : "has no integrity attribute"} (the file's is ${expected}).`,
        );
    }
  }
  if (problems.length > 0) {
    throw new Error(`Subresource integrity check failed:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
}
