import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listPages, listSmallFiles, listTranslations, loadContent } from "../../src/content/load-content.ts";
import {
  contentFolder,
  EXAMPLE_CONTENT,
  exampleContent,
  NOW,
  PROJECT_ROOT,
} from "../helpers/content-folder.ts";

describe("loadContent", () => {
  it("loads the example with no problem: its own language first, then each translation folder", async () => {
    const content = await exampleContent();
    expect(content.languages.map(({ tag, folder, prefix, dir }) => ({ tag, folder, prefix, dir }))).toEqual([
      { tag: "en-GB", folder: "", prefix: "", dir: "ltr" },
      { tag: "ar", folder: "ar/", prefix: "/ar", dir: "rtl" },
      { tag: "es", folder: "es/", prefix: "/es", dir: "ltr" },
    ]);
    expect(content.responders.map((responder) => responder.id)).toEqual(["ada", "tomas", "mei", "jonas"]);
  });

  it("reads a missing data file as missing, and says so at the file", async () => {
    const { dir, cleanup } = await contentFolder({ "_data/report.yaml": null }, { translations: false });
    try {
      const { content, diagnostics } = await loadContent({ dir, now: NOW });
      expect(content).toBeNull();
      expect(diagnostics.filter((d) => d.severity === "error").map((d) => d.file)).toContain(
        "_data/report.yaml",
      );
    } finally {
      await cleanup();
    }
  });

  it("passes warnDays on: a key expiring within it is warned about", async () => {
    const { diagnostics } = await loadContent({ dir: EXAMPLE_CONTENT, now: NOW, warnDays: 100 * 365 });
    expect(
      diagnostics.filter((d) => d.severity === "warning" && d.file === "_data/roster.yaml").length,
    ).toBeGreaterThan(0);
  });
});

describe("listPages and listTranslations", () => {
  it("list the markdown pages (translations' too) and the translation folders, sorted, and nothing else", async () => {
    const { dir, cleanup } = await contentFolder({
      "notes.txt": "not a page",
      "_drafts/x.md": "# draft",
      "keys/README.md": "how to export a key",
    });
    try {
      const pages = await listPages(dir);
      expect(pages).toContain("code-of-conduct.md");
      expect(pages).toContain("es/code-of-conduct.md");
      expect(pages).not.toContain("notes.txt");
      expect(pages).not.toContain("_drafts/x.md");
      expect(pages.filter((page) => page.startsWith("keys/") || page.startsWith("_data/"))).toEqual([]);
      expect(pages.every((page) => page.endsWith(".md"))).toBe(true);
      expect(await listTranslations(dir)).toEqual(["ar", "es"]);
    } finally {
      await cleanup();
    }
  });

  it("issue 13: skip a folder whose name ends in .md (loading stopped with EISDIR), and still list the pages inside it", async () => {
    const { dir, cleanup } = await contentFolder({ "notes.md/inside.md": "# Inside" });
    try {
      const pages = await listPages(dir);
      expect(pages).not.toContain("notes.md");
      expect(pages).toContain("notes.md/inside.md");
      const { diagnostics } = await loadContent({ dir, now: NOW });
      expect(diagnostics.filter((d) => /EISDIR/.test(d.message))).toEqual([]);
    } finally {
      await cleanup();
    }
  });

  it("give nothing for a folder that does not exist", async () => {
    expect(await listPages("/nonexistent/confide-content")).toEqual([]);
    expect(await listTranslations("/nonexistent/confide-content")).toEqual([]);
  });
});

describe("loadContent and private keys (issue 14)", () => {
  it("issue 14: refuses a private key anywhere in the content folder, at its file and line, but reports the roster's own key file once, at the roster", async () => {
    const privateKey = readFileSync(join(PROJECT_ROOT, "demo/private-keys/ada.sec.asc"), "utf8");
    const { dir, cleanup } = await contentFolder(
      {
        "keys/ada.sec.asc": privateKey,
        "notes/ada.sec.html": privateKey,
        "keys/tomas.asc": privateKey,
        "responders.md": `${readFileSync(join(EXAMPLE_CONTENT, "responders.md"), "utf8")}\n${privateKey}`,
      },
      { translations: false },
    );
    try {
      const { content, diagnostics } = await loadContent({ dir, now: NOW });
      expect(content).toBeNull();
      const privateKeys = diagnostics.filter((d) => /PRIVATE key/.test(d.message));
      expect(privateKeys.map((d) => `${d.file}:${d.line}`).sort()).toEqual([
        "_data/roster.yaml:32",
        "keys/ada.sec.asc:1",
        "notes/ada.sec.html:1",
        "responders.md:18",
      ]);
    } finally {
      await cleanup();
    }
  });

  it("lists the small files of a folder, but not version control's", async () => {
    const { dir, cleanup } = await contentFolder({
      ".git/config": "[core]\n",
      "big.txt": "x".repeat(20_000),
    });
    try {
      const files = await listSmallFiles(dir, 10_000);
      expect(files).toContain("keys/ada.asc");
      expect(files).toContain("_data/site.yaml");
      expect(files).not.toContain("big.txt");
      expect(files.some((file) => file.startsWith(".git/"))).toBe(false);
    } finally {
      await cleanup();
    }
  });
});
