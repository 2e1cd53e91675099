import { ISLAND_ID } from "../client/island-ids.ts";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";

/**
 * The site's security headers: one module, read by the build's `_headers` file and `<meta>` policy
 * (src/build/finish-build.ts, src/eleventy/headers.ts), by the server behind `npm start` (src/server/static-files.ts) and by
 * `confide verify`. Change a rule here and all of them follow.
 */

/** What a page may do: a content page runs only the quick-exit control; the report page also posts. */
export type PageKind = "content" | "report";

/** One rule of a `_headers` file: a path pattern and the headers of every response it matches. */
export interface HeaderRule {
  /** `/report/`, `/keys/*` (`*` matches anything, `:name` one path segment), as Cloudflare Pages reads them. */
  path: string;
  /** Headers to set, in order; a header set by an earlier matching rule gets this value appended. */
  headers: ReadonlyArray<readonly [name: string, value: string]>;
  /** Headers set by earlier matching rules that this rule removes first (`! Name`; Cloudflare Pages). */
  unset?: readonly string[];
  /** A comment written above the rule. */
  comment?: string;
}

/** Cloudflare Pages reads at most 100 rules and 2,000 characters a line (Netlify has no lower limits). */
export const MAX_HEADER_RULES = 100;
export const MAX_HEADER_LINE_LENGTH = 2000;

/**
 * Browser features the site never uses, denied to it and to anything it could embed. Only features
 * Chromium recognises are named: an unknown one costs a console warning on every page.
 */
const DENIED_FEATURES = [
  "accelerometer",
  "autoplay",
  "browsing-topics",
  "camera",
  "clipboard-read",
  "display-capture",
  "encrypted-media",
  "fullscreen",
  "gamepad",
  "geolocation",
  "gyroscope",
  "hid",
  "identity-credentials-get",
  "idle-detection",
  "local-fonts",
  "magnetometer",
  "microphone",
  "midi",
  "otp-credentials",
  "payment",
  "picture-in-picture",
  "publickey-credentials-create",
  "publickey-credentials-get",
  "screen-wake-lock",
  "serial",
  "storage-access",
  "sync-xhr",
  "usb",
  "window-management",
  "xr-spatial-tracking",
] as const;

/** Features the site's own pages use, and nothing they could embed: the receipt's "copy reference" button. */
const SELF_FEATURES = ["clipboard-write"] as const;

/** Headers every response carries, pages and files alike. */
export const SITE_HEADERS: Readonly<Record<string, string>> = {
  // Never tell the next site (or the quick-exit destination) which page the reporter was on.
  "Referrer-Policy": "no-referrer",
  // A key or a bundle is never run or rendered as anything but its declared type.
  "X-Content-Type-Options": "nosniff",
  "Permissions-Policy": [
    ...DENIED_FEATURES.map((feature) => `${feature}=()`),
    ...SELF_FEATURES.map((feature) => `${feature}=(self)`),
  ].join(", "),
  // Two years. No includeSubDomains: the organisers' other subdomains are not ours to upgrade.
  "Strict-Transport-Security": "max-age=63072000",
  // frame-ancestors for browsers that predate it: no page may be framed (clickjacking the form).
  "X-Frame-Options": "DENY",
  // A page that opened the site (or that the site opens) gets no handle on its window.
  "Cross-Origin-Opener-Policy": "same-origin",
};

/**
 * The report page is never stored: not on disk, and not in the back-forward cache, so after the
 * quick exit the Back button cannot bring back a half-written report.
 */
export const REPORT_PAGE_HEADERS: Readonly<Record<string, string>> = { "Cache-Control": "no-store" };

/** The published public keys: RFC 3156's type, so they download as keys instead of opening as text. */
export const KEY_FILE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "application/pgp-keys; charset=utf-8",
};

/** Where the keys are published (`urls.key(id)`), as a `_headers` path pattern. */
const KEYS_PATTERN = "/keys/*";

/**
 * The Content-Security-Policy of a kind of page.
 *
 * Both kinds: nothing loads by default; scripts, styles and images only from the site itself (every
 * script and stylesheet also carries subresource integrity); no inline script or style, no `eval`;
 * Trusted Types required, with no policy allowed, so no string can reach an HTML or script sink; no
 * `<base>`; no native form submission (the report form is `method="dialog"` and posts with fetch);
 * no framing. The report page may also connect to its own origin (the local inbox or the hook) and
 * to the configured form endpoint's origin.
 *
 * @param options.kind - the kind of page
 * @param options.formOrigin - the form endpoint's origin (`https://formspree.io`), or null when the
 *   form posts to the site's own origin
 * @param options.delivery - "meta" leaves out what a `<meta>` policy cannot carry (frame-ancestors)
 */
