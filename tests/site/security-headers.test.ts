import { describe, expect, it } from "vitest";
import {
  applyHeaderRules,
  contentSecurityPolicy,
  formatHeadersFile,
  formOriginOf,
  type HeaderRule,
  headerRules,
  MAX_HEADER_RULES,
  pageKindOf,
  parseHeadersFile,
} from "../../src/site/security-headers.ts";

/** A policy as a map of directive → sources. */
function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(";").map((part) => {
      const [name = "", ...sources] = part.trim().split(/\s+/);
      return [name, sources.join(" ")];
    }),
  );
}

describe("the Content-Security-Policy of each kind of page", () => {
  it("lets content pages load scripts, styles and images from the site only, and connect nowhere", () => {
    const policy = directives(
      contentSecurityPolicy({ kind: "content", formOrigin: "https://formspree.io", delivery: "header" }),
    );
    expect(Object.fromEntries(policy)).toEqual({
      "default-src": "'none'",
      "script-src": "'self'",
      "style-src": "'self'",
      "img-src": "'self'",
      "require-trusted-types-for": "'script'",
      "trusted-types": "'none'",
      "base-uri": "'none'",
      "form-action": "'none'",
      "frame-ancestors": "'none'",
    });
  });

  it("lets the report page connect to its own origin and the form endpoint's origin only", () => {
    const direct = directives(
      contentSecurityPolicy({ kind: "report", formOrigin: "https://formspree.io", delivery: "header" }),
    );
    expect(direct.get("connect-src")).toBe("'self' https://formspree.io");
    const hook = directives(contentSecurityPolicy({ kind: "report", formOrigin: null, delivery: "header" }));
    expect(hook.get("connect-src")).toBe("'self'");
    expect(hook.get("script-src")).toBe("'self'");
  });

  it("leaves out of a <meta> policy only what a meta policy cannot carry", () => {
    for (const kind of ["content", "report"] as const) {
      const header = contentSecurityPolicy({ kind, formOrigin: "https://formspree.io", delivery: "header" });
      const meta = contentSecurityPolicy({ kind, formOrigin: "https://formspree.io", delivery: "meta" });
      expect(meta).toBe(header.replace("; frame-ancestors 'none'", ""));
      expect(meta).not.toContain("frame-ancestors");
    }
  });

  it("refuses unknown options, as openpgp.js's functions do", () => {
    expect(() =>
      contentSecurityPolicy({ kind: "content", formOrigin: null, delivery: "header", nonce: "x" } as never),
    ).toThrow(/unknown option nonce/);
  });

  it("takes the origin of the form endpoint, and refuses what is not http(s)", () => {
    expect(formOriginOf("https://formspree.io")).toBe("https://formspree.io");
    expect(formOriginOf("https://hooks.example.org:8443/some/path?x=1")).toBe(
      "https://hooks.example.org:8443",
    );
    expect(formOriginOf(null)).toBeNull();
    expect(() => formOriginOf("javascript:alert(1)")).toThrow(/not an http\(s\) address/);
  });

  it("tells the report page by its form", () => {
    expect(pageKindOf('<main><div id="report-form" class="report-island"></div></main>')).toBe("report");
    expect(pageKindOf("<main><p>The report form is on another page.</p></main>")).toBe("content");
  });
});

