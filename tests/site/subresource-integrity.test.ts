import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { integrityOf, subresourcesOf } from "../../src/site/subresource-integrity.ts";

describe("integrityOf", () => {
  it("is sha384- and the base64 SHA-384 of the exact bytes, text as UTF-8", () => {
    expect(integrityOf("")).toBe("sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb");
    expect(integrityOf("é")).toBe(
      `sha384-${createHash("sha384").update(Buffer.from("é", "utf8")).digest("base64")}`,
    );
    expect(integrityOf(new Uint8Array([0xc3, 0xa9]))).toBe(integrityOf("é"));
    expect(integrityOf("a\n")).not.toBe(integrityOf("a\r\n"));
  });
});

describe("subresourcesOf", () => {
  it("lists external and inline scripts, telling code from a JSON data block", () => {
    const page = `<script type="module" src="/assets/form.js" integrity="sha384-abc"></script>
<script>alert(1)</script>
<script type="application/json" id="props">{"a":1}</script>
<script type="application/ld+json">{}</script>`;
    expect(
      subresourcesOf(page).map(({ element, url, integrity, inlineCode }) => ({
        element,
        url,
        integrity,
        inlineCode,
      })),
    ).toEqual([
      { element: "script", url: "/assets/form.js", integrity: "sha384-abc", inlineCode: false },
      { element: "script", url: null, integrity: null, inlineCode: true },
      { element: "script", url: null, integrity: null, inlineCode: false },
      { element: "script", url: null, integrity: null, inlineCode: false },
    ]);
  });

  it("lists stylesheets and preloads, and no other link", () => {
    const page = `<link rel="stylesheet" href="/assets/site.css" integrity="sha384-x">
<link rel="modulepreload" href="/assets/chunk.js">
<link rel="PRELOAD" as="font" href="/f.woff2">
<link rel="icon" href="/favicon.ico"><link rel="alternate" hreflang="es" href="/es/">`;
    expect(subresourcesOf(page).map(({ url, integrity }) => ({ url, integrity }))).toEqual([
      { url: "/assets/site.css", integrity: "sha384-x" },
      { url: "/assets/chunk.js", integrity: null },
      { url: "/f.woff2", integrity: null },
    ]);
  });

  it("reads attributes in any case and quoting, unescaping entities, and keeps the tag as written", () => {
    const tag = `<SCRIPT SRC='/a.js?x=1&amp;y=2' Integrity=sha384-q type=module>`;
    expect(subresourcesOf(`${tag}</SCRIPT>`)).toEqual([
      { tag, element: "script", url: "/a.js?x=1&y=2", integrity: "sha384-q", inlineCode: false },
    ]);
  });

  it("is not fooled by a > inside a quoted attribute", () => {
    const [script] = subresourcesOf(`<script data-note="a > b" src="/real.js"></script>`);
    expect(script?.url).toBe("/real.js");
  });

  it("finds nothing in a page without scripts or styles, and never throws on hostile markup", () => {
    expect(subresourcesOf("<p>hello</p>")).toEqual([]);
    expect(subresourcesOf("")).toEqual([]);
    expect(() => subresourcesOf(`<script ${"a=".repeat(10_000)}`)).not.toThrow();
    expect(() => subresourcesOf(`<link rel="stylesheet" href="${"x".repeat(1_000_000)}">`)).not.toThrow();
  });
});
