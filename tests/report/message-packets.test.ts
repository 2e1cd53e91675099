import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as openpgp from "openpgp";
import { describe, expect, it } from "vitest";
import { encryptReport } from "../../src/report/encrypt-report.ts";
import {
  dearmorMessage,
  listPackets,
  PACKET_TAG,
  recipientPackets,
  recipientsOfArmored,
  WILDCARD_KEY_ID,
} from "../../src/report/message-packets.ts";
import { EXAMPLE_CONTENT } from "../helpers/content-folder.ts";

const key = (id: string) => readFile(join(EXAMPLE_CONTENT, `keys/${id}.asc`), "utf8");

/** An armored message from raw packet bytes, for framings openpgp would not write. */
function armor(bytes: readonly number[]): string {
  const base64 = btoa(String.fromCharCode(...bytes));
  return `-----BEGIN PGP MESSAGE-----\n\n${base64}\n-----END PGP MESSAGE-----\n`;
}

describe("the recipient packets of a message", () => {
  it("are hidden (the wildcard key id) in a report from encryptReport with hideRecipients, one per recipient", async () => {
    const ciphertext = await encryptReport({
      plaintext: "report",
      recipientKeys: [await key("ada"), await key("tomas"), await key("mei")],
      hideRecipients: true,
    });
    const recipients = recipientsOfArmored(ciphertext);
    expect(recipients?.map((r) => [r.version, r.keyId])).toEqual([
      [3, WILDCARD_KEY_ID],
      [3, WILDCARD_KEY_ID],
      [3, WILDCARD_KEY_ID],
    ]);
  });

  it("name each recipient's encryption subkey when the sender does not hide them", async () => {
    const keys = [await key("ada"), await key("tomas")];
    const ciphertext = await openpgp.encrypt({
      message: await openpgp.createMessage({ binary: new Uint8Array([1, 2, 3]) }),
      encryptionKeys: await Promise.all(keys.map((armoredKey) => openpgp.readKey({ armoredKey }))),
    });
    // openpgp encrypts to each key's newest valid encryption key.
    const expected = await Promise.all(
      keys.map(async (armoredKey) =>
        (await (await openpgp.readKey({ armoredKey })).getEncryptionKey()).getKeyID().toHex(),
      ),
    );
    expect(recipientsOfArmored(ciphertext)?.map((r) => r.keyId)).toEqual(expected);
    // ECDH (18) for Adaeze's curve25519 subkey, RSA (1) for Tomás's.
    expect(recipientsOfArmored(ciphertext)?.map((r) => r.algorithm)).toEqual([18, 1]);
  });

  it("reads v6 session-key packets (before SEIPD v2): the key's id from its fingerprint, or none when anonymous", () => {
    // openpgp 6 writes v3 session-key packets even for v6 keys, so these are written by hand
    // (RFC 9580 §5.1.2: version 6, the length of key version + fingerprint, both, the algorithm, …).
    const v4Fingerprint = Array.from({ length: 20 }, (_, i) => i + 1);
    const v6Fingerprint = Array.from({ length: 32 }, (_, i) => 0xa0 + i);
    const named = (keyVersion: number, fingerprint: number[]) => [
      6,
      1 + fingerprint.length,
      keyVersion,
      ...fingerprint,
      25,
      0xee,
    ];
    const packet = (body: number[]) => [0xc1, body.length, ...body];
    const message = armor([
      ...packet(named(4, v4Fingerprint)),
      ...packet(named(6, v6Fingerprint)),
      ...packet([6, 0, 25, 0xee]),
    ]);
    expect(recipientsOfArmored(message)).toEqual([
      { version: 6, keyId: "0d0e0f1011121314", algorithm: 25 },
      { version: 6, keyId: "a0a1a2a3a4a5a6a7", algorithm: 25 },
      { version: 6, keyId: null, algorithm: 25 },
    ]);
  });

  it("lists the top-level packets in order, both header formats and partial lengths included", async () => {
    const ciphertext = await encryptReport({
      plaintext: "x".repeat(20_000),
      recipientKeys: [await key("mei")],
    });
    const dearmored = dearmorMessage(ciphertext);
    if (dearmored.kind !== "binary") throw new Error(dearmored.kind);
    expect(listPackets(dearmored.bytes)?.map((f) => f.tag)).toEqual([
      PACKET_TAG.publicKeyEncryptedSessionKey,
      PACKET_TAG.symEncryptedIntegrityProtectedData,
    ]);
    // Old format (tag 11 literal, one-byte length), then a new-format partial-length packet of two chunks.
    const bytes = [0xac, 2, 0x62, 0x00, 0xd2, 0xe1, 0xaa, 0xbb, 0x01, 0xcc];
    expect(listPackets(new Uint8Array(bytes))).toEqual([
      { tag: PACKET_TAG.literalData, start: 2, end: 4, partial: false },
      { tag: PACKET_TAG.symEncryptedIntegrityProtectedData, start: 6, end: 10, partial: true },
    ]);
  });

  it("gives null, not a guess, for framing that runs past the end or a session-key packet cut short", () => {
    expect(listPackets(new Uint8Array([0xc1, 10, 3]))).toBeNull();
    expect(listPackets(new Uint8Array([0x01]))).toBeNull();
    expect(recipientPackets(new Uint8Array([0xc1, 3, 3, 0, 0]))).toBeNull();
    expect(recipientsOfArmored(armor([0xc1, 3, 3, 0, 0]))).toBeNull();
  });

  it("refuses armor that is not a message, carries headers, or is damaged", () => {
    expect(dearmorMessage("hello").kind).toBe("not-armored");
    expect(
      dearmorMessage("-----BEGIN PGP MESSAGE-----\nComment: hi\n\nAAAA\n-----END PGP MESSAGE-----").kind,
    ).toBe("armor-headers");
    expect(dearmorMessage("-----BEGIN PGP MESSAGE-----\n\n!!!!\n-----END PGP MESSAGE-----").kind).toBe(
      "damaged",
    );
    expect(dearmorMessage(armor([0xc1, 3, 3, 0, 0])).kind).toBe("binary");
  });
});
