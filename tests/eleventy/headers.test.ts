import { describe, expect, it } from "vitest";
import { ISLAND_ID } from "../../src/client/island-ids.ts";
import type { ContentLoader } from "../../src/eleventy/content-loader.ts";
import type { EleventyConfig } from "../../src/eleventy/eleventy-types.ts";
import headersPlugin, { policyMetaTag } from "../../src/eleventy/headers.ts";
import { exampleContent } from "../helpers/content-folder.ts";

const FORM_PAGE = `<h1>Report</h1><div id="${ISLAND_ID}"></div>`;
const CONTENT_PAGE = "<h1>Code of conduct</h1>";

/** The policy inside a meta tag, unescaped, as directives by name. */
function directives(tag: string): Map<string, string> {
  const match = /^<meta http-equiv="Content-Security-Policy" content="([^"]*)">$/.exec(tag);
  if (!match?.[1]) throw new Error(`not a policy meta tag: ${tag}`);
  const policy = match[1].replaceAll("&#39;", "'").replaceAll("&quot;", '"').replaceAll("&amp;", "&");
  return new Map(
    policy
      .split(";")
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name = "", ...values] = part.split(/\s+/);
        return [name, values.join(" ")];
      }),
  );
}

describe("policyMetaTag", () => {
  it("lets the page holding the form post its report to the form's origin, and no content page post anywhere", () => {
    const report = directives(policyMetaTag({ pageContent: FORM_PAGE, formOrigin: "https://formspree.io" }));
    const content = directives(
      policyMetaTag({ pageContent: CONTENT_PAGE, formOrigin: "https://formspree.io" }),
    );
    expect(report.get("connect-src")).toContain("https://formspree.io");
    expect(content.get("connect-src") ?? "").not.toContain("https://formspree.io");
    expect(content.get("default-src")).toBeDefined();
  });

  it("leaves out what a meta policy cannot say (framing), which _headers says instead", () => {
    expect(
      directives(policyMetaTag({ pageContent: FORM_PAGE, formOrigin: null })).has("frame-ancestors"),
    ).toBe(false);
  });

  it("escapes the policy inside the attribute", () => {
    const tag = policyMetaTag({ pageContent: CONTENT_PAGE, formOrigin: null });
    expect(tag.match(/"/g)).toHaveLength(4);
    expect(tag).not.toContain("'");
  });

  it("refuses an unknown option by name", () => {
    expect(() => policyMetaTag({ pageContent: "", formOrigin: null, kind: "report" } as never)).toThrow(
      "policyMetaTag: unknown option kind",
    );
  });
});

describe("headersPlugin", () => {
  async function shortcode(formEndpoint?: string) {
    const content = await exampleContent();
    const loader: ContentLoader = { dir: "content", get: async () => content, reset: () => {} };
    const shortcodes = new Map<string, (...args: never[]) => unknown>();
    const config = {
      addShortcode: (name: string, fn: (...args: never[]) => unknown) => shortcodes.set(name, fn),
    };
    headersPlugin(config as unknown as EleventyConfig, { content: loader, formEndpoint });
    const policy = shortcodes.get("content_security_policy") as
      | ((page: string) => Promise<string>)
      | undefined;
    if (!policy) throw new Error("no content_security_policy shortcode");
    return { policy, site: content.site };
  }

  it("gives each page the policy for what it holds, with site.yaml's form endpoint", async () => {
    const { policy, site } = await shortcode();
    const origin = new URL(site.form?.endpoint ?? "").origin;
    expect(await policy(FORM_PAGE)).toBe(policyMetaTag({ pageContent: FORM_PAGE, formOrigin: origin }));
    expect(await policy(CONTENT_PAGE)).toBe(policyMetaTag({ pageContent: CONTENT_PAGE, formOrigin: origin }));
  });

  it("lets CONFIDE_FORM_ENDPOINT choose the endpoint instead, or the site's own origin", async () => {
    const elsewhere = await shortcode("https://inbox.example.org");
    expect(directives(await elsewhere.policy(FORM_PAGE)).get("connect-src")).toContain(
      "https://inbox.example.org",
    );
    const own = await shortcode("same-origin");
    expect(await own.policy(FORM_PAGE)).toBe(policyMetaTag({ pageContent: FORM_PAGE, formOrigin: null }));
  });
});
