import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/build/build-site.ts";
import { PROPS_ID } from "../../src/client/island-ids.ts";
import { applyHeaderRules, contentSecurityPolicy } from "../../src/site/security-headers.ts";
import {
  builtPageUrls,
  EXAMPLE_HEADER_RULE_PATHS,
  listFiles,
  readHeaderRules,
} from "../helpers/built-site.ts";
import { EXAMPLE_TRANSLATIONS } from "../helpers/content-folder.ts";
import { GENERATED_PAGES_DIR, siteWithPages, siteWithResponders } from "../helpers/generated-sites.ts";

// Issue 11: a site of 1,000 content pages made the build refuse (its _headers needed 1,035 rules,
// Cloudflare Pages reads 100), and so did a roster of 50 responders. Both are made here, in code,
// and must build; the number of rules must not grow with the pages.

/** The example's venue liaison: listed, with no key, receives no reports. */
const NOT_RECEIVING = "jonas";

/** Makes a generated site and builds it before the tests of a file, and removes both after them. */
function useBuiltSite<T extends { dir: string; cleanup: () => Promise<void> }>(
  make: () => Promise<T>,
): { site: () => T; out: () => string } {
  let site: T | undefined;
  let out = "";
  beforeAll(async () => {
    site = await make();
    out = await mkdtemp(join(tmpdir(), "confide-site-"));
    await buildSite({ contentDir: site.dir, outDir: out, silent: true });
  }, 600_000);
  afterAll(async () => {
    await site?.cleanup();
    if (out) await rm(out, { recursive: true, force: true });
  });
  return {
    site: () => {
      if (!site) throw new Error("the site was not made");
      return site;
    },
    out: () => out,
  };
}

describe("issue 11: a site with 1,000 content pages", () => {
  const built = useBuiltSite(() => siteWithPages({ pages: 1000 }));

  it("builds every page", async () => {
    const pages = await builtPageUrls(built.out());
    expect(pages.filter((url) => url.startsWith(`/${GENERATED_PAGES_DIR}/`))).toHaveLength(1000);
    for (const index of [1, 500, 1000]) expect(pages).toContain(`/${GENERATED_PAGES_DIR}/note-${index}/`);
  });

  it("writes _headers with three rules, and serves every page the content policy", async () => {
    const { rules } = await readHeaderRules(built.out());
    expect(rules.map((rule) => rule.path)).toEqual(["/*", "/report/", "/keys/*"]);
    const contentPolicy = contentSecurityPolicy({
      kind: "content",
      formOrigin: "https://formspree.io",
      delivery: "header",
    });
    for (const url of await builtPageUrls(built.out())) {
      const policy = applyHeaderRules(rules, url, new Headers()).get("content-security-policy");
      if (url !== "/report/") expect(policy, url).toBe(contentPolicy);
    }
  });

  it("lists every page in the manifest", async () => {
    const manifest = JSON.parse(await readFile(join(built.out(), ".well-known/confide.json"), "utf8"));
    const listed = Object.keys(manifest.files);
    for (const url of await builtPageUrls(built.out())) expect(listed).toContain(url);
  });
});

describe("issue 11: a site with a roster of 50 responders", () => {
  const built = useBuiltSite(() => siteWithResponders({ responders: 50 }));

  it("builds a page for every responder in every language, and publishes every key", async () => {
    const { ids } = built.site();
    expect(ids).toHaveLength(50);
    const pages = await builtPageUrls(built.out());
    const files = await listFiles(built.out());
    for (const id of ids) {
      expect(pages).toContain(`/responders/${id}/`);
      for (const tag of EXAMPLE_TRANSLATIONS) expect(pages).toContain(`/${tag}/responders/${id}/`);
      if (id !== NOT_RECEIVING) expect(files).toContain(`keys/${id}.asc`);
    }
    const responderPages = pages.filter((url) => /^(\/[a-z]{2})?\/responders\/[^/]+\/$/.test(url));
    expect(responderPages).toHaveLength(50 * (1 + EXAMPLE_TRANSLATIONS.length));
  });

  it("writes _headers by policy: everything, each language's report page, the keys", async () => {
    const { rules } = await readHeaderRules(built.out());
    expect(rules.map((rule) => rule.path)).toEqual(EXAMPLE_HEADER_RULE_PATHS);
  });

  it("offers every receiving responder in the report form: the 49 with a key", async () => {
    const report = await readFile(join(built.out(), "report/index.html"), "utf8");
    const json = new RegExp(`<script type="application/json" id="${PROPS_ID}">(.*?)</script>`, "s").exec(
      report,
    );
    const props = JSON.parse(json?.[1] ?? "{}") as { recipients?: Array<{ id: string }> };
    expect(props.recipients?.map((recipient) => recipient.id).sort()).toEqual(
      built
        .site()
        .ids.filter((id) => id !== NOT_RECEIVING)
        .sort(),
    );
  });
});
