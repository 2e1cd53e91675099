import { createHash } from "node:crypto";

/**
 * Subresource integrity (https://www.w3.org/TR/SRI/): every script and stylesheet a page loads names
 * the SHA-384 of its exact bytes, and the browser refuses a file that does not match.
 *
 * All of them are on the page's own origin, so no `crossorigin` attribute is needed: module scripts
 * and module preloads are fetched in CORS mode, which a same-origin response passes, and a
 * same-origin stylesheet is never opaque.
 */

/** The `integrity` value of a file: `sha384-` and the base64 digest of its bytes. */
export function integrityOf(contents: Uint8Array | string): string {
  return `sha384-${createHash("sha384").update(contents).digest("base64")}`;
}

/** A `<script>` or `<link>` element of a page that loads, or is, code or style. */
export interface Subresource {
  /** The element as written, for messages. */
  tag: string;
  element: "script" | "link";
  /** The address it loads (`src` or `href`), or null for an inline script. */
  url: string | null;
  /** Its `integrity` attribute, or null. */
  integrity: string | null;
  /** An inline script that runs (not a `type="application/json"` data block). */
  inlineCode: boolean;
}

/**
 * The scripts, stylesheets and preloads of a page: every `<script>` (external, inline code, or
 * data) and every `<link>` whose `rel` is `stylesheet`, `modulepreload` or `preload`.
 */
export function subresourcesOf(html: string): Subresource[] {
  const found: Subresource[] = [];
  for (const match of html.matchAll(/<(script|link)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi)) {
    const element = (match[1] ?? "").toLowerCase() as "script" | "link";
    const attributes = attributesOf(match[2] ?? "");
    if (element === "script") {
      const type = (attributes.get("type") ?? "").toLowerCase();
      const url = attributes.get("src") ?? null;
      found.push({
        tag: match[0],
        element,
        url,
        integrity: attributes.get("integrity") ?? null,
        inlineCode: url === null && !/^application\/(ld\+)?json$/.test(type),
      });
    } else {
      const rel = (attributes.get("rel") ?? "").toLowerCase().split(/\s+/);
      if (!rel.some((token) => ["stylesheet", "modulepreload", "preload"].includes(token))) continue;
      found.push({
        tag: match[0],
        element,
        url: attributes.get("href") ?? null,
        integrity: attributes.get("integrity") ?? null,
        inlineCode: false,
      });
    }
  }
  return found;
}

/** The attributes of a start tag, by lowercase name (values unescaped for `&amp;` and `&quot;`). */
function attributesOf(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of text.matchAll(/([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    const value = match[2] ?? match[3] ?? match[4] ?? "";
    attributes.set(
      (match[1] ?? "").toLowerCase(),
      value.replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&amp;", "&"),
    );
  }
  return attributes;
}
