import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Eleventy from "@11ty/eleventy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Content } from "../../src/content/validate-content.ts";
import type { ContentLoader } from "../../src/eleventy/content-loader.ts";
import type { EleventyConfig } from "../../src/eleventy/eleventy-types.ts";
import receivingKeysPlugin from "../../src/eleventy/receiving-keys.ts";
import { parseReceivingKeysDocument } from "../../src/roster/receiving-key-ids.ts";
import { urls } from "../../src/site/urls.ts";
import { exampleContent } from "../helpers/content-folder.ts";
import { encryptionKeyIdsOfKey } from "../helpers/recipient-packets.ts";

const example = await exampleContent();

let input: string;
beforeAll(async () => {
  input = await mkdtemp(join(tmpdir(), "confide-receiving-keys-"));
});
afterAll(async () => {
  await rm(input, { recursive: true, force: true });
});

/** A loader that hands out the given content. */
function loaderOf(content: Content): ContentLoader {
  return { dir: "content", get: async () => content, reset: () => {} };
}

/**
 * Checks the published ids against each receiving responder's key, read with openpgp directly: every id
 * is an encryption subkey of one of them, and each of them has one published (a key may hold more
 * encryption subkeys than the one reports are encrypted to).
 */
async function expectReceivingIdsOf(content: Content, published: readonly string[]): Promise<void> {
  const receiving = content.responders.filter((r) => r.receives_reports && r.publicKey);
  const idsByResponder = await Promise.all(
    receiving.map((r) => encryptionKeyIdsOfKey(r.publicKey?.armoredPublicKey ?? "")),
  );
  const all = new Set(idsByResponder.flat());
  expect(
    published.filter((id) => !all.has(id)),
    "published ids that are no receiving responder's",
  ).toEqual([]);
  const unpublished = receiving.filter(
    (_, index) => !idsByResponder[index]?.some((id) => published.includes(id)),
  );
  expect(
    unpublished.map((r) => r.id),
    "receiving responders with no key id published",
  ).toEqual([]);
}

/** Builds an empty folder in memory with only this plugin; every output by address. */
async function build(loader: ContentLoader): Promise<Map<string, string>> {
  const eleventy = new Eleventy(input, join(input, "_site"), {
    configPath: false,
    quietMode: true,
    config: (config: unknown) =>
      (config as EleventyConfig).addPlugin(receivingKeysPlugin, { content: loader }),
  });
  eleventy.disableLogger();
  const outputs = (await eleventy.toJSON()) as Array<{ url: string; content: string }>;
  return new Map(outputs.map((output) => [output.url, output.content]));
}

describe("receivingKeysPlugin", () => {
  it("publishes exactly the encryption subkey ids of the responders who receive reports, and the form ids", async () => {
    const outputs = await build(loaderOf(example));
    expect([...outputs.keys()], "the file is the plugin's only output").toEqual([urls.receivingKeyIds]);
    const document = parseReceivingKeysDocument(outputs.get(urls.receivingKeyIds) ?? "");
    if (!document) throw new Error("the hook cannot read the published file");
    await expectReceivingIdsOf(example, document.receivingKeyIds);
    expect(document.receivers).toBeGreaterThanOrEqual(
      example.responders.filter((r) => r.receives_reports).length,
    );
    expect(document.formIds?.team).toBe("xdemoform");
  });

  it("leaves out the keys of a responder who does not receive reports", async () => {
    const [first] = example.responders.filter((responder) => responder.receives_reports);
    if (!first?.publicKey) throw new Error("the example has no responder with a key who receives reports");
    const fewer = {
      ...example,
      responders: example.responders.map((responder) =>
        responder.id === first.id ? { ...responder, receives_reports: false } : responder,
      ),
    };
    const document = parseReceivingKeysDocument(
      (await build(loaderOf(fewer))).get(urls.receivingKeyIds) ?? "",
    );
    await expectReceivingIdsOf(fewer, document?.receivingKeyIds ?? []);
    for (const id of await encryptionKeyIdsOfKey(first.publicKey.armoredPublicKey))
      expect(document?.receivingKeyIds).not.toContain(id);
  });

  it("publishes no team form id for a site without a form", async () => {
    const noForm = { ...example, site: { ...example.site, form: undefined } } as unknown as Content;
    const document = parseReceivingKeysDocument(
      (await build(loaderOf(noForm))).get(urls.receivingKeyIds) ?? "",
    );
    expect(document?.formIds?.team).toBeNull();
  });
});
