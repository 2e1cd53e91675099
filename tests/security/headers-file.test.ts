import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyHeaderRules,
  contentSecurityPolicy,
  type HeaderRule,
  type PageKind,
  parseHeadersFile,
} from "../../src/site/security-headers.ts";
import { EXAMPLE_HEADER_RULE_PATHS, listFiles, readHeaderRules } from "../helpers/built-site.ts";
import { type PagesDev, startPagesDev } from "../helpers/pages-dev.ts";
import { sharedExampleSite } from "../helpers/run-resources.ts";
import { type ServedFolder, serveCopy } from "../helpers/served-copy.ts";

// Issue 6: the built _headers parses, covers every page with the policy of its kind, matches the
// <meta> policy of each page, and is what both `npm start`'s server and Cloudflare's runtime send.

/** The headers the site sets on everything, by lowercase name. */
const SITE_WIDE = [
  "content-security-policy",
  "referrer-policy",
  "x-content-type-options",
  "permissions-policy",
  "strict-transport-security",
  "x-frame-options",
  "cross-origin-opener-policy",
];

/** A built file's address: `report/index.html` → `/report/`. */
const addressOf = (file: string) => `/${file.replace(/(^|\/)index\.html$/, "$1")}`;

// Both are the run's shared builds of the example (issue 13: built once per run, not again here).
const builds = [
  { label: "hook mode (the form posts to its own origin)", formEndpoint: "same-origin", formOrigin: null },
  {
    label: "direct mode (the form posts to Formspree)",
    formEndpoint: "site",
    formOrigin: "https://formspree.io",
  },
] as const;

