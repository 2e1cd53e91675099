import * as openpgp from "openpgp";
import { beforeAll, describe, expect, it } from "vitest";
import {
  MAX_CIPHERTEXT_BYTES,
  type SubmissionValidation,
  validateSubmission,
} from "../../src/report/validate-submission.ts";
import { fixtureKey, NOW } from "../helpers/content-folder.ts";

const SECRET = "The secret words of the report";
const REFERENCE = "R-7K2M-9QXD";

let ed25519: openpgp.PublicKey;
let rsa: openpgp.PublicKey;
let ed25519Id: string;
let rsaId: string;
/** A key generated here: it can sign, and it advertises SEIPD v2 (RFC 9580 AEAD encryption). */
let generated: openpgp.PrivateKey;

beforeAll(async () => {
  ed25519 = await openpgp.readKey({ armoredKey: (await fixtureKey("gpg-ed25519")).armored });
  rsa = await openpgp.readKey({ armoredKey: (await fixtureKey("openpgpjs-rsa4096")).armored });
  ed25519Id = (await ed25519.getEncryptionKey(undefined, NOW)).getKeyID().toHex();
  rsaId = (await rsa.getEncryptionKey(undefined, NOW)).getKeyID().toHex();
  ({ privateKey: generated } = await openpgp.generateKey({
    userIDs: [{ name: "Test Responder", email: "test@fixtures.example" }],
    date: NOW,
    format: "object",
    config: { aeadProtect: true },
  }));
});

function message(text = SECRET) {
  return openpgp.createMessage({ text, date: NOW });
}

async function encrypted(
  options: { keys?: openpgp.PublicKey[]; wildcard?: boolean; aead?: boolean } = {},
): Promise<string> {
  return openpgp.encrypt({
    message: await message(),
    encryptionKeys: options.keys ?? [ed25519],
    wildcard: options.wildcard ?? true,
    date: NOW,
    config: { aeadProtect: options.aead ?? false },
  });
}

function body(ciphertext: string, extra: Record<string, unknown> = {}) {
  return { ciphertext, reference: REFERENCE, version: "1", _gotcha: "", ...extra };
}

/** The packet classes of an armored message, as openpgp parses them. */
async function packetNames(armored: string): Promise<string[]> {
  const parsed = await openpgp.readMessage({ armoredMessage: armored });
  return parsed.packets.map((packet) => packet.constructor.name);
}

/**
 * Armors a message. openpgp types `armor()` as a string, but for messages holding data packets it returns
 * its internal ArrayStream, read here to the end.
 */
async function armor(message: { armor(): string }): Promise<string> {
  const armored: unknown = message.armor();
  if (typeof armored === "string") return armored;
  const reader = (armored as ReadableStream<string>).getReader();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += value;
  }
}

/** An armored message made of the given packets, in order (to build sequences openpgp would not write). */
function armorPackets(...packets: openpgp.AnyPacket[]): Promise<string> {
  const list = new openpgp.PacketList<openpgp.AnyPacket>();
  list.push(...packets);
  return armor(new openpgp.Message(list));
}

function expectRefused(
  result: SubmissionValidation,
  status: 400 | 413 | 422,
  code: string,
): asserts result is SubmissionValidation & { kind: "invalid" } {
  expect(result).toMatchObject({ kind: "invalid", status });
  expect((result as { errors?: unknown[] }).errors).toContainEqual(expect.objectContaining({ code }));
}

