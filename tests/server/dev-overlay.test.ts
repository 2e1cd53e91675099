import { describe, expect, it } from "vitest";
import { DEV_PATHS, previewPage } from "../../src/server/dev-overlay.ts";

describe("a page as the live preview serves it (issue 12)", () => {
  it("lets the page reach its own origin and loads the overlay, the policy otherwise unchanged", () => {
    const page = `<html><head><meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;self&#39;"></head><body></body></html>`;
    expect(previewPage(page)).toBe(
      `<html><head><meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;self&#39;; connect-src &#39;self&#39;"><script type="module" src="${DEV_PATHS.overlay}"></script></head><body></body></html>`,
    );
  });

  it("leaves a policy that already names where the page connects", () => {
    const page = `<head><meta http-equiv="Content-Security-Policy" content="connect-src &#39;self&#39; https://formspree.io"></head>`;
    expect(previewPage(page)).toContain(`content="connect-src &#39;self&#39; https://formspree.io"`);
  });
});
