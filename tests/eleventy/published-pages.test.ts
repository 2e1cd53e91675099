import { describe, expect, it } from "vitest";
import { renderSite } from "../../src/build/build-site.ts";
import { contentFolder } from "../helpers/content-folder.ts";

describe("publishedPagesPlugin", () => {
  it("issue 14: publishes the pages confide check checks, and not an HTML file, a page in keys/ or in _drafts/", async () => {
    const page = (title: string) => `---\ntitle: ${title}\n---\n\nText.\n`;
    const { dir, cleanup } = await contentFolder(
      {
        "about.html": "<p>About.</p>\n",
        "team.liquid": page("Team"),
        "keys/README.md": page("Keys"),
        "_drafts/ideas.md": page("Ideas"),
        "faq.md": page("Questions"),
      },
      { translations: false },
    );
    try {
      const urls = (await renderSite({ contentDir: dir, silent: true })).map((rendered) => rendered.url);
      expect(urls).toContain("/faq/");
      expect(urls).toContain("/keys/ada.asc");
      expect(urls).toContain("/responders/ada/");
      for (const url of ["/about/", "/team/", "/keys/README/", "/_drafts/ideas/"])
        expect(urls).not.toContain(url);
    } finally {
      await cleanup();
    }
  });
});
