import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as openpgp from "openpgp";
import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/load-content.ts";
import {
  parseHookDocument,
  parseReceivingKeyIds,
  receivingKeyIds,
  receivingKeyIdsDocument,
} from "../../src/roster/receiving-key-ids.ts";
import { urls } from "../../src/site/urls.ts";
import { buildInto, readOut } from "../helpers/built-site.ts";
import { contentFolder, EXAMPLE_CONTENT, NOW } from "../helpers/content-folder.ts";

/** The encryption subkey ids of a key file, read with openpgp directly (not through src/roster). */
async function encryptionKeyIdsOf(file: string): Promise<string[]> {
  const key = await openpgp.readKey({ armoredKey: await readFile(join(EXAMPLE_CONTENT, file), "utf8") });
  const canEncrypt = new Set(["rsaEncryptSign", "rsaEncrypt", "elgamal", "ecdh", "x25519", "x448"]);
  return key
    .getKeys()
    .filter((part) => canEncrypt.has(part.getAlgorithmInfo().algorithm))
    .map((part) => part.getKeyID().toHex());
}

describe("the receiving key ids", () => {
  it("are the encryption subkeys of the responders who receive reports, and no one else's", async () => {
    const roster = (await readFile(join(EXAMPLE_CONTENT, "_data/roster.yaml"), "utf8"))
      .replace(/(- id: mei[\s\S]*?receives_reports: )true/, "$1false")
      .replace("    inbox: xdemomei\n", "");
    const folder = await contentFolder({ "_data/roster.yaml": roster });
    try {
      const { content } = await loadContent({ dir: folder.dir, now: NOW });
      const ids = receivingKeyIds(content?.responders ?? []);
      const expected = [
        ...(await encryptionKeyIdsOf("keys/ada.asc")),
        ...(await encryptionKeyIdsOf("keys/tomas.asc")),
      ].sort();
      expect(expected.length).toBeGreaterThanOrEqual(2);
      expect(ids).toEqual(expected);
      for (const id of await encryptionKeyIdsOf("keys/mei.asc")) expect(ids).not.toContain(id);
    } finally {
      await folder.cleanup();
    }
  });

  it("are published by the build, for the hook, in the form the hook reads back", async () => {
    const built = await buildInto(EXAMPLE_CONTENT);
    try {
      const text = await readOut(built.out, urls.receivingKeyIds.slice(1));
      const { content } = await loadContent({ dir: EXAMPLE_CONTENT, now: NOW });
      expect(text).toBe(receivingKeyIdsDocument(content?.responders ?? [], content?.site.form?.id));
      const ids = parseReceivingKeyIds(text);
      expect(ids?.length).toBeGreaterThanOrEqual(3);
      expect(ids).toContain((await encryptionKeyIdsOf("keys/ada.asc"))[0]);
    } finally {
      await built.cleanup();
    }
  });

  it("issue 16: carry the form ids the build knows, so the hook forwards only to them", async () => {
    const roster = (await readFile(join(EXAMPLE_CONTENT, "_data/roster.yaml"), "utf8")).replace(
      "    inbox: xdemotomas\n",
      "",
    );
    const folder = await contentFolder({ "_data/roster.yaml": roster });
    try {
      const { content } = await loadContent({ dir: folder.dir, now: NOW });
      const text = receivingKeyIdsDocument(content?.responders ?? [], "xteamform");
      expect(parseHookDocument(text)?.formIds).toEqual({
        team: "xteamform",
        personal: ["xdemoada", "xdemomei"],
      });
      expect(parseHookDocument(JSON.stringify({ version: 1, receivingKeyIds: [] }))?.formIds).toBeNull();
    } finally {
      await folder.cleanup();
    }
  });

  it("read back as nothing from any other text, so a damaged file never widens what the hook accepts", () => {
    const good = { version: 1, receivingKeyIds: ["0ab87bc91b08015d"] };
    expect(parseReceivingKeyIds(JSON.stringify(good))).toEqual(["0ab87bc91b08015d"]);
    for (const bad of [
      "",
      "not json",
      "[]",
      "null",
      JSON.stringify({ ...good, version: 3 }),
      JSON.stringify({ ...good, version: 2 }),
      JSON.stringify({ ...good, teamFormId: "team" }),
      JSON.stringify({ ...good, version: 2, teamFormId: "team", personalInboxes: ["a/b"] }),
      JSON.stringify({ ...good, version: 2, teamFormId: "../x", personalInboxes: [] }),
      JSON.stringify({ ...good, extra: true }),
      JSON.stringify({ version: 1, receivingKeyIds: "0ab87bc91b08015d" }),
      JSON.stringify({ version: 1, receivingKeyIds: ["0AB87BC91B08015D"] }),
      JSON.stringify({ version: 1, receivingKeyIds: ["0ab87bc91b08015"] }),
      JSON.stringify({ version: 1, receivingKeyIds: [16] }),
    ])
      expect(parseReceivingKeyIds(bad)).toBeNull();
  });
});
