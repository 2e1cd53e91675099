import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { readKey, readKeys } from "openpgp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildSite, renderSite } from "../../src/build/build-site.ts";
import { type ContentError, isContentError } from "../../src/check/diagnostic.ts";
import { shippedUiSource } from "../../src/i18n/shipped-ui-strings.ts";
import { groupFingerprint } from "../../src/roster/fingerprint.ts";
import { pageKindOf } from "../../src/site/security-headers.ts";
import { buildInto, internalLinks, listFiles, readOut, resolves } from "../helpers/built-site.ts";
import { contentFolder, EXAMPLE_CONTENT, fixtureKey, PROJECT_ROOT } from "../helpers/content-folder.ts";
import { sharedExampleSite } from "../helpers/run-resources.ts";

const SECOND_SITE = join(PROJECT_ROOT, "tests/fixtures/sites/meetup");
/**
 * Pages must stay small for a phone on a poor connection: HTML plus the stylesheet, as sent (every
 * host, and npm start, compresses them). Counted compressed since the responder guide grew long in
 * Arabic (34 KB raw, 10 KB compressed): raw bytes punished length of text, not weight.
 */
const PAGE_BUDGET_BYTES = 12 * 1024;
/** An armored private key with its material (the guide may name the header, never carry a key). */
const PRIVATE_KEY_BLOCK = /-----BEGIN PGP PRIVATE KEY BLOCK-----\s+[A-Za-z0-9+/=]{40}/;

type RosterYaml = {
  responders: Array<{
    id: string;
    name: string;
    key?: string;
    receives_reports: boolean;
    monitors_alias?: boolean;
  }>;
};
type ReportYaml = { fields: Array<{ summary: string }> };