describe("validateSubmission accepts", () => {
  it("a message encrypted to hidden recipients (wildcard key ids)", async () => {
    const ciphertext = await encrypted({ keys: [ed25519, rsa] });
    expect(await packetNames(ciphertext)).toEqual([
      "PublicKeyEncryptedSessionKeyPacket",
      "PublicKeyEncryptedSessionKeyPacket",
      "SymEncryptedIntegrityProtectedDataPacket",
    ]);
    const result = await validateSubmission(body(ciphertext), {});
    expect(result).toEqual({ kind: "valid", submission: body(ciphertext) });
  });

  it("a message with hidden recipients when the roster's key ids are given", async () => {
    const result = await validateSubmission(body(await encrypted()), { receivingKeyIds: [rsaId] });
    expect(result.kind).toBe("valid");
  });

  it("a message that names recipients when each is one of the roster's encryption subkeys", async () => {
    const ciphertext = await encrypted({ keys: [ed25519, rsa], wildcard: false });
    const result = await validateSubmission(body(ciphertext), {
      receivingKeyIds: [ed25519Id, rsaId.toUpperCase()],
    });
    expect(result.kind).toBe("valid");
  });

  it("an RFC 9580 message (v6 session keys and SEIPD v2), hidden or named", async () => {
    const hidden = await encrypted({ keys: [generated.toPublic()], aead: true });
    const named = await encrypted({ keys: [generated.toPublic()], aead: true, wildcard: false });
    const generatedId = (await generated.getEncryptionKey(undefined, NOW)).getKeyID().toHex();
    const parsed = await openpgp.readMessage({ armoredMessage: hidden });
    expect(parsed.packets.map((packet) => (packet as unknown as { version: number }).version)).toEqual([
      6, 2,
    ]);
    expect((await validateSubmission(body(hidden))).kind).toBe("valid");
    expect((await validateSubmission(body(named), { receivingKeyIds: [generatedId] })).kind).toBe("valid");
  });

  it("a submission without the honeypot field", async () => {
    const { _gotcha, ...rest } = body(await encrypted());
    expect(await validateSubmission(rest)).toEqual({ kind: "valid", submission: rest });
  });
});