export function contentSecurityPolicy(options: {
  kind: PageKind;
  formOrigin: string | null;
  delivery: "header" | "meta";
}): string {
  const { kind, formOrigin, delivery, ...rest } = options;
  rejectUnknownOptions("contentSecurityPolicy", rest);
  const directives: Array<[string, ...string[]]> = [
    ["default-src", "'none'"],
    ["script-src", "'self'"],
    ["style-src", "'self'"],
    ["img-src", "'self'"],
  ];
  if (kind === "report") directives.push(["connect-src", "'self'", ...(formOrigin ? [formOrigin] : [])]);
  directives.push(
    ["require-trusted-types-for", "'script'"],
    ["trusted-types", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'none'"],
  );
  if (delivery === "header") directives.push(["frame-ancestors", "'none'"]);
  return directives.map((directive) => directive.join(" ")).join("; ");
}

/**
 * The origin a form endpoint posts to, for `connect-src`.
 *
 * @param endpoint - the endpoint (`https://formspree.io`), or null for the site's own origin
 * @throws when the endpoint is not an http(s) URL
 */
export function formOriginOf(endpoint: string | null): string | null {
  if (endpoint === null) return null;
  const url = new URL(endpoint);
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new Error(`The form endpoint ${endpoint} is not an http(s) address.`);
  return url.origin;
}

/** Whether a page holds the report form, from its HTML (the island's container). */
export function pageKindOf(html: string): PageKind {
  return html.includes(`id="${ISLAND_ID}"`) ? "report" : "content";
}

/**
 * The site's `_headers` rules: by policy, not by page, so a site of any size fits in a handful of
 * rules (Cloudflare Pages reads 100). They are:
 *
 * 1. `/*`: every response gets the site-wide headers and the content pages' policy, which allows no
 *    connections at all. Every page, file and 404 answer is covered, whatever its address.
 * 2. each report page's address (one per language, `/report/`, `/es/report/`): the report page's
 *    policy instead, and `Cache-Control: no-store`. Cloudflare Pages gives a response the headers of
 *    *every* rule that matches, joining a header set twice with ", ", and two CSP values are two
 *    policies, both enforced: so the rule first removes the site-wide policy (`! Content-Security-Policy`)
 *    and then sets its own. Netlify skips the `!` line (its parser, netlify/build's headers-parser,
 *    ignores a line without a colon), and its CLI's server lets a later matching rule's value of a
 *    header replace an earlier one's (netlify/cli's headersForPath), which gives the same result.
 * 3. `/keys/*`: the public keys' content type.
 *
 * @param options.pages - every HTML page of the build: its address and kind (only the report pages
 *   get a rule of their own)
 * @param options.formOrigin - see {@link contentSecurityPolicy}
 * @throws when the rules would exceed what Cloudflare Pages reads (more than 97 report pages)
 */
export function headerRules(options: {
  pages: ReadonlyArray<{ url: string; kind: PageKind }>;
  formOrigin: string | null;
}): HeaderRule[] {
  const { pages, formOrigin, ...rest } = options;
  rejectUnknownOptions("headerRules", rest);
  const policy = (kind: PageKind) => contentSecurityPolicy({ kind, formOrigin, delivery: "header" });
  const reportPages = pages
    .filter((page) => page.kind === "report")
    .map((page) => page.url)
    .sort();
  const rules: HeaderRule[] = [
    {
      path: "/*",
      comment: "Every response: the site-wide headers, and the content pages' policy (no connections).",
      headers: [["Content-Security-Policy", policy("content")], ...Object.entries(SITE_HEADERS)],
    },
    ...reportPages.map((url, index) => ({
      path: url,
      ...(index === 0
        ? {
            comment:
              "The report form: its own policy instead (it posts the encrypted report), never stored, not even for the Back button.",
          }
        : {}),
      unset: ["Content-Security-Policy"],
      headers: [
        ["Content-Security-Policy", policy("report")] as const,
        ...Object.entries(REPORT_PAGE_HEADERS),
      ],
    })),
    {
      path: KEYS_PATTERN,
      comment: "Responders' public keys.",
      headers: Object.entries(KEY_FILE_HEADERS),
    },
  ];
  if (rules.length > MAX_HEADER_RULES) {
    throw new Error(
      `The site has ${reportPages.length} pages with a report form, and its _headers file would need ${rules.length} rules: ` +
        `Cloudflare Pages reads at most ${MAX_HEADER_RULES}. Keep one report page per language.`,
    );
  }
  return rules;
}

/**
 * Writes rules as a `_headers` file.
 *
 * @throws when a line would exceed {@link MAX_HEADER_LINE_LENGTH}, or a value holds a line break
 */
export function formatHeadersFile(rules: readonly HeaderRule[]): string {
  const lines = [
    "# Written by Confide's build from src/site/security-headers.ts: change the rules there, not here.",
    "# Cloudflare Pages and Netlify read this file; `npm start` and `confide verify` read it the same way.",
  ];
  for (const rule of rules) {
    lines.push("");
    if (rule.comment) lines.push(`# ${rule.comment}`);
    lines.push(rule.path);
    for (const name of rule.unset ?? []) lines.push(`  ! ${name}`);
    for (const [name, value] of rule.headers) {
      if (/[\r\n]/.test(value)) throw new Error(`The header ${name} holds a line break.`);
      lines.push(`  ${name}: ${value}`);
    }
  }
  for (const line of lines) {
    if (line.length > MAX_HEADER_LINE_LENGTH)
      throw new Error(
        `A _headers line is ${line.length} characters long; hosts read at most ${MAX_HEADER_LINE_LENGTH}: ${line.slice(0, 80)}…`,
      );
  }
  return `${lines.join("\n")}\n`;
}

/** A line of a `_headers` file that could not be read. */
export interface HeadersFileProblem {
  line: number;
  message: string;
}

/**
 * Reads a `_headers` file the way Cloudflare Pages does: a line starting with `/` opens a rule, the
 * indented `Name: value` lines under it are its headers (a name given twice in one rule is sent
 * with both values), `! Name` removes a header, `#` starts a comment.
 *
 * @returns the rules, and every line that was not understood (hosts skip those)
 */
export function parseHeadersFile(text: string): { rules: HeaderRule[]; problems: HeadersFileProblem[] } {
  const rules: HeaderRule[] = [];
  const problems: HeadersFileProblem[] = [];
  let current: { path: string; headers: Array<[string, string]>; unset: string[]; line: number } | null =
    null;
  const close = () => {
    if (!current) return;
    if (current.headers.length === 0 && current.unset.length === 0)
      problems.push({ line: current.line, message: `The rule for ${current.path} has no headers.` });
    else
      rules.push({
        path: current.path,
        headers: current.headers,
        ...(current.unset.length ? { unset: current.unset } : {}),
      });
    current = null;
  };
  for (const [index, raw] of text.split("\n").entries()) {
    const lineNumber = index + 1;
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (line.length > MAX_HEADER_LINE_LENGTH) {
      problems.push({ line: lineNumber, message: `Longer than ${MAX_HEADER_LINE_LENGTH} characters.` });
      continue;
    }
    if (line.startsWith("/")) {
      close();
      if (rules.length >= MAX_HEADER_RULES) {
        problems.push({ line: lineNumber, message: `More than ${MAX_HEADER_RULES} rules.` });
        break;
      }
      current = { path: line, headers: [], unset: [], line: lineNumber };
      continue;
    }
    if (!current) {
      problems.push({ line: lineNumber, message: "A header before any path." });
      continue;
    }
    if (line.startsWith("! ")) {
      current.unset.push(line.slice(2).trim());
      continue;
    }
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon).trim() : "";
    const value = colon > 0 ? line.slice(colon + 1).trim() : "";
    if (!name || !value || /\s/.test(name)) {
      problems.push({ line: lineNumber, message: `Not a "Name: value" header: ${line.slice(0, 80)}` });
      continue;
    }
    const existing = current.headers.find(([n]) => n.toLowerCase() === name.toLowerCase());
    if (existing) existing[1] = `${existing[1]}, ${value}`;
    else current.headers.push([name, value]);
  }
  close();
  return { rules, problems };
}

