import * as openpgp from "openpgp";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  formatRosterEntry,
  generateResponderKey,
  spacedFingerprint,
} from "../../src/responder/generate-key.ts";
import { rosterSchema } from "../../src/roster/roster-schema.ts";
import { NOW } from "../helpers/content-folder.ts";

const EXPIRES = new Date("2029-03-01T12:00:00Z");

describe("generateResponderKey", () => {
  it("makes a curve25519 key for the name and email, expiring when asked, whose private half opens what is sent to it", async () => {
    const made = await generateResponderKey({
      name: "  Ada Example ",
      email: "ada@example.org",
      passphrase: null,
      expires: EXPIRES,
      now: new Date("2027-03-01T12:00:00.750Z"),
    });
    expect(made.facts).toMatchObject({
      algorithm: "ed25519 + cv25519",
      created: NOW,
      expires: EXPIRES,
      userIds: ["Ada Example <ada@example.org>"],
    });
    expect(made.armoredPublicKey).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    expect(made.armoredPrivateKey).toMatch(/^-----BEGIN PGP PRIVATE KEY BLOCK-----/);
    const message = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: "for Ada" }),
      encryptionKeys: await openpgp.readKey({ armoredKey: made.armoredPublicKey }),
      date: NOW,
    });
    const { data } = await openpgp.decrypt({
      message: await openpgp.readMessage({ armoredMessage: message }),
      decryptionKeys: await openpgp.readPrivateKey({ armoredKey: made.armoredPrivateKey }),
      date: NOW,
    });
    expect(data).toBe("for Ada");
  });

  it("protects the private key with the passphrase when one is given", async () => {
    const made = await generateResponderKey({
      name: "Mei",
      email: "mei@example.org",
      passphrase: "correct horse",
      expires: EXPIRES,
      now: NOW,
    });
    const locked = await openpgp.readPrivateKey({ armoredKey: made.armoredPrivateKey });
    expect(locked.isDecrypted()).toBe(false);
    await expect(openpgp.decryptKey({ privateKey: locked, passphrase: "wrong" })).rejects.toThrow();
    expect(
      (await openpgp.decryptKey({ privateKey: locked, passphrase: "correct horse" })).isDecrypted(),
    ).toBe(true);
  });

  it("refuses unknown options, an empty name or email, an empty passphrase and an expiry not after now", async () => {
    const good = { name: "Ada", email: "ada@example.org", passphrase: null, expires: EXPIRES, now: NOW };
    await expect(generateResponderKey({ ...good, bits: 4096 } as never)).rejects.toThrow(
      "generateResponderKey: unknown option bits",
    );
    await expect(generateResponderKey({ ...good, name: " " })).rejects.toThrow("name and email are needed");
    await expect(generateResponderKey({ ...good, email: "" })).rejects.toThrow("name and email are needed");
    await expect(generateResponderKey({ ...good, passphrase: "" })).rejects.toThrow(
      "the passphrase is empty; pass null for an unprotected key",
    );
    await expect(generateResponderKey({ ...good, expires: NOW })).rejects.toThrow(
      "the expiry must be after the creation time",
    );
  });
});

describe("spacedFingerprint", () => {
  it("writes a v4 fingerprint as gpg does: groups of four, two spaces between the halves", () => {
    expect(spacedFingerprint("8e331e0631e9142bc0f99ad4e087d4545b848bb8")).toBe(
      "8E33 1E06 31E9 142B C0F9  9AD4 E087 D454 5B84 8BB8",
    );
    expect(spacedFingerprint("8E33 1E06 31E9 142B C0F9  9AD4 E087 D454 5B84 8BB8")).toBe(
      "8E33 1E06 31E9 142B C0F9  9AD4 E087 D454 5B84 8BB8",
    );
  });

  it("groups a fingerprint of another length in fours, without the middle gap", () => {
    expect(spacedFingerprint("a".repeat(64))).toBe(Array(16).fill("AAAA").join(" "));
  });
});

describe("formatRosterEntry", () => {
  it("is an entry roster.yaml reads back as written, quoting text YAML would misread", () => {
    const entry = formatRosterEntry({
      id: "ada",
      name: "Ada: the #1 responder",
      email: "ada@example.org",
      fingerprint: "8e331e0631e9142bc0f99ad4e087d4545b848bb8",
    });
    expect(entry.split("\n")[0]).toBe("  - id: ada");
    const roster = rosterSchema.parse(parse(`responders:\n${entry}\n`));
    expect(roster.responders[0]).toMatchObject({
      id: "ada",
      name: "Ada: the #1 responder",
      role: "Responder",
      email: "ada@example.org",
      key: "keys/ada.asc",
      fingerprint: "8E33 1E06 31E9 142B C0F9  9AD4 E087 D454 5B84 8BB8",
      receives_reports: true,
    });
  });

  it("keeps a role given, and a name in any script", () => {
    const entry = formatRosterEntry({
      id: "mei",
      name: "林美",
      role: "Responder (Mandarin)",
      email: "mei@example.org",
      fingerprint: "ab".repeat(20),
    });
    expect(parse(`responders:\n${entry}\n`).responders[0]).toMatchObject({
      name: "林美",
      role: "Responder (Mandarin)",
    });
  });
});
