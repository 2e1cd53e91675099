import { describe, expect, it, vi } from "vitest";
import type { PreparedBuildSlot } from "../../src/eleventy/build-pipeline.ts";
import type { EleventyConfig } from "../../src/eleventy/eleventy-types.ts";
import integrityPlugin, { integrityLookup } from "../../src/eleventy/integrity.ts";
import { integrityOf } from "../../src/site/subresource-integrity.ts";

const CSS = new TextEncoder().encode("body { color: #111 }");
const JS = new TextEncoder().encode("console.log('form')");

/** A prepared build publishing these files (only `files` is read), counting its reads. */
function prepared(files: Record<string, Uint8Array>) {
  const map = new Map(Object.entries(files));
  const get = vi.fn(() => ({ files: map }));
  return { slot: { get } as unknown as PreparedBuildSlot, map };
}

describe("integrityLookup", () => {
  it("gives the sha384- of the bytes the build publishes at an address", () => {
    const lookup = integrityLookup(prepared({ "/assets/site.css": CSS, "/assets/form.js": JS }).slot);
    expect(lookup("/assets/site.css")).toBe(integrityOf(CSS));
    expect(lookup("/assets/form.js")).toBe(integrityOf(JS));
  });

  it("fails, naming the address, for a file the build does not publish", () => {
    const lookup = integrityLookup(prepared({ "/assets/site.css": CSS }).slot);
    expect(() => lookup("/assets/other.css")).toThrow(
      "No integrity for /assets/other.css: this build does not publish that file.",
    );
    expect(() => lookup("")).toThrow("No integrity for : this build does not publish that file.");
  });

  it("follows the build: new bytes at the same address get their own digest", () => {
    const { slot, map } = prepared({ "/assets/site.css": CSS });
    const lookup = integrityLookup(slot);
    expect(lookup("/assets/site.css")).toBe(integrityOf(CSS));
    const rebuilt = new TextEncoder().encode("body { color: #000 }");
    map.set("/assets/site.css", rebuilt);
    expect(lookup("/assets/site.css")).toBe(integrityOf(rebuilt));
  });
});

describe("integrityPlugin", () => {
  it("adds the integrity filter, reading the build's files", () => {
    const filters = new Map<string, (url: string) => string>();
    const config = { addFilter: (name: string, fn: (url: string) => string) => filters.set(name, fn) };
    integrityPlugin(config as unknown as EleventyConfig, {
      prepared: prepared({ "/assets/site.css": CSS }).slot,
    });
    expect(filters.get("integrity")?.("/assets/site.css")).toBe(integrityOf(CSS));
  });
});
