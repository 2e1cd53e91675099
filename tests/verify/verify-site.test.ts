import { describe, expect, it } from "vitest";
import { urls } from "../../src/site/urls.ts";
import { kindOf, verifySite } from "../../src/verify/verify-site.ts";
import { EXAMPLE_CONTENT } from "../helpers/content-folder.ts";

// The whole comparison (a build of the content against a served copy, swapped keys, injected scripts,
// loosened headers, a manifest that picks the endpoint) is exercised through the command in
// tests/security/verify-command.test.ts; this file tests the module's own small parts directly.

describe("kindOf", () => {
  it("names what a finding is about from its address, so the report says which promise broke", () => {
    expect(kindOf(urls.key("ada"))).toBe("key");
    expect(kindOf("/assets/report-form.abc123.js")).toBe("script");
    expect(kindOf("/assets/site.css")).toBe("style");
    expect(kindOf("/report/")).toBe("page");
    expect(kindOf("/404.html")).toBe("page");
    expect(kindOf(urls.headersFile)).toBe("header");
    expect(kindOf(urls.manifest)).toBe("manifest");
    expect(kindOf("/favicon.ico")).toBe("file");
  });

  it("goes by the ending alone: a key-looking name inside a page's path is still a page", () => {
    expect(kindOf("/keys/ada.asc/")).toBe("page");
    expect(kindOf("/keys/ada.asc.html")).toBe("page");
  });
});

describe("verifySite", () => {
  it("refuses an unknown option by name before fetching or building anything", async () => {
    await expect(
      verifySite({ url: "http://127.0.0.1:9", contentDir: EXAMPLE_CONTENT, checkHeader: false } as never),
    ).rejects.toThrow("verifySite: unknown option checkHeader");
  });

  it("refuses an address that is not a URL", async () => {
    await expect(verifySite({ url: "coc.example.org", contentDir: EXAMPLE_CONTENT })).rejects.toThrow(
      /Invalid URL/,
    );
  });
});
