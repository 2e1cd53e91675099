import { describe, expect, it } from "vitest";
import { responderPhoto } from "../../src/site/responder-photo.ts";
import { urls } from "../../src/site/urls.ts";

describe("responderPhoto", () => {
  it("is the published photo at a fixed size, with an empty alternative (the name is printed beside it)", () => {
    expect(String(responderPhoto({ id: "ada" }))).toBe(
      `<img class="photo" src="${urls.photo("ada")}" alt="" width="160" height="160">`,
    );
  });

  it("escapes the id in the address", () => {
    expect(String(responderPhoto({ id: 'a"><script>' }))).not.toContain("<script>");
  });
});
