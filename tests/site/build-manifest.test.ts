import { describe, expect, it } from "vitest";
import { CONFIDE_VERSION, manifestText, parseManifest, sha256Hex } from "../../src/site/build-manifest.ts";
import { urls } from "../../src/site/urls.ts";
import { exampleContent } from "../helpers/content-folder.ts";

const { responders } = await exampleContent();
const BUILT_AT = new Date("2027-03-01T12:00:00.000Z");
const FILES = { "/index.html": "<h1>home</h1>", "/assets/site.css": new Uint8Array([1, 2, 3]) };

describe("sha256Hex", () => {
  it("is the SHA-256 in hex, as sha256sum prints it", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex(new TextEncoder().encode("é"))).toBe(sha256Hex("é"));
  });
});

describe("manifestText", () => {
  it("lists every file's hash by address, sorted, and the responders reports are encrypted to", () => {
    const manifest = JSON.parse(manifestText({ files: FILES, responders, builtAt: BUILT_AT }));
    expect(Object.keys(manifest.files)).toEqual(["/assets/site.css", "/index.html"]);
    expect(manifest.files["/index.html"]).toBe(sha256Hex("<h1>home</h1>"));
    expect(manifest).toMatchObject({
      format: 1,
      generator: `confide ${CONFIDE_VERSION}`,
      builtAt: "2027-03-01T12:00:00Z",
      formEndpoint: "site.yaml",
    });
    expect(manifest.version).toMatch(
      new RegExp(`^${CONFIDE_VERSION.replaceAll(".", "\\.")}\\+[0-9a-f]{12}$`),
    );
    // Jonas does not receive reports: he is not a recipient.
    expect(manifest.recipients.map((recipient: { id: string }) => recipient.id)).toEqual([
      "ada",
      "tomas",
      "mei",
    ]);
    expect(manifest.recipients[0]).toMatchObject({
      key: urls.key("ada"),
      fingerprint: expect.stringMatching(/^([0-9A-F]{4} ){9}[0-9A-F]{4}$/),
    });
  });

  it("is the same bytes for the same build, and another version when any file changes", () => {
    const once = manifestText({ files: FILES, responders, builtAt: BUILT_AT, formEndpoint: "same-origin" });
    expect(
      manifestText({ files: { ...FILES }, responders, builtAt: BUILT_AT, formEndpoint: "same-origin" }),
    ).toBe(once);
    const changed = manifestText({
      files: { ...FILES, "/index.html": "<h1>home!</h1>" },
      responders,
      builtAt: BUILT_AT,
    });
    expect(JSON.parse(changed).version).not.toBe(JSON.parse(once).version);
  });

  it("leaves out a responder with a key who does not receive reports", () => {
    const [ada] = responders;
    if (!ada) throw new Error("no responder");
    const listed = { ...ada, id: "listed", receives_reports: false };
    const manifest = JSON.parse(manifestText({ files: FILES, responders: [ada, listed], builtAt: BUILT_AT }));
    expect(manifest.recipients.map((recipient: { id: string }) => recipient.id)).toEqual(["ada"]);
  });

  it("never lists the manifest itself", () => {
    const manifest = JSON.parse(
      manifestText({ files: { ...FILES, [urls.manifest]: "old" }, responders, builtAt: BUILT_AT }),
    );
    expect(Object.keys(manifest.files)).not.toContain(urls.manifest);
  });

  it("refuses an unknown option by name", () => {
    expect(() =>
      manifestText({ files: FILES, responders, builtAt: BUILT_AT, now: BUILT_AT } as never),
    ).toThrow("manifestText: unknown option now");
  });
});

describe("parseManifest", () => {
  it("reads back what manifestText writes", () => {
    const text = manifestText({ files: FILES, responders, builtAt: BUILT_AT });
    expect(parseManifest(text)).toEqual({ kind: "manifest", manifest: JSON.parse(text) });
  });

  it("says why a manifest cannot be read: not JSON, or the field at fault", () => {
    expect(parseManifest("{")).toMatchObject({
      kind: "invalid",
      message: expect.stringMatching(/^not JSON \(/),
    });
    const manifest = JSON.parse(manifestText({ files: FILES, responders, builtAt: BUILT_AT }));
    expect(parseManifest(JSON.stringify({ ...manifest, format: 2 }))).toMatchObject({
      kind: "invalid",
      message: expect.stringMatching(/^format: /),
    });
    expect(parseManifest(JSON.stringify({ ...manifest, files: { "/a": "not a hash" } }))).toMatchObject({
      kind: "invalid",
      message: expect.stringMatching(/^files\.\/a: /),
    });
    expect(
      parseManifest(JSON.stringify({ ...manifest, files: { "relative.html": sha256Hex("") } })).kind,
    ).toBe("invalid");
    expect(parseManifest(JSON.stringify({ ...manifest, extra: 1 })).kind).toBe("invalid");
    expect(parseManifest("null")).toMatchObject({
      kind: "invalid",
      message: expect.stringMatching(/^the manifest: /),
    });
  });
});