describe("validateSubmission refuses a ciphertext that is", () => {
  it("a plaintext literal message, saying it was not encrypted and nothing was stored", async () => {
    const plaintext = (await message()).armor();
    expect(await packetNames(plaintext)).toEqual(["LiteralDataPacket"]);
    const result = await validateSubmission(body(plaintext));
    expectRefused(result, 422, "NOT_ENCRYPTED");
    expect(result.errors).toEqual([
      {
        code: "NOT_ENCRYPTED",
        field: "ciphertext",
        message: "The report was not encrypted, so it was not accepted: nothing was stored.",
      },
    ]);
  });

  it("a signed but unencrypted message", async () => {
    const signed = await openpgp.sign({ message: await message(), signingKeys: generated, date: NOW });
    // openpgp stops listing packets after the first data packet: the trailing signature stays unread.
    expect(await packetNames(signed)).toEqual(["OnePassSignaturePacket", "LiteralDataPacket"]);
    expectRefused(await validateSubmission(body(signed)), 422, "NOT_ENCRYPTED");
  });

  it("a compressed plaintext", async () => {
    // Message#compress exists at run time but is missing from openpgp's typings.
    const plain = (await message()) as unknown as { compress(algorithm: number): { armor(): string } };
    const compressed = await armor(plain.compress(openpgp.enums.compression.zlib));
    expect(await packetNames(compressed)).toEqual(["CompressedDataPacket"]);
    expectRefused(await validateSubmission(body(compressed)), 422, "NOT_ENCRYPTED");
  });

  it("encrypted with a password instead of the responders' keys", async () => {
    const withPassword = await openpgp.encrypt({ message: await message(), passwords: ["hunter2"] });
    expect(await packetNames(withPassword)).toEqual([
      "SymEncryptedSessionKeyPacket",
      "SymEncryptedIntegrityProtectedDataPacket",
    ]);
    expectRefused(await validateSubmission(body(withPassword)), 422, "PASSWORD_ENCRYPTED");
    const both = await openpgp.encrypt({
      message: await message(),
      encryptionKeys: ed25519,
      passwords: ["hunter2"],
      wildcard: true,
      date: NOW,
    });
    expectRefused(await validateSubmission(body(both)), 422, "PASSWORD_ENCRYPTED");
  });

  it("an armored public key", async () => {
    const { armored } = await fixtureKey("gpg-ed25519");
    expectRefused(await validateSubmission(body(armored)), 422, "NOT_ENCRYPTED");
  });

  it("plain text, or text around a real message", async () => {
    expectRefused(await validateSubmission(body(SECRET)), 422, "NOT_ENCRYPTED");
    const ciphertext = await encrypted();
    expectRefused(await validateSubmission(body(`${SECRET}\n${ciphertext}`)), 422, "NOT_ENCRYPTED");
    expectRefused(await validateSubmission(body(`${ciphertext}\n${SECRET}\n`)), 422, "DAMAGED_CIPHERTEXT");
  });

  it("armor around random bytes", async () => {
    for (let i = 0; i < 50; i++) {
      const bytes = crypto.getRandomValues(new Uint8Array(200 + i));
      const armored = openpgp.armor(openpgp.enums.armor.message, bytes);
      const result = await validateSubmission(body(armored));
      expect(result.kind, `random armor #${i}`).toBe("invalid");
    }
    const notPackets = openpgp.armor(openpgp.enums.armor.message, new TextEncoder().encode(SECRET));
    expectRefused(await validateSubmission(body(notPackets)), 422, "DAMAGED_CIPHERTEXT");
  });

  it("truncated, with or without its last line", async () => {
    const ciphertext = await encrypted({ keys: [rsa] });
    const half = ciphertext.slice(0, ciphertext.length / 2);
    expectRefused(await validateSubmission(body(half)), 422, "DAMAGED_CIPHERTEXT");
    const lines = ciphertext.trimEnd().split("\n");
    const shortened = [...lines.slice(0, 4), ...lines.slice(-2)].join("\n");
    expectRefused(await validateSubmission(body(shortened)), 422, "DAMAGED_CIPHERTEXT");
  });

  it("carrying readable armor headers", async () => {
    const ciphertext = await encrypted();
    const commented = ciphertext.replace(
      "-----BEGIN PGP MESSAGE-----\n",
      `-----BEGIN PGP MESSAGE-----\nComment: ${SECRET}\n`,
    );
    expect((await openpgp.readMessage({ armoredMessage: commented })).packets).toHaveLength(2);
    expectRefused(await validateSubmission(body(commented)), 422, "ARMOR_HEADERS");
  });

  it("a real message with a packet openpgp would silently skip (a marker packet)", async () => {
    const ciphertext = await encrypted();
    const parsed = await openpgp.readMessage({ armoredMessage: ciphertext });
    const withMarker = await armorPackets(new openpgp.MarkerPacket(), ...parsed.packets);
    expect(await packetNames(withMarker)).toEqual(await packetNames(ciphertext));
    expectRefused(await validateSubmission(body(withMarker)), 422, "UNEXPECTED_CONTENT");
  });

  it("a real message followed by readable data", async () => {
    const parsed = await openpgp.readMessage({ armoredMessage: await encrypted() });
    const trailing = await armorPackets(...parsed.packets, ...(await message()).packets);
    const result = await validateSubmission(body(trailing));
    expectRefused(result, 422, "NOT_ENCRYPTED");
    expect(result.errors[0]?.message).toBe(
      "Part of the report was not encrypted, so it was not accepted: nothing was stored.",
    );
  });

  it("two encrypted messages one after the other", async () => {
    const first = await openpgp.readMessage({ armoredMessage: await encrypted() });
    const second = await openpgp.readMessage({ armoredMessage: await encrypted() });
    const twice = await armorPackets(...first.packets, ...second.packets);
    expectRefused(await validateSubmission(body(twice)), 422, "UNEXPECTED_CONTENT");
  });

  it("encrypted data with no session key for anyone", async () => {
    const parsed = await openpgp.readMessage({ armoredMessage: await encrypted() });
    const dataOnly = await armorPackets(...parsed.packets.slice(1));
    expectRefused(await validateSubmission(body(dataOnly)), 422, "UNEXPECTED_CONTENT");
  });

  it("a v3 session key in front of SEIPD v2 data (a mix no OpenPGP tool writes)", async () => {
    const v1 = await openpgp.readMessage({ armoredMessage: await encrypted() });
    const v2 = await openpgp.readMessage({
      armoredMessage: await encrypted({ keys: [generated.toPublic()], aead: true }),
    });
    const mixed = await armorPackets(v1.packets[0] as openpgp.AnyPacket, v2.packets[1] as openpgp.AnyPacket);
    expectRefused(await validateSubmission(body(mixed)), 422, "DAMAGED_CIPHERTEXT");
  });

  it("encrypted to named recipients when no roster key ids are given", async () => {
    const named = await encrypted({ wildcard: false });
    expect((await openpgp.readMessage({ armoredMessage: named })).getEncryptionKeyIDs()[0]?.toHex()).toBe(
      ed25519Id,
    );
    expectRefused(await validateSubmission(body(named)), 422, "RECIPIENTS_NOT_HIDDEN");
  });

  it("encrypted to a key id that is not one of the roster's", async () => {
    const named = await encrypted({ keys: [ed25519, rsa], wildcard: false });
    const result = await validateSubmission(body(named), { receivingKeyIds: [ed25519Id] });
    expectRefused(result, 422, "UNKNOWN_RECIPIENT");
    expect(result.errors[0]?.message).toMatch(/does not belong to any of this event's responders/);
  });

  it("larger than MAX_CIPHERTEXT_BYTES, with 413 before any parsing", async () => {
    const ciphertext = await encrypted();
    const padded = ciphertext.replace("\n\n", `\n\n${"A".repeat(MAX_CIPHERTEXT_BYTES)}\n`);
    expectRefused(await validateSubmission(body(padded)), 413, "CIPHERTEXT_TOO_BIG");
    const multibyte = "é".repeat(MAX_CIPHERTEXT_BYTES / 2 + 1);
    expectRefused(await validateSubmission(body(multibyte)), 413, "CIPHERTEXT_TOO_BIG");
  });

  it("empty", async () => {
    expectRefused(await validateSubmission(body("")), 422, "REQUIRED_FIELD_EMPTY");
  });

  it("issue 10: one naming 15,000 recipients (1.98 MB), counted from the framing before any is parsed", async () => {
    const real = await openpgp.readMessage({ armoredMessage: await encrypted() });
    const [sessionKey, data] = real.packets;
    const flood = new openpgp.PacketList();
    for (let i = 0; i < 15_000; i++) flood.push(sessionKey as openpgp.AnyPacket);
    flood.push(data as openpgp.AnyPacket);
    const armored = await armor(new openpgp.Message(flood));
    expect(armored.length).toBeGreaterThan(1_900_000);
    expect(armored.length).toBeLessThan(MAX_CIPHERTEXT_BYTES);
    const result = await validateSubmission(body(armored));
    expectRefused(result, 422, "TOO_MANY_RECIPIENTS");
    expect(result.errors[0]?.message).toMatch(/more people than this event has responders/);
  });

  it("issue 10: encrypted to more recipients than the roster's receivers", async () => {
    const three = await encrypted({ keys: [ed25519, ed25519, rsa] });
    expectRefused(await validateSubmission(body(three), { maxRecipients: 2 }), 422, "TOO_MANY_RECIPIENTS");
    expect((await validateSubmission(body(three), { maxRecipients: 3 })).kind).toBe("valid");
  });
});

describe("validateSubmission refuses a body", () => {
  it("that is not a JSON object, with 400", async () => {
    for (const value of [null, "text", 42, [body("x")], undefined]) {
      expectRefused(await validateSubmission(value), 400, "INVALID_BODY");
    }
  });

  it("with fields beyond the contract, without naming them back", async () => {
    const result = await validateSubmission({ ...body(await encrypted()), [SECRET]: "x", email: SECRET });
    expectRefused(result, 400, "UNKNOWN_FIELD");
    expect(JSON.stringify(result)).not.toContain(SECRET);
    const proto = JSON.parse(`{"__proto__": {}, ${JSON.stringify(body("x")).slice(1)}`);
    expectRefused(await validateSubmission(proto), 400, "UNKNOWN_FIELD");
  });

  it("with a missing or non-text field, naming the field", async () => {
    const { reference, ...noReference } = body("x");
    const result = await validateSubmission({ ...noReference, version: 1 });
    expectRefused(result, 400, "REQUIRED_FIELD_MISSING");
    expect(result.errors.map(({ code, field }) => ({ code, field }))).toEqual([
      { code: "REQUIRED_FIELD_MISSING", field: "reference" },
      { code: "TYPE_TEXT", field: "version" },
    ]);
    expectRefused(await validateSubmission(body("x", { _gotcha: false })), 400, "TYPE_TEXT");
  });

  it("with a reference that does not match REFERENCE_PATTERN", async () => {
    const ciphertext = await encrypted();
    for (const reference of ["R-7K2M-9QXI", "r-7k2m-9qxd", "R-7K2M9QXD", ` ${REFERENCE}`, ""]) {
      const result = await validateSubmission(body(ciphertext, { reference }));
      expectRefused(result, 422, "INVALID_REFERENCE");
      expect(result.errors).toHaveLength(1);
    }
  });

  it("with a format version other than 1 or 2", async () => {
    const ciphertext = await encrypted();
    for (const version of ["3", "1.0", "2.0", ""]) {
      expectRefused(await validateSubmission(body(ciphertext, { version })), 422, "UNSUPPORTED_VERSION");
    }
  });

  it("issue 16: accepts both format versions, 1 (before visible recipients) and 2", async () => {
    const ciphertext = await encrypted();
    for (const version of ["1", "2"])
      expect((await validateSubmission(body(ciphertext, { version }))).kind).toBe("valid");
  });

  it("with the honeypot filled in, visibly (422 BLOCKED, not a silent success)", async () => {
    const result = await validateSubmission(body(await encrypted(), { _gotcha: "http://spam.example" }));
    expectRefused(result, 422, "BLOCKED");
    expect(result.errors[0]).not.toHaveProperty("field");
    expect(result.errors[0]?.message).toMatch(/nothing was stored/);
  });

  it("and reports every 422 problem at once", async () => {
    const result = await validateSubmission(
      body((await message()).armor(), { reference: "nope", version: "0", _gotcha: "x" }),
    );
    expectRefused(result, 422, "INVALID_REFERENCE");
    expect(result.errors.map((error) => error.code)).toEqual([
      "INVALID_REFERENCE",
      "UNSUPPORTED_VERSION",
      "BLOCKED",
      "NOT_ENCRYPTED",
    ]);
  });
});

describe("validateSubmission's messages", () => {
  it("never quote the body", async () => {
    const bodies: unknown[] = [
      body((await message()).armor(), { reference: SECRET, version: SECRET, _gotcha: SECRET }),
      body(SECRET),
      { [SECRET]: SECRET },
      body(`-----BEGIN PGP MESSAGE-----\nComment: ${SECRET}\n\nAAAA\n-----END PGP MESSAGE-----`),
    ];
    for (const value of bodies) {
      const result = await validateSubmission(value);
      expect(result.kind).toBe("invalid");
      expect(JSON.stringify(result)).not.toContain(SECRET);
      expect(JSON.stringify(result)).not.toContain("secret words");
    }
  });

  it("end with what happened to the report", async () => {
    const result = await validateSubmission(body(SECRET, { reference: "x", version: "2", _gotcha: "y" }));
    expectRefused(result, 422, "INVALID_REFERENCE");
    for (const error of result.errors) expect(error.message).toMatch(/nothing was stored\./);
  });
});

describe("validateSubmission's options", () => {
  it("reject unknown options and malformed key ids", async () => {
    await expect(
      validateSubmission(body("x"), { receivingKeyId: ["x"] } as unknown as { receivingKeyIds: string[] }),
    ).rejects.toThrow(/unknown option receivingKeyId/);
    await expect(validateSubmission(body("x"), { receivingKeyIds: ["ABCD"] })).rejects.toThrow(
      /not a 16-digit hex key id/,
    );
    await expect(validateSubmission(body("x"), { maxRecipients: 0 })).rejects.toThrow(/maxRecipients/);
  });
});
