import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/load-content.ts";
import { inspectKey } from "../../src/roster/inspect-key.ts";
import {
  parseReceivingKeyIds,
  parseReceivingKeysDocument,
  receiverCount,
  receivingKeyIds,
  receivingKeyIdsDocument,
} from "../../src/roster/receiving-key-ids.ts";
import { urls } from "../../src/site/urls.ts";
import { readOut } from "../helpers/built-site.ts";
import { contentFolder, EXAMPLE_CONTENT, KEY_FIXTURES, NOW } from "../helpers/content-folder.ts";
import { runProcess } from "../helpers/process.ts";
import { sharedExampleSite } from "../helpers/run-resources.ts";

/**
 * The ids of a key file's parts that can encrypt, as GnuPG reads the key (its own capability letters,
 * "e" in the 12th field of `--with-colons`): an oracle independent of src/roster and openpgp.js.
 */
async function encryptionKeyIdsOf(file: string): Promise<string[]> {
  const path = file.startsWith("/") ? file : join(EXAMPLE_CONTENT, file);
  const { stdout } = await runProcess("gpg", ["--batch", "--show-keys", "--with-colons", path]);
  return stdout
    .split("\n")
    .map((line) => line.split(":"))
    .filter((fields) => (fields[0] === "pub" || fields[0] === "sub") && fields[11]?.includes("e"))
    .map((fields) => (fields[4] ?? "").toLowerCase());
}

describe("the receiving key ids", () => {
  it("issue 10: leave out a primary key that is flagged for signing only, though its algorithm could encrypt", async () => {
    const file = join(KEY_FIXTURES, "gpg-rsa4096.pub.asc");
    const inspected = await inspectKey({
      armored: await readFile(file, "utf8"),
      fileName: "keys/rsa.asc",
      now: NOW,
      warnDays: 30,
    });
    const { stdout } = await runProcess("gpg", ["--batch", "--show-keys", "--with-colons", file]);
    const primary = /^pub:[^:]*:[^:]*:[^:]*:([0-9A-F]{16}):/m.exec(stdout)?.[1]?.toLowerCase();
    expect(primary).toBe("37665a3479aa83cf");
    expect(inspected.facts?.encryptionKeyIds).toEqual(await encryptionKeyIdsOf(file));
    expect(inspected.facts?.encryptionKeyIds).toHaveLength(1);
    expect(inspected.facts?.encryptionKeyIds).not.toContain(primary);
  });

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
      // Issue 10: the hook bounds the recipients a message may name by the receivers.
      expect(receiverCount(content?.responders ?? [])).toBe(2);
    } finally {
      await folder.cleanup();
    }
  });

  it("are published by the build, for the hook, in the form the hook reads back", async () => {
    const text = await readOut(
      await sharedExampleSite({ formEndpoint: "site" }),
      urls.receivingKeyIds.slice(1),
    );
    const { content } = await loadContent({ dir: EXAMPLE_CONTENT, now: NOW });
    expect(text).toBe(receivingKeyIdsDocument(content?.responders ?? [], content?.site.form?.id));
    const ids = parseReceivingKeyIds(text);
    expect(ids?.length).toBeGreaterThanOrEqual(3);
    expect(ids).toContain((await encryptionKeyIdsOf("keys/ada.asc"))[0]);
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
      expect(parseReceivingKeysDocument(text)?.formIds).toEqual({
        team: "xteamform",
        personal: ["xdemoada", "xdemomei"],
      });
      expect(
        parseReceivingKeysDocument(JSON.stringify({ version: 1, receivingKeyIds: [], receivers: 2 }))
          ?.formIds,
      ).toBeNull();
    } finally {
      await folder.cleanup();
    }
  });

  it("read back as nothing from any other text, so a damaged file never widens what the hook accepts", () => {
    const good = { version: 1, receivingKeyIds: ["0ab87bc91b08015d"], receivers: 2 };
    expect(parseReceivingKeyIds(JSON.stringify(good))).toEqual(["0ab87bc91b08015d"]);
    expect(parseReceivingKeysDocument(JSON.stringify(good))).toEqual({
      receivingKeyIds: ["0ab87bc91b08015d"],
      receivers: 2,
      formIds: null,
    });
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
      JSON.stringify({ version: 1, receivingKeyIds: ["0ab87bc91b08015d"] }),
      JSON.stringify({ ...good, receivers: 0 }),
      JSON.stringify({ ...good, receivers: "2" }),
      JSON.stringify({ ...good, receivers: 1.5 }),
    ])
      expect(parseReceivingKeyIds(bad)).toBeNull();
  });
});