for (const [label, contentDir] of [
  ["the example site", EXAMPLE_CONTENT],
  ["the second fixture site", SECOND_SITE],
] as const) {
  describe(`building ${label}`, () => {
    let out = "";
    let cleanup = async () => {};
    let files: string[] = [];
    let pages: string[] = [];
    let roster: RosterYaml;
    let site: {
      demo?: boolean;
      follow_up: string;
      emergency: Array<{ number: string }>;
      alias: { email: string };
    };

    beforeAll(async () => {
      // The example is the run's shared build (issue 13: built once per run), read-only here.
      if (contentDir === EXAMPLE_CONTENT) out = await sharedExampleSite({ formEndpoint: "site" });
      else ({ out, cleanup } = await buildInto(contentDir));
      files = await listFiles(out);
      pages = files.filter((file) => file.endsWith(".html"));
      roster = parse(await readFile(join(contentDir, "_data/roster.yaml"), "utf8"));
      site = parse(await readFile(join(contentDir, "_data/site.yaml"), "utf8"));
    });
    afterAll(() => cleanup());

    it("gives every responder a page with their name, role and contact", async () => {
      for (const responder of roster.responders) {
        const html = await readOut(out, `responders/${responder.id}/index.html`);
        expect(html).toContain(`<h1>${responder.name}</h1>`);
      }
    });

    it("shows each key's own fingerprint in groups of four, and publishes the key it belongs to", async () => {
      for (const responder of roster.responders.filter((r) => r.key)) {
        const html = await readOut(out, `responders/${responder.id}/index.html`);
        const shown = /<code class="fingerprint">([^<]+)<\/code>/.exec(html)?.[1];
        const published = await readKey({ armoredKey: await readOut(out, `keys/${responder.id}.asc`) });
        const source = await readKey({
          armoredKey: await readFile(join(contentDir, responder.key ?? ""), "utf8"),
        });
        expect(shown).toMatch(/^([0-9A-F]{4} ){9}[0-9A-F]{4}$/);
        expect(shown).toBe(groupFingerprint(published.getFingerprint()));
        expect(published.getFingerprint()).toBe(source.getFingerprint());
        expect(html).toContain(`href="/keys/${responder.id}.asc"`);
      }
    });

    it("publishes every receiving key, and only those, in /keys/responders.asc", async () => {
      const keys = await readKeys({ armoredKeys: await readOut(out, "keys/responders.asc") });
      const receiving = roster.responders.filter((r) => r.receives_reports);
      expect(keys).toHaveLength(receiving.length);
      for (const [index, responder] of receiving.entries()) {
        const source = await readKey({
          armoredKey: await readFile(join(contentDir, responder.key ?? ""), "utf8"),
        });
        expect(keys[index]?.getFingerprint()).toBe(source.getFingerprint());
      }
    });

    it("publishes no private key material", async () => {
      for (const file of files.filter((f) => f.endsWith(".asc"))) {
        for (const key of await readKeys({ armoredKeys: await readOut(out, file) }))
          expect(key.isPrivate()).toBe(false);
      }
      for (const file of files) expect(await readOut(out, file)).not.toMatch(PRIVATE_KEY_BLOCK);
    });

    it("prints no undefined, placeholder or unrendered template text", async () => {
      for (const file of files.filter((f) => /\.(html|asc|css)$/.test(f))) {
        const text = await readOut(out, file);
        expect(text, file).not.toMatch(/undefined|\[object Object\]|\bNaN\b|\bTODO\b|\{\{|\{%/);
      }
    });

    it("has no broken internal links", async () => {
      const broken: string[] = [];
      for (const page of pages) {
        for (const link of internalLinks(await readOut(out, page))) {
          if (!(await resolves(out, link))) broken.push(`${page} → ${link}`);
        }
      }
      expect(broken).toEqual([]);
    });

    it("ships no JavaScript but the quick-exit control (under 1 KB), except the report form, and requests nothing from another origin", async () => {
      const quickExit = files.find((f) => /^assets\/js\/quick-exit-[A-Z0-9]+\.js$/.test(f));
      expect(quickExit).toBeDefined();
      expect(Buffer.byteLength(await readOut(out, quickExit ?? ""))).toBeLessThan(1024);
      for (const page of pages) {
        const html = await readOut(out, page);
        const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)].map((m) => m[1] ?? "");
        const executable = scripts.filter((attributes) => !/type="application\/json"/.test(attributes));
        const hasForm = html.includes('id="report-form"');
        // Every script names its integrity (tests/security/subresource-integrity.test.ts checks the hashes).
        const integrity = ' integrity="sha384-[A-Za-z0-9+/]{64}"';
        const quickExitTag = new RegExp(
          `^ type="module" src="/${quickExit?.replaceAll(".", "\\.")}"${integrity}$`,
        );
        expect(executable, page).toEqual(
          hasForm
            ? [
                expect.stringMatching(quickExitTag),
                expect.stringMatching(
                  new RegExp(`^ type="module" src="/assets/js/report-form-[A-Z0-9]+\\.js"${integrity}$`),
                ),
              ]
            : [expect.stringMatching(quickExitTag)],
        );
        expect(html, page).not.toMatch(
          /<(link|img|iframe|source|video|audio|script)\b[^>]*\s(href|src)="(https?:)?\/\//i,
        );
        expect(html, page).not.toMatch(/@import|url\(/);
        expect(html, page).not.toMatch(/\son[a-z]+="/i);
      }
      for (const file of files.filter((f) => f.endsWith(".css")))
        expect(await readOut(out, file), file).not.toMatch(/@import|url\(|@font-face/);
    });

    it(`keeps every content page under ${PAGE_BUDGET_BYTES / 1024} KB of HTML and CSS as sent (gzip), in every language`, async () => {
      // The report pages have their own budget, with their scripts (tests/e2e/report-page-budget.test.ts).
      const css = gzipSync(await readOut(out, "assets/site.css")).byteLength;
      for (const page of pages) {
        const html = await readOut(out, page);
        if (pageKindOf(html) === "report") continue;
        // Issue 14: the stylesheets it links (only the report page loads the form's).
        const sheets = [...html.matchAll(/<link rel="stylesheet" href="\/([^"]+)"/g)].map((m) => m[1] ?? "");
        expect(sheets, page).toEqual(["assets/site.css"]);
        expect(gzipSync(html).byteLength + css, page).toBeLessThan(PAGE_BUDGET_BYTES);
      }
    });

    it("gives every page landmarks, a skip link, a language and a title", async () => {
      for (const page of pages) {
        const html = await readOut(out, page);
        expect(html, page).toMatch(/<html lang="[a-z]{2}[^"]*" dir="(ltr|rtl)">/);
        expect(html, page).toMatch(/<title>[^<]+<\/title>/);
        expect(html, page).toContain('<a class="skip-link" href="#main">');
        expect(html, page).toMatch(/<main id="main"/);
        expect(html, page).toMatch(/<nav aria-label="[^"]+">\n<ul>/);
        expect(html, page).toMatch(/<header/);
        expect(html, page).toMatch(/<footer/);
        expect(html.match(/<h1>/g) ?? [], page).toHaveLength(1);
      }
    });

    it("shows the demo banner on every page exactly when the site is a demo", async () => {
      for (const page of pages) {
        const html = await readOut(out, page);
        expect(html.includes('class="demo-banner"'), page).toBe(site.demo === true);
      }
    });

    it("puts the emergency numbers on the home page and in every page's header, in the page's language", async () => {
      const home = await readOut(out, "index.html");
      for (const phone of site.emergency)
        expect(home).toContain(`href="tel:${phone.number.replace(/[^\d+]/g, "")}"`);
      for (const page of pages) {
        const urgent =
          (await uiStringsOf(contentDir, languageFolderOf(contentDir, page))).layout?.urgent ?? "";
        const before = escapeHtml(urgent.slice(0, urgent.indexOf("{number}")));
        expect(await readOut(out, page), page).toContain(`class="urgent">${before}<a href="tel:`);
      }
    });

    it("builds the procedure from data: the report's fields, the alias and who reads it, the follow-up promise", async () => {
      const html = await readOut(out, "reporting/index.html");
      const report: ReportYaml = parse(await readFile(join(contentDir, "_data/report.yaml"), "utf8"));
      for (const field of report.fields) expect(html).toContain(escapeHtml(field.summary));
      expect(html).toContain(`mailto:${site.alias.email}`);
      for (const responder of roster.responders.filter((r) => r.monitors_alias))
        expect(html).toContain(escapeHtml(responder.name));
      expect(html).toContain(site.follow_up);
    });

    it("has no form that could post anything without JavaScript, and lists the direct contacts on the report page", async () => {
      for (const page of pages) {
        const html = await readOut(out, page);
        for (const form of html.match(/<form\b[^>]*>/g) ?? []) {
          expect(form, page).toMatch(/method="dialog"/);
          expect(form, page).not.toMatch(/action=/);
        }
        const controls = (html.match(/<(input|textarea|select|button)\b/g) ?? []).length;
        if (controls > 0) expect(html, page).toMatch(/<fieldset class="report-fieldset" disabled/);
      }
      const report = await readOut(out, "report/index.html");
      for (const responder of roster.responders.filter((r) => "email" in r)) {
        expect(report).toContain(`mailto:${(responder as { email: string }).email}`);
      }
    });

    it("highlights the commands in the responder guide at build time", async () => {
      const html = await readOut(out, "responder-guide/index.html");
      expect(html).toMatch(/<pre class="language-(sh|bash|shell)"/);
      expect(html).toMatch(/<span class="token [a-z ]+">/);
    });

    it("issue 14: publishes /favicon.ico (an ICO file), which browsers ask for unasked, so no page needs to name it", async () => {
      const icon = await readFile(join(out, "favicon.ico"));
      expect([...icon.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
      for (const page of pages) expect(await readOut(out, page), page).not.toContain('rel="icon"');
    });

    it("issue 14: gives headings an id to link to, and no visible # link after them", async () => {
      const html = await readOut(out, "reporting/index.html");
      expect(html).toMatch(/<h2 id="[a-z0-9-]+"[^>]*>[^<]+<\/h2>/);
      expect(html).not.toContain("header-anchor");
    });
  });
}

// Issue 7: the site in several languages at once.
describe("the example site in every language", () => {
  const LANGUAGES = [
    // The site's own language first, then the translations by folder name.
    { folder: "", tag: "en-GB", dir: "ltr", prefix: "" },
    { folder: "ar/", tag: "ar", dir: "rtl", prefix: "/ar" },
    { folder: "es/", tag: "es", dir: "ltr", prefix: "/es" },
  ] as const;
  let out = "";
  let pages: string[] = [];
  const urlOf = (page: string) => `/${page.replace(/(^|\/)index\.html$/, "$1")}`;
  const languageOf = (page: string) =>
    LANGUAGES.find((l) => l.prefix && urlOf(page).startsWith(`${l.prefix}/`)) ?? LANGUAGES[0];

  beforeAll(async () => {
    out = await sharedExampleSite({ formEndpoint: "site" });
    pages = (await listFiles(out)).filter((file) => file.endsWith(".html"));
  });

  it("builds every page in every language: the same pages, responder pages included", async () => {
    const own = pages.filter((page) => languageOf(page) === LANGUAGES[0]).sort();
    expect(own.length).toBeGreaterThanOrEqual(11);
    for (const language of LANGUAGES.slice(1)) {
      const translated = pages
        .filter((page) => languageOf(page) === language)
        .map((page) => page.slice(language.folder.length))
        .sort();
      expect(translated, language.tag).toEqual(own);
    }
  });

  it("gives every page its language's lang and dir, and words in that language only", async () => {
    const english = await uiStringsOf(EXAMPLE_CONTENT, "");
    for (const page of pages) {
      const language = languageOf(page);
      const html = await readOut(out, page);
      const ui = await uiStringsOf(EXAMPLE_CONTENT, language.folder);
      expect(html, page).toContain(`<html lang="${language.tag}" dir="${language.dir}">`);
      expect(html, page).toContain(
        `<a class="skip-link" href="#main">${escapeHtml(ui.layout?.skip_link ?? "")}</a>`,
      );
      expect(html, page).toContain(`<nav aria-label="${escapeHtml(ui.layout?.main_menu ?? "")}">`);
      if (language !== LANGUAGES[0]) {
        for (const text of [english.layout?.skip_link, english.layout?.quick_exit, english.layout?.demo_text])
          expect(html, page).not.toContain(escapeHtml(text ?? ""));
      }
    }
  });

  it("links every version of a page to every other with hreflang, both ways, and to itself", async () => {
    for (const page of pages) {
      const html = await readOut(out, page);
      const alternates = [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)].map(
        (m) => ({ tag: m[1], url: m[2] }),
      );
      expect(
        alternates.map((a) => a.tag),
        page,
      ).toEqual(LANGUAGES.map((l) => l.tag));
      expect(alternates, page).toContainEqual({
        tag: languageOf(page).tag,
        url: urlOf(page).replace(/index\.html$/, ""),
      });
      for (const alternate of alternates) {
        const other = await readOut(
          out,
          (alternate.url ?? "").replace(/^\//, "").replace(/(^|\/)$/, "$1index.html"),
        );
        expect(other, `${page} → ${alternate.url}`).toContain(
          `<link rel="alternate" hreflang="${languageOf(page).tag}" href="${urlOf(page).replace(/index\.html$/, "")}">`,
        );
      }
    }
  });

  it("shows a language menu on every page: plain links, each in its own language, to this page's versions", async () => {
    for (const page of pages) {
      const html = await readOut(out, page);
      const menu =
        /<nav class="language-menu" aria-label="[^"]+"><ul>(.*?)<\/ul><\/nav>/.exec(html)?.[1] ?? "";
      const links = [
        ...menu.matchAll(
          /<a href="([^"]+)" hreflang="([^"]+)" lang="([^"]+)" dir="(ltr|rtl)"( aria-current="page")?>/g,
        ),
      ];
      expect(
        links.map((m) => m[2]),
        page,
      ).toEqual(LANGUAGES.map((l) => l.tag));
      for (const [, href, hreflang, lang, dir, current] of links) {
        const language = LANGUAGES.find((l) => l.tag === hreflang);
        expect(lang).toBe(hreflang);
        expect(dir).toBe(language?.dir);
        expect(Boolean(current), page).toBe(language === languageOf(page));
        expect(href?.startsWith(`${language?.prefix}/`), `${page}: ${href}`).toBe(true);
      }
    }
  });

  it("gives each language its own menus, linking to pages in that language", async () => {
    for (const page of pages) {
      const html = await readOut(out, page);
      const { prefix } = languageOf(page);
      const main = /<nav aria-label="[^"]+">\n<ul>(.*?)<\/ul>/.exec(html)?.[1] ?? "";
      const footer = /<footer class="site-footer">[\s\S]*?<\/footer>/.exec(html)?.[0] ?? "";
      const targets = [...`${main}${footer}`.matchAll(/href="(\/[^"]*)"/g)].map((m) => m[1] ?? "");
      expect(targets.length, page).toBeGreaterThanOrEqual(6);
      for (const target of targets) {
        if (prefix) expect(target.startsWith(`${prefix}/`), `${page} → ${target}`).toBe(true);
        else
          expect(
            LANGUAGES.slice(1).some((l) => target.startsWith(`${l.prefix}/`)),
            `${page} → ${target}`,
          ).toBe(false);
      }
    }
  });

  it("prints the data in the page's language: the questions, the roles, the emergency labels", async () => {
    for (const language of LANGUAGES.slice(1)) {
      const report = parse(
        await readFile(join(EXAMPLE_CONTENT, language.folder, "_data/report.yaml"), "utf8"),
      );
      const roster = parse(
        await readFile(join(EXAMPLE_CONTENT, language.folder, "_data/roster.yaml"), "utf8"),
      );
      const siteText = parse(
        await readFile(join(EXAMPLE_CONTENT, language.folder, "_data/site.yaml"), "utf8"),
      );
      const reporting = await readOut(out, `${language.folder}reporting/index.html`);
      for (const field of Object.values(report.fields) as Array<{ summary: string }>)
        expect(reporting).toContain(escapeHtml(field.summary));
      expect(reporting).toContain(escapeHtml(siteText.emergency["999"].label));
      const responders = await readOut(out, `${language.folder}responders/index.html`);
      for (const entry of Object.values(roster.responders) as Array<{ role: string }>)
        expect(responders).toContain(escapeHtml(entry.role));
      const form = await readOut(out, `${language.folder}report/index.html`);
      expect(form).toContain(`<label for="report-what">${escapeHtml(report.fields.what.label)}`);
    }
  });

  it("builds a one-language site with no language menu and no alternates", async () => {
    const built = await buildInto(SECOND_SITE);
    try {
      for (const page of (await listFiles(built.out)).filter((f) => f.endsWith(".html"))) {
        const html = await readOut(built.out, page);
        expect(html, page).not.toContain('class="language-menu"');
        expect(html, page).not.toContain('rel="alternate"');
      }
    } finally {
      await built.cleanup();
    }
  });
});

/** The translation folder a built page belongs to ("es/" for es/…/index.html), or "" for the site's own language. */
function languageFolderOf(contentDir: string, page: string): string {
  const first = page.split("/")[0] ?? "";
  return page.includes("/") && existsSync(join(contentDir, first, "_data")) ? `${first}/` : "";
}

/** A language's UI strings, as its ui.yaml gives them, or Confide's own in that language (issue 12). */
async function uiStringsOf(
  contentDir: string,
  folder: string,
): Promise<Record<string, Record<string, string>>> {
  const own = join(contentDir, folder, "_data/ui.yaml");
  if (existsSync(own)) return parse(await readFile(own, "utf8"));
  const shipped = await shippedUiSource({ tag: folder.replace("/", "") || "en" });
  return shipped?.value as Record<string, Record<string, string>>;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

describe("refusing to build invalid content", () => {
  it("writes nothing when the content is invalid, and lists every problem", async () => {
    const { dir, cleanup } = await contentFolder({
      "_data/site.yaml": "event: [unclosed\n",
      "_data/report.yaml": "fields: []\n",
    });
    const { mkdtemp } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const out = await mkdtemp(join(tmpdir(), "confide-site-"));
    try {
      const error = await buildSite({ contentDir: dir, outDir: out }).catch((e: unknown) => e);
      expect(isContentError(error)).toBe(true);
      expect((error as ContentError).diagnostics.map((d) => d.file).sort()).toEqual([
        "_data/report.yaml",
        "_data/site.yaml",
      ]);
      expect(await listFiles(out)).toEqual([]);
    } finally {
      await cleanup();
      await rm(out, { recursive: true, force: true });
    }
  });

  it("never copies a private key to the site, even one whose fingerprint matches the roster (issue 13)", async () => {
    const key = await fixtureKey("gpg-ed25519");
    const roster = (await readFile(join(EXAMPLE_CONTENT, "_data/roster.yaml"), "utf8")).replace(
      /(- id: ada[\s\S]*?fingerprint: )"[^"]+"/,
      `$1"${groupFingerprint(key.fingerprint)}"`,
    );
    const { mkdtemp } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    // Control: the same roster with the public half builds, so the private half is the only thing wrong.
    const publicHalf = await contentFolder({ "_data/roster.yaml": roster, "keys/ada.asc": key.armored });
    try {
      const built = await buildInto(publicHalf.dir);
      await built.cleanup();
    } finally {
      await publicHalf.cleanup();
    }
    // A private key where a public one belongs, its fingerprint the roster's: refused, nothing built.
    const refused = await contentFolder({ "_data/roster.yaml": roster, "keys/ada.asc": key.armoredPrivate });
    const out = await mkdtemp(join(tmpdir(), "confide-site-"));
    try {
      const error = await buildSite({ contentDir: refused.dir, outDir: out }).catch((e: unknown) => e);
      expect(isContentError(error), "the build must refuse the content, naming the private key").toBe(true);
      const errors = (error as ContentError).diagnostics.filter((d) => d.severity === "error");
      expect(errors.map((d) => [d.file, d.message])).toEqual([
        [
          "_data/roster.yaml",
          expect.stringContaining("keys/ada.asc holds a PRIVATE key. It was not published, and must not be"),
        ],
      ]);
      expect(await listFiles(out)).toEqual([]);
    } finally {
      await refused.cleanup();
      await rm(out, { recursive: true, force: true });
    }
    // A stray private key that no roster entry names: never published either. Issue 14: refused too,
    // at its file, since the content folder goes into the site's repository (it was built before).
    const stray = await contentFolder({ "keys/backup-secret.asc": key.armoredPrivate });
    const strayOut = await mkdtemp(join(tmpdir(), "confide-site-"));
    try {
      const error = await buildSite({ contentDir: stray.dir, outDir: strayOut }).catch((e: unknown) => e);
      expect(isContentError(error)).toBe(true);
      expect(
        (error as ContentError).diagnostics.filter((d) => d.severity === "error").map((d) => d.file),
      ).toEqual(["keys/backup-secret.asc"]);
      for (const file of await listFiles(strayOut))
        expect(await readOut(strayOut, file)).not.toMatch(PRIVATE_KEY_BLOCK);
    } finally {
      await stray.cleanup();
      await rm(strayOut, { recursive: true, force: true });
    }
  });

  it("refuses to publish the demo keys when the site is not a demo", async () => {
    const site = (await readFile(join(EXAMPLE_CONTENT, "_data/site.yaml"), "utf8")).replace(
      "demo: true",
      "demo: false",
    );
    const { dir, cleanup } = await contentFolder({ "_data/site.yaml": site });
    try {
      const error = (await buildInto(dir).catch((e: unknown) => e)) as ContentError;
      expect(isContentError(error)).toBe(true);
      expect(error.diagnostics.filter((d) => d.message.includes("demo keys"))).toHaveLength(3);
    } finally {
      await cleanup();
    }
  });
});

describe("issue 11: rendering a site in memory", () => {
  it("renders every page a build writes, and writes nothing", async () => {
    const { mkdtemp } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const out = await mkdtemp(join(tmpdir(), "confide-site-"));
    const builtAt = new Date("2027-01-15T08:00:00Z");
    try {
      const pages = await renderSite({ contentDir: EXAMPLE_CONTENT, outDir: out, builtAt });
      expect(await listFiles(out)).toEqual([]);
      // The run's shared build of the example (the same content and endpoint, another instant).
      const written = (await listFiles(await sharedExampleSite({ formEndpoint: "site" }))).filter((file) =>
        file.endsWith(".html"),
      );
      const rendered = pages.filter((page) => page.outputPath.endsWith(".html"));
      expect(rendered.map((page) => page.url).sort()).toEqual(
        written.map((file) => `/${file.replace(/(^|\/)index\.html$/, "$1")}`).sort(),
      );
      const report = rendered.find((page) => page.url === "/report/");
      expect(report?.inputPath).toMatch(/report\.md$/);
      expect(report?.content).toContain('id="report-form"');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
