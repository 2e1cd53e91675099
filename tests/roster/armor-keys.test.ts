import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { readKey, readKeys, readPrivateKey } from "openpgp";
import { describe, expect, it } from "vitest";
import { armorPublicKeys } from "../../src/roster/armor-keys.ts";
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
