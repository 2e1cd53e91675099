import * as openpgp from "openpgp";
import { describe, expect, it } from "vitest";
import { decoyKey, type KeyShape, keyShape, keysWithDecoys } from "../../src/report/decoy-keys.ts";
import { encryptReport } from "../../src/report/encrypt-report.ts";
import { recipientsOfArmored } from "../../src/report/message-packets.ts";
import { fixtureKey, NOW } from "../helpers/content-folder.ts";

const read = async (name: string) => openpgp.readKey({ armoredKey: (await fixtureKey(name)).armored });

const ed25519 = await read("gpg-ed25519");
const rsa2048 = await read("gpg-rsa2048");
const curve25519 = await read("openpgpjs-curve25519");

describe("keyShape", () => {
  it("reads the algorithm, curve, version and AEAD support of a key's encryption subkey", async () => {
    expect(await keyShape(ed25519)).toEqual({
      algorithm: "ecdh",
      curve: "curve25519Legacy",
      version: 4,
      seipdv2: false,
    });
  });

  it("reads an RSA key's modulus size", async () => {
    expect(await keyShape(rsa2048)).toEqual({
      algorithm: "rsaEncryptSign",
      bits: 2048,
      version: 4,
      seipdv2: false,
    });
  });

  it("takes the newest encryption subkey when a key has several", async () => {
    const { publicKey } = await openpgp.generateKey({
      userIDs: [{ name: "two subkeys" }],
      type: "ecc",
      curve: "ed25519Legacy",
      subkeys: [{ curve: "nistP256" }, { curve: "curve25519Legacy" }],
      format: "object",
    });
    expect(await keyShape(publicKey)).toEqual({
      algorithm: "ecdh",
      curve: "curve25519Legacy",
      version: 4,
      seipdv2: false,
    });
  });

  it("says when a key reads SEIPD v2 (AEAD)", async () => {
    const { publicKey } = await openpgp.generateKey({
      userIDs: [{ name: "aead" }],
      type: "curve25519",
      format: "object",
      config: { aeadProtect: true },
    });
    expect(await keyShape(publicKey)).toEqual({ algorithm: "x25519", version: 4, seipdv2: true });
  });

  it("issue 13: says a v6 key reads SEIPD v2 when its direct-key signature says so", async () => {
    const made = (aeadProtect: boolean) =>
      openpgp.generateKey({
        userIDs: [{ name: "v6" }],
        type: "curve25519",
        format: "object",
        config: { v6Keys: true, aeadProtect },
      });
    expect(await keyShape((await made(true)).publicKey)).toEqual({
      algorithm: "x25519",
      version: 6,
      seipdv2: true,
    });
    expect(await keyShape((await made(false)).publicKey)).toEqual({
      algorithm: "x25519",
      version: 6,
      seipdv2: false,
    });
  });

  it("still gives the shape of a key that expired or lost its encryption subkey's validity", async () => {
    expect(await keyShape(await read("gpg-expired"))).toMatchObject({ algorithm: "ecdh", version: 4 });
    expect(await keyShape(await read("gpg-subkey-expired"))).toMatchObject({ algorithm: "ecdh", version: 4 });
  });

  it("refuses a key that cannot encrypt at all, naming its key id", async () => {
    const signOnly = await read("gpg-sign-only");
    await expect(keyShape(signOnly)).rejects.toThrow(
      `the key ${signOnly.getKeyID().toHex()} has no encryption key`,
    );
  });
});

describe("decoyKey", () => {
  it("makes a public key of the same shape, created at the time given, with no private half", async () => {
    const shape = await keyShape(ed25519);
    const decoy = await decoyKey(shape, NOW);
    expect(decoy.isPrivate()).toBe(false);
    expect(await keyShape(decoy)).toEqual(shape);
    expect(decoy.getCreationTime()).toEqual(NOW);
    expect(decoy.getFingerprint()).not.toBe(ed25519.getFingerprint());
    expect(decoy.users.map((user) => user.userID?.userID)).toEqual(["decoy"]);
  });

  it("matches an RSA key's size", async () => {
    const shape = await keyShape(rsa2048);
    expect(await keyShape(await decoyKey(shape, NOW))).toEqual(shape);
  });

  it("is a new key each time", async () => {
    const shape = await keyShape(ed25519);
    const [first, second] = await Promise.all([decoyKey(shape, NOW), decoyKey(shape, NOW)]);
    expect(first.getFingerprint()).not.toBe(second.getFingerprint());
  });

  it("matches a v6 key, with or without AEAD", async () => {
    for (const seipdv2 of [false, true]) {
      const shape: KeyShape = { algorithm: "x25519", version: 6, seipdv2 };
      expect(await keyShape(await decoyKey(shape))).toEqual(shape);
    }
  });

  it("refuses a shape it cannot make, by algorithm", async () => {
    await expect(decoyKey({ algorithm: "elgamal", version: 4, seipdv2: false })).rejects.toThrow(
      "a decoy cannot be made for elgamal keys",
    );
    await expect(decoyKey({ algorithm: "ecdh", version: 4, seipdv2: false })).rejects.toThrow(
      "a decoy cannot be made for ecdh keys",
    );
  });
});

describe("keysWithDecoys", () => {
  const places = [ed25519, rsa2048, curve25519];

  it("keeps each reader's own key in its place and puts a decoy of the same shape in every other", async () => {
    const keys = await keysWithDecoys({ places, readers: new Set([1]), now: NOW });
    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(rsa2048);
    for (const index of [0, 2]) {
      expect(keys[index]?.getFingerprint()).not.toBe(places[index]?.getFingerprint());
      expect(keys[index]?.isPrivate()).toBe(false);
      expect(await keyShape(keys[index] as openpgp.Key)).toEqual(
        await keyShape(places[index] as openpgp.Key),
      );
    }
    // Places 0 and 2 have the same shape: one decoy made for both.
    expect(keys[0]).toBe(keys[2]);
  });

  it("returns the places unchanged when everyone reads the copy, and only decoys when no one does", async () => {
    const all = await keysWithDecoys({ places, readers: new Set([0, 1, 2]), now: NOW });
    expect(all).toEqual(places);
    const none = await keysWithDecoys({ places: [ed25519], readers: new Set(), now: NOW });
    expect(none[0]).not.toBe(ed25519);
    expect(await keysWithDecoys({ places: [], readers: new Set() })).toEqual([]);
  });

  it("gives copies whose recipient packets are alike whoever reads them", async () => {
    const shapeOf = async (readers: number[]) => {
      const keys = await keysWithDecoys({ places, readers: new Set(readers), now: NOW });
      const ciphertext = await encryptReport({
        plaintext: "r",
        recipientKeys: keys,
        hideRecipients: true,
        now: NOW,
      });
      // Not the length: an RSA packet's number is a byte shorter now and then, whoever it is for.
      return recipientsOfArmored(ciphertext)?.map(({ version, algorithm, keyId }) => ({
        version,
        algorithm,
        keyId,
      }));
    };
    // Readers 0 and 2 (a decoy for the RSA key), then reader 1 (the RSA key, decoys for the others).
    const first = await shapeOf([0, 2]);
    expect(first).toHaveLength(3);
    expect(await shapeOf([1])).toEqual(first);
  });
});