for (const build of builds) {
  describe(`the _headers file of a build in ${build.label}`, () => {
    let out = "";
    let text = "";
    let rules: HeaderRule[] = [];
    let files: string[] = [];

    beforeAll(async () => {
      out = await sharedExampleSite({ formEndpoint: build.formEndpoint });
      ({ text, rules } = await readHeaderRules(out));
      files = await listFiles(out);
    });

    it("parses without a problem, within what Cloudflare Pages reads: one rule per policy, not per page", () => {
      // Issue 11: every page, file and key; then each language's report page.
      expect(rules.map((rule) => rule.path)).toEqual(EXAMPLE_HEADER_RULE_PATHS);
      expect(text).toMatch(/^# Written by Confide's build/);
      expect(rules[0]?.path).toBe("/*");
    });

    it("covers every page with the policy of its kind, and every file with the site-wide headers", async () => {
      const pages = files.filter((file) => file.endsWith(".html"));
      expect(pages.length).toBeGreaterThanOrEqual(10);
      for (const file of files) {
        const headers = applyHeaderRules(rules, addressOf(file), new Headers());
        for (const name of SITE_WIDE) expect(headers.get(name), `${file}: ${name}`).not.toBeNull();
      }
      const policy = (kind: PageKind) =>
        contentSecurityPolicy({ kind, formOrigin: build.formOrigin, delivery: "header" });
      for (const file of pages) {
        const html = await readFile(join(out, file), "utf8");
        const kind: PageKind = html.includes('id="report-form"') ? "report" : "content";
        const headers = applyHeaderRules(rules, addressOf(file), new Headers());
        // `/*` gives the content policy (no connections); the report page replaces it with its own.
        expect(headers.get("content-security-policy"), file).toBe(policy(kind));
        expect(headers.get("cache-control"), file).toBe(kind === "report" ? "no-store" : null);
      }
      expect(applyHeaderRules(rules, "/report/", new Headers()).get("content-security-policy")).toContain(
        build.formOrigin ? `connect-src 'self' ${build.formOrigin};` : "connect-src 'self';",
      );
    });

    it("puts the same policy in each page's <meta>, less what a meta policy cannot carry, before anything loads", async () => {
      for (const file of files.filter((f) => f.endsWith(".html"))) {
        const html = await readFile(join(out, file), "utf8");
        const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
        expect(meta, file).not.toBeNull();
        const served =
          applyHeaderRules(rules, addressOf(file), new Headers()).get("content-security-policy") ?? "";
        // The page's one header policy, without frame-ancestors (which a <meta> policy cannot carry).
        expect(served, file).toContain("; frame-ancestors 'none'");
        expect((meta?.[1] ?? "").replaceAll("&#39;", "'"), file).toBe(
          served.replace("; frame-ancestors 'none'", ""),
        );
        // It comes before the stylesheet and every script, or it would not apply to them.
        expect(html.indexOf("http-equiv"), file).toBeLessThan(html.indexOf("<link"));
        expect(html.indexOf("http-equiv"), file).toBeLessThan(html.indexOf("<script"));
      }
    });

    it("serves the keys as keys", () => {
      const keys = files.filter((file) => file.startsWith("keys/"));
      expect(keys.length).toBeGreaterThan(1);
      for (const key of keys)
        expect(applyHeaderRules(rules, addressOf(key), new Headers()).get("content-type")).toBe(
          "application/pgp-keys; charset=utf-8",
        );
    });
  });
}

describe("the headers the site is served with", () => {
  let out = "";
  let rules: HeaderRule[] = [];
  let files: string[] = [];
  let served: ServedFolder | undefined;
  let pagesDev: PagesDev | undefined;

  beforeAll(async () => {
    out = await sharedExampleSite();
    rules = parseHeadersFile(await readFile(join(out, "_headers"), "utf8")).rules;
    files = (await listFiles(out)).filter((file) => file !== "_headers");
    served = await serveCopy(out);
    pagesDev = await startPagesDev({ siteDir: out, bindings: { FORMSPREE_FORM_ID: "realform" } });
  });
  afterAll(async () => {
    await pagesDev?.stop();
    await served?.stop();
  });

  it("by npm start's server: exactly what _headers gives each file, and never _headers itself", async () => {
    if (!served) throw new Error("not started");
    for (const file of files) {
      const response = await fetch(`${served.url}${addressOf(file)}`);
      await response.arrayBuffer();
      expect(response.status, file).toBe(200);
      for (const [name, value] of applyHeaderRules(rules, addressOf(file), new Headers()))
        expect(response.headers.get(name), `${file}: ${name}`).toBe(value);
    }
    const hidden = await fetch(`${served.url}/_headers`);
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).not.toContain("Content-Security-Policy:");
  });

  it("by Cloudflare's own runtime (wrangler pages dev) reading the same file: the same headers as npm start", async () => {
    if (!served || !pagesDev) throw new Error("not started");
    let compared = 0;
    for (const file of files) {
      // Cloudflare answers /404.html, /es/404.html and /x/index.html with a redirect to the pretty address.
      if (file.endsWith("404.html")) continue;
      const [cloudflare, local] = await Promise.all([
        fetch(`${pagesDev.url}${addressOf(file)}`, { redirect: "manual" }),
        fetch(`${served.url}${addressOf(file)}`),
      ]);
      await Promise.all([cloudflare.arrayBuffer(), local.arrayBuffer()]);
      expect(cloudflare.status, file).toBe(200);
      for (const [name] of applyHeaderRules(rules, addressOf(file), new Headers())) {
        expect(cloudflare.headers.get(name), `${file}: ${name}`).toBe(local.headers.get(name));
        compared++;
      }
    }
    // Every file but the 404 pages, each with at least the site-wide headers.
    const notFoundPages = files.filter((file) => file.endsWith("404.html")).length;
    expect(compared).toBeGreaterThanOrEqual((files.length - notFoundPages) * SITE_WIDE.length);
    // An address that does not exist: the nearest 404 page (a translation's own, under its folder),
    // under the site-wide rules only, on both.
    for (const path of ["/no-such-page/", "/es/no-such-page/"]) {
      const [cloudflare, local] = await Promise.all([
        fetch(`${pagesDev.url}${path}`),
        fetch(`${served.url}${path}`),
      ]);
      expect([cloudflare.status, local.status], path).toEqual([404, 404]);
      expect(cloudflare.headers.get("content-security-policy"), path).toBe(
        local.headers.get("content-security-policy"),
      );
      const body = await local.text();
      expect(await cloudflare.text(), path).toBe(body);
      expect(body, path).toContain(path.startsWith("/es/") ? '<html lang="es"' : '<html lang="en-GB"');
    }
  });
});
