import { describe, expect, it } from "vitest";
import { isHiddenPath, readRequestPath } from "../../src/server/request-path.ts";

describe("readRequestPath", () => {
  it("reads a page's path, decoding each segment once and ignoring the query", () => {
    expect(readRequestPath("/es/caf%C3%A9/?x=1#y")).toEqual({
      kind: "path",
      path: "/es/café/",
      encoded: "/es/caf%C3%A9/",
    });
    expect(readRequestPath("/")).toEqual({ kind: "path", path: "/", encoded: "/" });
    expect(readRequestPath("/keys/ada.asc")).toMatchObject({ path: "/keys/ada.asc" });
  });

  it.each([
    ["http://[", "the request target is not a path"],
    ["*", "the request target is not a path"],
    ["/%", "the path's percent-encoding is broken"],
    ["/%E0%A4%A", "the path's percent-encoding is broken"],
    ["/%2Fevil.example%2F..%2Fes", "the path encodes a slash, backslash or NUL"],
    ["/%2F_headers", "the path encodes a slash, backslash or NUL"],
    ["/es%5C..%5C", "the path encodes a slash, backslash or NUL"],
    ["/a%00", "the path encodes a slash, backslash or NUL"],
    ["//evil.example/es", "the path has an empty segment"],
    ["/../etc/passwd", "the path has a dot segment"],
    ["/%2e%2e/etc/passwd", "the path has a dot segment"],
    ["/es/./", "the path has a dot segment"],
  ])("issue 10: refuses %s as a bad request", (target, reason) => {
    expect(readRequestPath(target)).toEqual({ kind: "bad-request", reason });
  });
});

describe("isHiddenPath", () => {
  it("hides dotfiles and dot-folders anywhere, except /.well-known/", () => {
    expect(isHiddenPath("/.env")).toBe(true);
    expect(isHiddenPath("/.git/config")).toBe(true);
    expect(isHiddenPath("/es/.index.html.swp")).toBe(true);
    expect(isHiddenPath("/es/.well-known/x")).toBe(true);
    expect(isHiddenPath("/.well-known/confide.json")).toBe(false);
    expect(isHiddenPath("/es/index.html")).toBe(false);
  });
});
