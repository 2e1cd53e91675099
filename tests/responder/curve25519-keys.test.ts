import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decryptKey, enums, generateKey, type PrivateKey, readPrivateKey } from "openpgp";
import { beforeAll, describe, expect, it } from "vitest";
import { listPackets } from "../../src/report/message-packets.ts";
import { type Curve25519Key, readCurve25519Keys } from "../../src/responder/curve25519-keys.ts";
import { curve25519KeysOf } from "../../src/responder/decrypt-messages.ts";
import { KEY_FIXTURES, PROJECT_ROOT } from "../helpers/content-folder.ts";
import { seededRandom } from "../helpers/seeded-random.ts";
import { ADA_PRIVATE, ADA_PUBLIC } from "./encrypted-reports.ts";

/**
 * Issue 11: `confide decrypt` reads a Curve25519 key without openpgp.js. What it reads must be the very
 * key openpgp.js and gpg would use (its id, its fingerprint), and anything it cannot read whole must be
 * counted, so the caller reads the file with openpgp.js instead.
 */

const encode = (text: string) => new TextEncoder().encode(text);
const fixture = (name: string) => readFileSync(join(KEY_FIXTURES, name), "utf8");

/** The id and fingerprint openpgp.js gives the key that decrypts (the ECDH subkey). */
async function encryptionSubkeyOf(armored: string): Promise<{ keyId: string; fingerprint: string }> {
  const key = await readPrivateKey({ armoredKey: armored });
  const subkey = key.subkeys.find((sub) => sub.getAlgorithmInfo().algorithm === "ecdh");
  if (!subkey) throw new Error("the fixture should have an ECDH subkey");
  return { keyId: subkey.getKeyID().toHex(), fingerprint: subkey.getFingerprint() };
}

/** The armor's base64 body decoded: the key as `gpg --export-secret-keys` writes it without --armor. */
function dearmored(armored: string): Uint8Array {
  const lines = armored.trim().split("\n");
  const body = lines.slice(lines.indexOf("") + 1, -1).filter((line) => !line.startsWith("="));
  return new Uint8Array(Buffer.from(body.join(""), "base64"));
}

describe("readCurve25519Keys", () => {
  for (const [name, armored] of [
    ["the demo key Ada's (openpgp.js)", ADA_PRIVATE],
    ["a key gpg made", fixture("gpg-ed25519.sec.asc")],
    ["a key openpgp.js made", fixture("openpgpjs-curve25519.sec.asc")],
  ] as const) {
    it(`reads ${name}: the ECDH subkey's id and fingerprint, as openpgp.js names them`, async () => {
      const ring = readCurve25519Keys({ key: encode(armored) });
      const expected = await encryptionSubkeyOf(armored);
      expect(ring.others).toBe(0);
      expect(ring.keys.map((key) => key.keyId)).toEqual([expected.keyId]);
      expect(Buffer.from(ring.keys[0]?.fingerprint ?? []).toString("hex")).toBe(expected.fingerprint);
      expect(ring.keys[0]?.privateKey.asymmetricKeyType).toBe("x25519");
    });
  }

  it("reads the same key from binary packets, and from an armor with headers and a checksum line", async () => {
    const expected = readCurve25519Keys({ key: encode(ADA_PRIVATE) }).keys.map((key) => key.keyId);
    expect(readCurve25519Keys({ key: dearmored(ADA_PRIVATE) }).keys.map((key) => key.keyId)).toEqual(
      expected,
    );
    const withHeaders = ADA_PRIVATE.replace(
      "-----BEGIN PGP PRIVATE KEY BLOCK-----\n",
      "-----BEGIN PGP PRIVATE KEY BLOCK-----\nComment: exported for the desk\nVersion: GnuPG v2\n",
    );
    expect(withHeaders).not.toBe(ADA_PRIVATE);
    expect(
      readCurve25519Keys({ key: encode(`Ada's key:\r\n${withHeaders}`) }).keys.map((key) => key.keyId),
    ).toEqual(expected);
  });

  it("counts an RSA key as one it cannot read, so openpgp.js reads the file", () => {
    const ring = readCurve25519Keys({ key: encode(fixture("gpg-rsa4096.sec.asc")) });
    expect(ring.keys).toEqual([]);
    expect(ring.others).toBeGreaterThan(0);
  });

  describe("a key protected by a passphrase", () => {
    let locked: PrivateKey;
    let unlocked: PrivateKey;
    beforeAll(async () => {
      ({ privateKey: locked } = await generateKey({
        type: "ecc",
        curve: "curve25519Legacy",
        userIDs: [{ name: "Responder" }],
        passphrase: "correct horse",
        format: "object",
      }));
      unlocked = await decryptKey({ privateKey: locked, passphrase: "correct horse" });
    });

    it("is counted, not read: its secret needs the passphrase (openpgp.js unlocks it)", () => {
      const ring = readCurve25519Keys({ key: locked.write() });
      expect(ring.keys).toEqual([]);
      // The ECDH subkey; the Ed25519 primary only signs and is not counted.
      expect(ring.others).toBe(1);
    });

    it("is read once unlocked (curve25519KeysOf), with the id openpgp.js gives it", () => {
      const keys = curve25519KeysOf({ keys: [unlocked] });
      const subkey = unlocked.subkeys.find(
        (sub) => sub.getAlgorithmInfo().algorithm === enums.read(enums.publicKey, enums.publicKey.ecdh),
      );
      expect(keys.map((key) => key.keyId)).toEqual([subkey?.getKeyID().toHex()]);
    });
  });

  it("reads no key, and counts none, in a public key, an empty file or other text", () => {
    for (const text of [ADA_PUBLIC, "", "not a key", "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n!!!!\n"]) {
      expect(readCurve25519Keys({ key: encode(text) })).toEqual({ keys: [], others: 0 });
    }
    expect(readCurve25519Keys({ key: new Uint8Array([0xff, 0x00, 0x13]) })).toEqual({ keys: [], others: 0 });
  });

  it("does not read a secret whose checksum does not match: it is counted instead", () => {
    const bytes = dearmored(ADA_PRIVATE);
    const secretSubkey = listPackets(bytes)?.find((frame) => frame.tag === 7);
    if (!secretSubkey) throw new Error("Ada's key should have a secret subkey packet");
    // The packet ends with the secret (an MPI) and its two-byte checksum: damage the secret's last byte.
    const damaged = bytes.slice();
    damaged[secretSubkey.end - 3] = (damaged[secretSubkey.end - 3] as number) ^ 0x01;
    expect(readCurve25519Keys({ key: bytes })).toMatchObject({ others: 0, keys: [{}] });
    expect(readCurve25519Keys({ key: damaged })).toEqual({ keys: [], others: 1 });
  });

  it("reads every demo responder key that is Curve25519, and counts the RSA one", () => {
    const demo = (name: string) => readFileSync(join(PROJECT_ROOT, "demo/private-keys", `${name}.sec.asc`));
    expect(readCurve25519Keys({ key: demo("mei") }).keys).toHaveLength(1);
    const tomas = readCurve25519Keys({ key: demo("tomas") });
    expect(tomas.keys).toHaveLength(0);
    expect(tomas.others).toBeGreaterThan(0);
  });
});

