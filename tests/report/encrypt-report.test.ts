import * as openpgp from "openpgp";
import { describe, expect, it } from "vitest";
import { encryptReport } from "../../src/report/encrypt-report.ts";
import { recipientsOfArmored } from "../../src/report/message-packets.ts";
import { fixtureKey, NOW } from "../helpers/content-folder.ts";
import { encryptionKeyIdsOfKey, recipientKeyIds, WILDCARD_KEY_ID } from "../helpers/recipient-packets.ts";

const ed25519 = await fixtureKey("gpg-ed25519");
const rsa4096 = await fixtureKey("gpg-rsa4096");
const expired = await fixtureKey("gpg-expired");

/** Decrypts with one fixture's private key; the plaintext as the bytes were encrypted, read as UTF-8. */
async function decryptWith(armoredPrivate: string | null, armoredMessage: string): Promise<string> {
  if (!armoredPrivate) throw new Error("this fixture has no private key");
  const { data } = await openpgp.decrypt({
    message: await openpgp.readMessage({ armoredMessage }),
    decryptionKeys: await openpgp.readPrivateKey({ armoredKey: armoredPrivate }),
    format: "binary",
    date: NOW,
  });
  return new TextDecoder().decode(data as Uint8Array);
}

/** The id of the (sub)key openpgp encrypts to at NOW (the RSA fixture's primary key could encrypt too). */
async function encryptionKeyIdAt(armoredKey: string): Promise<string> {
  const key = await openpgp.readKey({ armoredKey });
  const id = (await key.getEncryptionKey(undefined, NOW)).getKeyID().toHex();
  expect(await encryptionKeyIdsOfKey(armoredKey)).toContain(id);
  return id;
}

describe("encryptReport", () => {
  it("gives a message each recipient opens with their own private key, byte for byte", async () => {
    const plaintext = "Report\n\nWhat happened:\nSomeone said «nope» — 日本語, عربي, 🙂\r\nend";
    const ciphertext = await encryptReport({
      plaintext,
      recipientKeys: [ed25519.armored, rsa4096.armored],
      now: NOW,
    });
    expect(ciphertext.startsWith("-----BEGIN PGP MESSAGE-----")).toBe(true);
    expect(ciphertext).not.toContain("nope");
    expect(await decryptWith(ed25519.armoredPrivate, ciphertext)).toBe(plaintext);
    expect(await decryptWith(rsa4096.armoredPrivate, ciphertext)).toBe(plaintext);
  });

  it("writes one recipient packet per key, in the order given, naming each key's encryption subkey", async () => {
    const ciphertext = await encryptReport({
      plaintext: "report",
      recipientKeys: [rsa4096.armored, ed25519.armored],
      now: NOW,
    });
    expect(recipientKeyIds(ciphertext)).toEqual([
      await encryptionKeyIdAt(rsa4096.armored),
      await encryptionKeyIdAt(ed25519.armored),
    ]);
  });

  it("hides every recipient's key id when asked to, and still opens", async () => {
    const ciphertext = await encryptReport({
      plaintext: "hidden",
      recipientKeys: [ed25519.armored, rsa4096.armored],
      now: NOW,
      hideRecipients: true,
    });
    expect(recipientKeyIds(ciphertext)).toEqual([WILDCARD_KEY_ID, WILDCARD_KEY_ID]);
    expect(await decryptWith(rsa4096.armoredPrivate, ciphertext)).toBe("hidden");
  });

  it("accepts keys already parsed, as well as armored text", async () => {
    const parsed = await openpgp.readKey({ armoredKey: ed25519.armored });
    const ciphertext = await encryptReport({ plaintext: "parsed", recipientKeys: [parsed], now: NOW });
    expect(await decryptWith(ed25519.armoredPrivate, ciphertext)).toBe("parsed");
  });

  it("encrypts binary data, so the ciphertext's length does not grow with the number of lines", async () => {
    // A text message would turn each LF into CRLF: 2,000 more bytes for the first plaintext.
    const lines = "a\n".repeat(2000);
    const noLines = "ab".repeat(2000);
    const withLines = await encryptReport({ plaintext: lines, recipientKeys: [ed25519.armored], now: NOW });
    const without = await encryptReport({ plaintext: noLines, recipientKeys: [ed25519.armored], now: NOW });
    expect(withLines.length).toBe(without.length);
    expect(await decryptWith(ed25519.armoredPrivate, withLines)).toBe(lines);
  });

  it("encrypts an empty report and a large one", async () => {
    const empty = await encryptReport({ plaintext: "", recipientKeys: [ed25519.armored], now: NOW });
    expect(await decryptWith(ed25519.armoredPrivate, empty)).toBe("");
    const large = "x".repeat(1024 * 1024);
    const big = await encryptReport({ plaintext: large, recipientKeys: [ed25519.armored], now: NOW });
    expect(await decryptWith(ed25519.armoredPrivate, big)).toBe(large);
  });

  it("checks the keys at the moment given: an expired key is refused now and accepted while it was valid", async () => {
    await expect(
      encryptReport({ plaintext: "late", recipientKeys: [expired.armored], now: NOW }),
    ).rejects.toThrow(/expired|valid/i);
    const whileValid = await encryptReport({
      plaintext: "in time",
      recipientKeys: [expired.armored],
      now: new Date("2020-06-01T00:00:00Z"),
    });
    expect(recipientKeyIds(whileValid)).toHaveLength(1);
  });

  it("takes the cipher suite from cipherSuiteKeys when given, instead of from the recipients", async () => {
    // A key that reads SEIPD v2 (AEAD): a message only to it is SEIPD v2, with v6 session-key packets.
    const { publicKey: aead, privateKey: aeadPrivate } = await openpgp.generateKey({
      userIDs: [{ name: "aead" }],
      type: "curve25519",
      date: new Date("2026-11-01T00:00:00Z"),
      config: { aeadProtect: true },
    });
    const versions = (armored: string) => recipientsOfArmored(armored)?.map((packet) => packet.version);
    const plain = (recipientKeys: string[], cipherSuiteKeys?: string[]) =>
      encryptReport({
        plaintext: "suite",
        recipientKeys,
        now: NOW,
        ...(cipherSuiteKeys ? { cipherSuiteKeys } : {}),
      });
    expect(versions(await plain([aead]))).toEqual([6]);
    expect(versions(await plain([ed25519.armored]))).toEqual([3]);
    // The same recipients, the other suite: the packets follow cipherSuiteKeys, and the reader still opens it.
    const asAead = await plain([ed25519.armored], [aead]);
    expect(versions(asAead)).toEqual([6]);
    expect(await decryptWith(ed25519.armoredPrivate, asAead)).toBe("suite");
    const asV1 = await plain([aead], [ed25519.armored]);
    expect(versions(asV1)).toEqual([3]);
    expect(await decryptWith(aeadPrivate, asV1)).toBe("suite");
  });

  it("refuses an unknown option by name, and a report with no recipient", async () => {
    await expect(
      encryptReport({ plaintext: "x", recipientKeys: [ed25519.armored], wildcard: true } as never),
    ).rejects.toThrow(
      "encryptReport: unknown option wildcard (known: plaintext, recipientKeys, now, hideRecipients, cipherSuiteKeys)",
    );
    await expect(encryptReport({ plaintext: "x", recipientKeys: [] })).rejects.toThrow(
      "encryptReport: at least one recipient key is needed",
    );
  });
});
