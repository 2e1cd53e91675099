import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { readKey, readKeys, readPrivateKey } from "openpgp";
import { describe, expect, it } from "vitest";
import { armorPublicKeyBlocks, armorPublicKeys } from "../../src/roster/armor-keys.ts";
import { EXAMPLE_CONTENT, fixtureKey } from "../helpers/content-folder.ts";

const exampleKey = async (id: string) =>
  readKey({ armoredKey: await readFile(join(EXAMPLE_CONTENT, `keys/${id}.asc`), "utf8") });

describe("armorPublicKeys", () => {
  it("writes several keys as ONE armor block that openpgp reads back whole, fingerprints in order", async () => {
    const keys = [await exampleKey("ada"), await exampleKey("tomas"), await exampleKey("mei")];
    const armored = armorPublicKeys(keys);
    expect(armored.match(/-----BEGIN PGP PUBLIC KEY BLOCK-----/g)).toHaveLength(1);
    expect(armored.endsWith("-----END PGP PUBLIC KEY BLOCK-----\n")).toBe(true);
    const read = await readKeys({ armoredKeys: armored });
    expect(read.map((key) => key.getFingerprint())).toEqual(keys.map((key) => key.getFingerprint()));
  });

  it("writes lines of 64 characters and the RFC 4880 CRC-24 checksum", async () => {
    const armored = armorPublicKeys([await exampleKey("ada")]);
    const lines = armored.trimEnd().split("\n");
    const body = lines.slice(2, -2);
    expect(body.every((line) => line.length <= 64)).toBe(true);
    expect(lines.at(-2)).toMatch(/^=[A-Za-z0-9+/]{4}$/);
    // The CRC-24 of no bytes at all is its initial value, 0xB704CE (RFC 4880 §6.1): "twTO" in base64.
    expect(armorPublicKeys([]).split("\n").at(-3)).toBe("=twTO");
  });

  it("refuses a private key: its output is published", async () => {
    const fixture = await fixtureKey("gpg-ed25519");
    const privateKey = await readPrivateKey({ armoredKey: fixture.armoredPrivate ?? "" });
    expect(() => armorPublicKeys([privateKey])).toThrow("armorPublicKeys only publishes public keys");
  });
});

describe("armorPublicKeyBlocks (issue 11: the keyring without parsing the keys again)", () => {
  it("gives byte for byte the block armorPublicKeys gives from the parsed keys", async () => {
    const keys = [await exampleKey("ada"), await exampleKey("tomas"), await exampleKey("mei")];
    const blocks = keys.map((key) => key.toPublic().armor());
    expect(armorPublicKeyBlocks(blocks)).toBe(armorPublicKeys(keys));
    expect(armorPublicKeyBlocks([])).toBe(armorPublicKeys([]));
  });

  it("refuses a private key block: its output is published", async () => {
    const fixture = await fixtureKey("gpg-ed25519");
    expect(() => armorPublicKeyBlocks([fixture.armoredPrivate ?? ""])).toThrow(
      "armorPublicKeyBlocks only publishes public key blocks",
    );
  });

  it("refuses a block whose checksum does not match its bytes", async () => {
    // openpgp.js 6 writes no checksum line; this writer does, and a damaged block with one is refused.
    const block = armorPublicKeys([await exampleKey("ada")]);
    expect(armorPublicKeyBlocks([block])).toBe(block);
    const lines = block.trimEnd().split("\n");
    const body = lines.findIndex((line, index) => index > 1 && line.length === 64);
    const line = lines[body] ?? "";
    lines[body] = `${line.slice(0, 10)}${line[10] === "A" ? "B" : "A"}${line.slice(11)}`;
    expect(() => armorPublicKeyBlocks([lines.join("\n")])).toThrow("its checksum does not match");
  });
});
