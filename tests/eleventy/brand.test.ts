import { describe, expect, it } from "vitest";
import type { Content } from "../../src/content/validate-content.ts";
import brandPlugin from "../../src/eleventy/brand.ts";
import type { Site } from "../../src/site/site-schema.ts";
import { exampleContent } from "../helpers/content-folder.ts";
import { globalDataOf, loaderOf, recordingConfig } from "../helpers/plugin-config.ts";

const example = await exampleContent();

/** The example with site.yaml's look replaced. */
const withLook = (look: Partial<Pick<Site, "logo" | "favicon" | "accent">>): Content => ({
  ...example,
  site: { ...example.site, ...look },
});

/** What the layout reads as `{{ brand }}` for this content. */
async function brandOf(content: Content): Promise<unknown> {
  const recorded = recordingConfig();
  brandPlugin(recorded.config, { content: loaderOf(content) });
  return globalDataOf(recorded, "brand");
}

describe("brandPlugin", () => {
  it("gives the layout no logo, no favicon link and no accent stylesheet when site.yaml sets none", async () => {
    expect(example.site.logo).toBeUndefined();
    expect(await brandOf(example)).toEqual({ logo: null, favicon: null, stylesheet: null });
  });

  it("gives the published addresses of site.yaml's logo, favicon and accent colour", async () => {
    expect(
      await brandOf(
        withLook({ logo: "images/tidewater.png", favicon: "images/icon.svg", accent: "#7a1f5c" }),
      ),
    ).toEqual({
      logo: "/assets/logo.png",
      favicon: { url: "/assets/favicon.svg", type: "image/svg+xml" },
      stylesheet: "/assets/accent.css",
    });
    expect(await brandOf(withLook({ favicon: "Icon.ICO" }))).toEqual({
      logo: null,
      favicon: { url: "/favicon.ico", type: "image/x-icon" },
      stylesheet: null,
    });
  });

  it("never puts the organiser's own path into the page: markup or '..' in a file name gives a fixed address", async () => {
    const brand = await brandOf(
      withLook({ logo: '../../etc/"><script>alert(1)</script>.svg', favicon: "../<b>x</b>.png" }),
    );
    expect(brand).toEqual({
      logo: "/assets/logo.svg",
      favicon: { url: "/assets/favicon.png", type: "image/png" },
      stylesheet: null,
    });
    expect(JSON.stringify(brand)).not.toMatch(/\.\.|<|"&gt;/);
  });

  it("reads the content when the layout asks, not when the plugin is added, so a rebuild sees site.yaml's edit", async () => {
    let content = example;
    const loader = { ...loaderOf(example), get: async () => content };
    const recorded = recordingConfig();
    brandPlugin(recorded.config, { content: loader });
    expect(await globalDataOf(recorded, "brand")).toEqual({ logo: null, favicon: null, stylesheet: null });
    content = withLook({ logo: "logo.webp" });
    expect(await globalDataOf(recorded, "brand")).toMatchObject({ logo: "/assets/logo.webp" });
  });

  it("passes on the content's refusal, so a page never prints the look of content that failed its check", async () => {
    const refusal = new Error("The content in content has 1 problem (listed above); nothing was published.");
    const recorded = recordingConfig();
    brandPlugin(recorded.config, { content: { ...loaderOf(example), get: () => Promise.reject(refusal) } });
    await expect(globalDataOf(recorded, "brand")).rejects.toBe(refusal);
  });

  it("adds the brand data and nothing else", () => {
    const recorded = recordingConfig();
    const loader = loaderOf(example);
    brandPlugin(recorded.config, { content: loader });
    expect([...recorded.globalData.keys()]).toEqual(["brand"]);
    expect([recorded.shortcodes.size, recorded.filters.size, recorded.templates.size]).toEqual([0, 0, 0]);
    expect(loader.gets, "the content is not loaded before a page asks").toBe(0);
  });
});
