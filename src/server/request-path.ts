/**
 * Reads the path of an HTTP request target the way the local site server may use it: strictly, and
 * without ever throwing. Pure. Anything a browser would not send for a page of the site (another
 * form of request target, broken percent-encoding, an encoded slash, backslash or NUL, a dot segment,
 * an empty segment) is a bad request, so a file path or a redirect can never be steered by encoding.
 */

/** A request target read by {@link readRequestPath}. */
export type RequestPath =
  | {
      kind: "path";
      /** the decoded path, from "/": each segment decoded once, none empty, none "." or ".." */
      path: string;
      /** the same path with each segment percent-encoded again: safe in a Location header */
      encoded: string;
    }
  | { kind: "bad-request"; reason: string };

/**
 * Reads an origin-form request target (`/path?query`). The query and fragment are ignored.
 *
 * @param target - the request line's target as Node gives it (`request.url`), untrusted
 */
export function readRequestPath(target: string | undefined): RequestPath {
  if (typeof target !== "string" || !target.startsWith("/"))
    return { kind: "bad-request", reason: "the request target is not a path" };
  const end = target.search(/[?#]/);
  const raw = end < 0 ? target : target.slice(0, end);
  const parts = raw.slice(1).split("/");
  const segments: string[] = [];
  for (const [index, part] of parts.entries()) {
    // A trailing slash leaves one empty part at the end; any other empty part is a doubled slash.
    if (part === "" && index === parts.length - 1) continue;
    if (part === "") return { kind: "bad-request", reason: "the path has an empty segment" };
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return { kind: "bad-request", reason: "the path's percent-encoding is broken" };
    }
    if (/[/\\\0]/.test(segment))
      return { kind: "bad-request", reason: "the path encodes a slash, backslash or NUL" };
    if (segment === "." || segment === "..")
      return { kind: "bad-request", reason: "the path has a dot segment" };
    segments.push(segment);
  }
  const slash = raw.endsWith("/") && segments.length > 0 ? "/" : "";
  return {
    kind: "path",
    path: `/${segments.join("/")}${slash}`,
    encoded: `/${segments.map(encodeURIComponent).join("/")}${slash}`,
  };
}

/**
 * Whether a decoded path names a hidden file or folder (a segment starting with "."), which a static
 * site never serves: `.git`, `.env`, an editor's backup. `/.well-known/` is the one exception, being
 * where sites publish files on purpose (RFC 8615).
 *
 * @param path - a path from {@link readRequestPath}
 */
export function isHiddenPath(path: string): boolean {
  return path
    .split("/")
    .some((segment, index) => segment.startsWith(".") && !(index === 1 && segment === ".well-known"));
}