/**
 * Applies the rules that match a path to a response's headers, as Cloudflare Pages does: rules in
 * file order; each removes its `! Name` headers, then sets its headers, appending (", ") to a header
 * an earlier matching rule set, and replacing the server's own value otherwise.
 *
 * @param rules - the site's rules
 * @param pathname - the request's path (`/report/`)
 * @param headers - the response's headers so far; changed in place and returned
 */
export function applyHeaderRules(rules: readonly HeaderRule[], pathname: string, headers: Headers): Headers {
  const setByRules = new Set<string>();
  for (const rule of rules) {
    if (!pathPattern(rule.path).test(pathname)) continue;
    for (const name of rule.unset ?? []) headers.delete(name);
    for (const [name, value] of rule.headers) {
      const key = name.toLowerCase();
      if (setByRules.has(key)) headers.append(name, value);
      else {
        headers.set(name, value);
        setByRules.add(key);
      }
    }
  }
  return headers;
}

/** A rule's path as a regular expression: `*` matches anything, `:name` one path segment. */
function pathPattern(path: string): RegExp {
  const source = path
    .split(/(\*|:[A-Za-z]\w*)/)
    .map((part) => {
      if (part === "*") return ".*";
      if (/^:[A-Za-z]\w*$/.test(part)) return "[^/]+";
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return new RegExp(`^${source}$`);
}
