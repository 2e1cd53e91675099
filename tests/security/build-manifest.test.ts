import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readKey } from "openpgp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildSite } from "../../src/build/build-site.ts";
import { buildTime } from "../../src/build/build-time.ts";
import { groupFingerprint } from "../../src/roster/fingerprint.ts";
import { type BuildManifest, parseManifest } from "../../src/site/build-manifest.ts";
import { listFiles } from "../helpers/built-site.ts";
import { contentFolder, EXAMPLE_CONTENT, PROJECT_ROOT } from "../helpers/content-folder.ts";

// Issue 6: /.well-known/confide.json lists every published file's SHA-256 and the receiving keys, and
// a build is reproducible from what it records (its instant and form endpoint).

/** A moment inside every demo key's lifetime, in whole seconds. */
const BUILT_AT = new Date("2027-03-01T12:00:00Z");

const addressOf = (file: string) => `/${file.replace(/(^|\/)index\.html$/, "$1")}`;
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

let first = "";
let second = "";
let manifest: BuildManifest;

beforeAll(async () => {
  first = await mkdtemp(join(tmpdir(), "confide-site-"));
  second = await mkdtemp(join(tmpdir(), "confide-site-"));
  await buildSite({
    contentDir: EXAMPLE_CONTENT,
    outDir: first,
    formEndpoint: "same-origin",
    builtAt: BUILT_AT,
  });
  // The second build reads a copy of the content made now: other paths, other file dates.
  const copy = await contentFolder();
  try {
    await buildSite({ contentDir: copy.dir, outDir: second, formEndpoint: "same-origin", builtAt: BUILT_AT });
  } finally {
    await copy.cleanup();
  }
  const parsed = parseManifest(await readFile(join(first, ".well-known/confide.json"), "utf8"));
  if (parsed.kind !== "manifest") throw new Error(parsed.message);
  manifest = parsed.manifest;
});
afterAll(async () => {
  await rm(first, { recursive: true, force: true });
  await rm(second, { recursive: true, force: true });
});

describe("the build's manifest", () => {
  it("lists every file the build wrote, and only those, with the SHA-256 of the bytes on disk", async () => {
    const files = (await listFiles(first)).filter((file) => file !== ".well-known/confide.json");
    expect(Object.keys(manifest.files).sort()).toEqual(files.map(addressOf).sort());
    for (const file of files) {
      expect(manifest.files[addressOf(file)], file).toBe(sha256(await readFile(join(first, file))));
    }
    for (const kind of [
      /^\/keys\/ada\.asc$/,
      /^\/assets\/js\/report-form-/,
      /^\/assets\/site\.css$/,
      /^\/_headers$/,
      /^\/report\/$/,
    ])
      expect(
        Object.keys(manifest.files).some((path) => kind.test(path)),
        String(kind),
      ).toBe(true);
  });

  it("names each receiving responder's fingerprint, as the published key has it", async () => {
    const roster = parse(await readFile(join(EXAMPLE_CONTENT, "_data/roster.yaml"), "utf8")) as {
      responders: Array<{ id: string; receives_reports: boolean }>;
    };
    const receiving = roster.responders.filter((r) => r.receives_reports).map((r) => r.id);
    expect(manifest.recipients.map((r) => r.id)).toEqual(receiving);
    for (const recipient of manifest.recipients) {
      const key = await readKey({ armoredKey: await readFile(join(first, recipient.key), "utf8") });
      expect(recipient.fingerprint).toBe(groupFingerprint(key.getFingerprint()));
      expect(recipient.key).toBe(`/keys/${recipient.id}.asc`);
    }
  });

  it("records the build's version, instant and form endpoint: the instant the report form was built at", async () => {
    const { version } = JSON.parse(await readFile(join(PROJECT_ROOT, "package.json"), "utf8"));
    expect(manifest.generator).toBe(`confide ${version}`);
    expect(manifest.version).toMatch(new RegExp(`^${version.replaceAll(".", "\\.")}\\+[0-9a-f]{12}$`));
    expect(manifest.builtAt).toBe("2027-03-01T12:00:00Z");
    expect(manifest.formEndpoint).toBe("same-origin");
    const report = await readFile(join(first, "report/index.html"), "utf8");
    expect(report).toContain(`"builtAt":"${BUILT_AT.toISOString()}"`);
  });

  it("makes the same bytes from the same content at the same instant, wherever the content lies", async () => {
    const files = await listFiles(first);
    expect(await listFiles(second)).toEqual(files);
    for (const file of files)
      expect((await readFile(join(second, file))).equals(await readFile(join(first, file))), file).toBe(true);
  });

  it("says when the form posts to site.yaml's endpoint", async () => {
    const out = await mkdtemp(join(tmpdir(), "confide-site-"));
    try {
      await buildSite({ contentDir: EXAMPLE_CONTENT, outDir: out, builtAt: BUILT_AT });
      const parsed = parseManifest(await readFile(join(out, ".well-known/confide.json"), "utf8"));
      expect(parsed.kind === "manifest" && parsed.manifest.formEndpoint).toBe("site.yaml");
      expect(parsed.kind === "manifest" && parsed.manifest.files["/report/"]).not.toBe(
        manifest.files["/report/"],
      );
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe("the build's instant", () => {
  it("is now in whole seconds, or SOURCE_DATE_EPOCH", () => {
    expect(buildTime(undefined, new Date("2027-03-01T12:00:00.987Z")).toISOString()).toBe(
      "2027-03-01T12:00:00.000Z",
    );
    expect(buildTime("1803902400").toISOString()).toBe("2027-03-01T12:00:00.000Z");
    expect(() => buildTime("yesterday")).toThrow(
      /SOURCE_DATE_EPOCH is "yesterday": set it to a whole number/,
    );
  });

  it("refuses a manifest that is not one", () => {
    expect(parseManifest("<html>").kind).toBe("invalid");
    const valid = JSON.stringify(manifest);
    expect(parseManifest(valid).kind).toBe("manifest");
    const forged = parseManifest(valid.replace('"format":1', '"format":2'));
    expect(forged.kind === "invalid" && forged.message).toMatch(/^format/);
    expect(parseManifest(valid.replace(/"\/_headers":"[0-9a-f]+"/, '"/_headers":"x"')).kind).toBe("invalid");
  });
});