describe("readCurve25519Keys on damaged key files (issue 11 review)", () => {
  const adaBytes = dearmored(ADA_PRIVATE);
  const subkeyFrame = listPackets(adaBytes)?.find((frame) => frame.tag === 7);
  /** The X25519 private scalar a read key holds, as Node exports it. */
  const scalarOf = (key: { privateKey: { export(options: { format: "jwk" }): { d?: string } } }) =>
    key.privateKey.export({ format: "jwk" }).d;

  it("never throws on Ada's key cut at every length: it reads her whole key, or none", () => {
    const whole = readCurve25519Keys({ key: adaBytes });
    expect(whole.keys).toHaveLength(1);
    for (let cut = 0; cut < adaBytes.length; cut++) {
      const ring = readCurve25519Keys({ key: adaBytes.subarray(0, cut) });
      // Cut inside a packet, the framing runs past the end: nothing is read, nothing counted.
      if (ring.keys.length > 0) {
        expect(cut, "only a cut after the secret subkey leaves it whole").toBeGreaterThanOrEqual(
          subkeyFrame?.end ?? 0,
        );
        expect(ring.keys.map(scalarOf)).toEqual(whole.keys.map(scalarOf));
      }
    }
  });

  it("reads a secret subkey with any one byte changed as Ada's own secret or not at all", () => {
    if (!subkeyFrame) throw new Error("Ada's key should have a secret subkey packet");
    const adaScalar = scalarOf(readCurve25519Keys({ key: adaBytes }).keys[0] as Curve25519Key);
    const random = seededRandom(0x11_0101);
    let read = 0;
    for (let at = subkeyFrame.start; at < subkeyFrame.end; at++) {
      for (const value of [0x00, 0xff, Math.floor(random() * 256)]) {
        if (adaBytes[at] === value) continue;
        const damaged = adaBytes.slice();
        damaged[at] = value;
        const ring = readCurve25519Keys({ key: damaged });
        // (An algorithm octet turned signing-only is neither read nor counted: it cannot decrypt.)
        expect(ring.keys.length + ring.others, `byte ${at} = ${value}`).toBeLessThanOrEqual(1);
        // A changed public field (time, point) reads as another key (another fingerprint), never as a
        // changed secret: the secret's checksum catches those.
        for (const key of ring.keys) expect(scalarOf(key), `byte ${at} = ${value}`).toBe(adaScalar);
        read += ring.keys.length;
      }
    }
    expect(read, "the creation time and public point are not covered by the checksum").toBeGreaterThan(0);
  });

  it("counts, not reads, a secret stored protected (S2K usage 254, 255, or a cipher id) or of a length it cannot hold", () => {
    if (!subkeyFrame) throw new Error("Ada's key should have a secret subkey packet");
    const body = adaBytes.subarray(subkeyFrame.start, subkeyFrame.end);
    // version, time, algorithm, OID, point MPI, KDF: then the S2K usage octet.
    const usageAt = subkeyFrame.start + 6 + 1 + (body[6] as number) + 2 + 33 + 4;
    expect(adaBytes[usageAt]).toBe(0);
    for (const usage of [1, 7, 9, 253, 254, 255]) {
      const damaged = adaBytes.slice();
      damaged[usageAt] = usage;
      expect(readCurve25519Keys({ key: damaged }), `usage ${usage}`).toEqual({ keys: [], others: 1 });
    }
    for (const bits of [0x0000, 0x00f8, 0x0101, 0x0108, 0xffff]) {
      const damaged = adaBytes.slice();
      damaged[usageAt + 1] = bits >> 8;
      damaged[usageAt + 2] = bits & 0xff;
      expect(readCurve25519Keys({ key: damaged }), `${bits} bits`).toEqual({ keys: [], others: 1 });
    }
  });
});