describe("the _headers rules", () => {
  const pages = [
    { url: "/report/", kind: "report" as const },
    { url: "/", kind: "content" as const },
    { url: "/code-of-conduct/", kind: "content" as const },
  ];

  it("give every response the site-wide headers and the content policy, and the report page its own policy instead", () => {
    const rules = headerRules({ pages, formOrigin: "https://formspree.io" });
    const report = applyHeaderRules(rules, "/report/", new Headers());
    const home = applyHeaderRules(rules, "/", new Headers());
    const key = applyHeaderRules(rules, "/keys/ada.asc", new Headers());
    const missing = applyHeaderRules(rules, "/no-such-page/", new Headers());

    const reportPolicy = contentSecurityPolicy({
      kind: "report",
      formOrigin: "https://formspree.io",
      delivery: "header",
    });
    const contentPolicy = contentSecurityPolicy({
      kind: "content",
      formOrigin: "https://formspree.io",
      delivery: "header",
    });
    expect(report.get("content-security-policy")).toBe(reportPolicy);
    expect(report.get("cache-control")).toBe("no-store");
    expect(home.get("content-security-policy")).toBe(contentPolicy);
    expect(home.get("cache-control")).toBeNull();
    // An address no page has (the host answers with a 404 page) connects nowhere either.
    expect(missing.get("content-security-policy")).toBe(contentPolicy);
    expect(key.get("content-type")).toBe("application/pgp-keys; charset=utf-8");
    for (const headers of [report, home, key, missing]) {
      expect(headers.get("referrer-policy")).toBe("no-referrer");
      expect(headers.get("x-content-type-options")).toBe("nosniff");
      expect(headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}$/);
      expect(headers.get("x-frame-options")).toBe("DENY");
      expect(headers.get("permissions-policy")).toMatch(/(^|, )camera=\(\)/);
      expect(headers.get("permissions-policy")).toMatch(/(^|, )geolocation=\(\)/);
    }
  });

  it("issue 11: needs the same handful of rules for 10,000 content pages", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ url: `/page-${i}/`, kind: "content" as const }));
    const rules = headerRules({ pages: [...pages, ...many], formOrigin: null });
    expect(rules.map((rule) => rule.path)).toEqual(["/*", "/report/", "/keys/*"]);
    expect(applyHeaderRules(rules, "/page-9999/", new Headers()).get("content-security-policy")).toBe(
      contentSecurityPolicy({ kind: "content", formOrigin: null, delivery: "header" }),
    );
  });

  it("refuses a site that needs more rules than Cloudflare Pages reads", () => {
    const many = Array.from({ length: MAX_HEADER_RULES }, (_, i) => ({
      url: `/report-${i}/`,
      kind: "report" as const,
    }));
    expect(() => headerRules({ pages: many, formOrigin: null })).toThrow(/reads at most 100/);
  });

  it("round-trips through the file format", () => {
    const rules = headerRules({ pages, formOrigin: "https://formspree.io" });
    const text = formatHeadersFile(rules);
    const { rules: parsed, problems } = parseHeadersFile(text);
    expect(problems).toEqual([]);
    expect(parsed).toEqual(rules.map(({ comment: _, ...rule }) => ({ ...rule, headers: [...rule.headers] })));
    expect(text).toMatch(/^# Written by Confide's build/);
  });

  it("refuses a line longer than hosts read", () => {
    const rule: HeaderRule = { path: "/", headers: [["X-Long", "a".repeat(2000)]] };
    expect(() => formatHeadersFile([rule])).toThrow(/hosts read at most 2000/);
  });

  it("reports the lines a host would skip", () => {
    const { rules, problems } = parseHeadersFile(
      ["X-Orphan: 1", "/empty", "/ok", "  no colon here", "  X-Fine: yes", "  Bad Name: x"].join("\n"),
    );
    expect(rules).toEqual([{ path: "/ok", headers: [["X-Fine", "yes"]] }]);
    expect(problems.map((p) => p.line)).toEqual([1, 2, 4, 6]);
  });
});

describe("applying _headers rules as Cloudflare Pages does", () => {
  // The example of https://developers.cloudflare.com/pages/configuration/headers/
  const { rules } = parseHeadersFile(`# This is a comment
/secure/page
  X-Frame-Options: DENY
  X-Content-Type-Options: nosniff
  Referrer-Policy: no-referrer

/static/*
  Access-Control-Allow-Origin: *
  X-Robots-Tag: nosnippet

/*
  X-Robots-Tag: noindex

/movies/:title
  x-movie-name: You are watching a movie

/static/private/*
  ! Access-Control-Allow-Origin
`);

  it("gives a response the headers of every rule that matches, joining a header set twice", () => {
    const headers = applyHeaderRules(rules, "/static/styles.css", new Headers());
    expect(Object.fromEntries(headers)).toEqual({
      "access-control-allow-origin": "*",
      "x-robots-tag": "nosnippet, noindex",
    });
    expect(Object.fromEntries(applyHeaderRules(rules, "/secure/page", new Headers()))).toEqual({
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "x-robots-tag": "noindex",
    });
  });

  it("matches a placeholder to one path segment, and removes a header with !", () => {
    expect(applyHeaderRules(rules, "/movies/up", new Headers()).get("x-movie-name")).toBe(
      "You are watching a movie",
    );
    expect(applyHeaderRules(rules, "/movies/up/extras", new Headers()).get("x-movie-name")).toBeNull();
    const hidden = applyHeaderRules(rules, "/static/private/notes.txt", new Headers());
    expect(hidden.get("access-control-allow-origin")).toBeNull();
    expect(hidden.get("x-robots-tag")).toBe("nosnippet, noindex");
  });

  it("replaces what the server would send by default, and leaves other paths alone", () => {
    const headers = applyHeaderRules(
      rules,
      "/secure/page",
      new Headers({ "referrer-policy": "strict-origin-when-cross-origin", etag: '"1"' }),
    );
    expect(headers.get("referrer-policy")).toBe("no-referrer");
    expect(headers.get("etag")).toBe('"1"');
    expect(applyHeaderRules(rules, "/secure/page/deeper", new Headers()).get("x-frame-options")).toBeNull();
  });
});
