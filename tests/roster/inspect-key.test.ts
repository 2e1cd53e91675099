import * as openpgp from "openpgp";
import { describe, expect, it } from "vitest";
import { inspectKey, isoDate } from "../../src/roster/inspect-key.ts";
import { fixtureKey, NOW } from "../helpers/content-folder.ts";
import { makeGpgHome, runGpg } from "../helpers/gpg.ts";

const FILE = "keys/ada.asc";
const DAY_MS = 24 * 60 * 60 * 1000;

/** inspectKey on a fixture key at NOW, warning 30 days ahead. */
async function inspect(name: string, options: { now?: Date; warnDays?: number } = {}) {
  const fixture = await fixtureKey(name);
  return inspectKey({
    armored: fixture.armored,
    fileName: FILE,
    now: options.now ?? NOW,
    warnDays: options.warnDays ?? 30,
  });
}

describe("inspectKey", () => {
  it("reads a good key's facts, from the key itself, with no problem", async () => {
    const fixture = await fixtureKey("gpg-ed25519");
    const { facts, problems } = await inspect("gpg-ed25519");
    expect(problems).toEqual([]);
    const key = await openpgp.readKey({ armoredKey: fixture.armored });
    expect(facts).toMatchObject({
      fingerprint: fixture.fingerprint,
      created: key.getCreationTime(),
      expires: new Date(fixture.expires as string),
      algorithm: "ed25519 + cv25519",
      encryptionKeyIds: [(await key.getEncryptionKey(undefined, NOW)).getKeyID().toHex()],
    });
    expect(facts?.userIds.length).toBeGreaterThan(0);
    expect(facts?.armoredPublicKey).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
  });

  it("lists only the parts flagged for encryption: never a GnuPG RSA primary flagged for signing", async () => {
    const { facts } = await inspect("gpg-rsa4096");
    const key = await openpgp.readKey({ armoredKey: (await fixtureKey("gpg-rsa4096")).armored });
    expect(facts?.algorithm).toBe("RSA 4096");
    expect(facts?.encryptionKeyIds).toHaveLength(1);
    expect(facts?.encryptionKeyIds).not.toContain(key.getKeyID().toHex());
  });

  it("refuses text that is not a key, naming the file, what it holds instead and how to export one", async () => {
    const cases: Array<[armored: string, message: string]> = [
      ["", "keys/ada.asc is empty."],
      ["hello", "keys/ada.asc is not an OpenPGP public key."],
      [
        "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY BLOCK-----\n",
        "keys/ada.asc starts like a public key, but the key is damaged or cut short.",
      ],
    ];
    for (const [armored, message] of cases) {
      expect(await inspectKey({ armored, fileName: FILE, now: NOW, warnDays: 30 })).toEqual({
        facts: null,
        problems: [
          {
            severity: "error",
            message,
            fix: expect.stringMatching(
              /gpg --armor --export EMAIL > keys\/ada\.asc|-----END PGP PUBLIC KEY BLOCK-----/,
            ),
          },
        ],
      });
    }
  });

  it("refuses a private key and gives back none of its facts, so nothing from it can reach the site", async () => {
    const fixture = await fixtureKey("gpg-ed25519");
    const result = await inspectKey({
      armored: fixture.armoredPrivate as string,
      fileName: FILE,
      now: NOW,
      warnDays: 30,
    });
    expect(result.facts).toBeNull();
    expect(result.problems).toEqual([
      {
        severity: "error",
        message: expect.stringMatching(/^keys\/ada\.asc holds a PRIVATE key\. It was not published/),
        fix: expect.stringContaining("not --export-secret-keys"),
      },
    ]);
  });

  it("refuses a file holding two keys, as gpg --export writes them (one armor block)", async () => {
    const keys = await Promise.all(
      ["gpg-ed25519", "gpg-rsa4096"].map(async (name) =>
        openpgp.readKey({ armoredKey: (await fixtureKey(name)).armored }),
      ),
    );
    const bytes = new Uint8Array(keys.flatMap((key) => [...key.write()]));
    const armored = openpgp.armor(openpgp.enums.armor.publicKey, bytes);
    const { problems } = await inspectKey({ armored, fileName: FILE, now: NOW, warnDays: 30 });
    expect(problems).toContainEqual({
      severity: "error",
      message: `keys/ada.asc holds 2 keys (${keys.map((key) => key.getUserIDs()[0]).join("; ")}); it must hold one responder's key.`,
      fix: "Export just that responder's key: `gpg --armor --export FINGERPRINT > keys/ada.asc`, with the fingerprint the roster gives for them.",
    });
  });

  it("issue 13: refuses a file with two armor blocks, a private block after the public one included", async () => {
    const ed25519 = await fixtureKey("gpg-ed25519");
    const twoPublic = ed25519.armored + (await fixtureKey("gpg-rsa4096")).armored;
    expect(
      (await inspectKey({ armored: twoPublic, fileName: FILE, now: NOW, warnDays: 30 })).problems,
    ).toContainEqual(
      expect.objectContaining({
        message: expect.stringMatching(
          /^keys\/ada\.asc holds 2 keys \(.+\); it must hold one responder's key\.$/,
        ),
      }),
    );
    const withPrivate = `${ed25519.armored}\n${ed25519.armoredPrivate}`;
    const result = await inspectKey({ armored: withPrivate, fileName: FILE, now: NOW, warnDays: 30 });
    expect(result.facts).toBeNull();
    expect(result.problems).toEqual([
      expect.objectContaining({ message: expect.stringContaining("holds a PRIVATE key") }),
    ]);
  });

  it("refuses RSA below 2048 bits and warns below 3072", async () => {
    expect((await inspect("gpg-rsa1024")).problems).toEqual([
      expect.objectContaining({
        severity: "error",
        message: "keys/ada.asc is an RSA key of 1024 bits, too short to be safe.",
      }),
    ]);
    expect((await inspect("gpg-rsa2048")).problems).toEqual([
      expect.objectContaining({
        severity: "warning",
        message: "keys/ada.asc is an RSA key of 2048 bits; 3072 or more is recommended.",
      }),
    ]);
    expect((await inspect("gpg-rsa4096")).problems).toEqual([]);
  });

  it("refuses a revoked key, an expired key, and a key whose encryption subkey expired, each in its own words", async () => {
    expect((await inspect("gpg-revoked")).problems).toEqual([
      expect.objectContaining({
        severity: "error",
        message: expect.stringContaining("has been revoked by its owner"),
      }),
    ]);
    const expired = await fixtureKey("gpg-expired");
    expect((await inspect("gpg-expired")).problems).toEqual([
      expect.objectContaining({
        severity: "error",
        message: `keys/ada.asc expired on ${isoDate(new Date(expired.expires as string))}.`,
      }),
    ]);
    const subkey = await fixtureKey("gpg-subkey-expired");
    expect((await inspect("gpg-subkey-expired")).problems).toEqual([
      expect.objectContaining({
        severity: "error",
        message: `keys/ada.asc: its encryption subkey expired on ${isoDate(new Date(subkey.encryptionSubkeyExpires as string))}, so reports cannot be encrypted to it.`,
      }),
    ]);
  });

  it("refuses a key that can only sign, and says how to add an encryption subkey", async () => {
    expect((await inspect("gpg-sign-only")).problems).toEqual([
      {
        severity: "error",
        message:
          "keys/ada.asc has no subkey that can encrypt (it can only sign), so reports cannot be encrypted to it.",
        fix: expect.stringContaining("gpg --quick-add-key FINGERPRINT cv25519 encr 2y"),
      },
    ]);
  });

  it("warns when the key stops working within warnDays, counting the days, and not one day earlier", async () => {
    const expires = new Date((await fixtureKey("gpg-ed25519")).expires as string);
    const soon = await inspect("gpg-ed25519", { now: new Date(expires.getTime() - 30 * DAY_MS) });
    expect(soon.problems).toEqual([
      expect.objectContaining({
        severity: "warning",
        message: `keys/ada.asc expires on ${isoDate(expires)}, in 30 days. After that, the form cannot encrypt reports to this responder.`,
      }),
    ]);
    const oneDay = await inspect("gpg-ed25519", { now: new Date(expires.getTime() - DAY_MS) });
    expect(oneDay.problems[0]?.message).toContain("in 1 day.");
    const notYet = await inspect("gpg-ed25519", { now: new Date(expires.getTime() - 31 * DAY_MS) });
    expect(notYet.problems).toEqual([]);
  });

  it("judges the key at the moment given: valid before its expiry, refused after", async () => {
    const expired = await fixtureKey("gpg-expired");
    const before = new Date(new Date(expired.expires as string).getTime() - 60 * DAY_MS);
    expect((await inspect("gpg-expired", { now: before })).problems).toEqual([]);
  });
});

describe("isoDate", () => {
  it("writes a date as YYYY-MM-DD in UTC", () => {
    expect(isoDate(new Date("2027-03-01T23:59:59-05:00"))).toBe("2027-03-02");
  });

  it("issue 14: refuses a version 6 key, and a version 4 key in RFC 9580's new format, which gpg, rnp and sq 0.x cannot read", async () => {
    const generate = (config: Partial<openpgp.Config>) =>
      openpgp.generateKey({
        type: "curve25519",
        userIDs: [{ email: "ada@example.org" }],
        date: new Date("2026-11-01T00:00:00Z"),
        config,
        format: "armored",
      });
    const cases = [
      [await generate({ v6Keys: true }), "a version 6 key (RFC 9580)"],
      [await generate({}), "a key in RFC 9580's new ed25519 format"],
    ] as const;
    for (const [generated, what] of cases) {
      const { problems } = await inspectKey({
        armored: generated.publicKey,
        fileName: FILE,
        now: NOW,
        warnDays: 30,
      });
      expect(problems).toEqual([
        {
          severity: "error",
          message: `${FILE} is ${what}, which GnuPG, Thunderbird and Sequoia 0.x cannot use yet: the responder could not open reports encrypted to it with them.`,
          fix: expect.stringMatching(
            /^Ask the responder for a key every tool reads: `npx confide keygen` makes one/,
          ),
        },
      ]);
    }
  });

  it("issue 14: says an old DSA/ElGamal key is refused as too weak, not that it can only sign", async () => {
    const home = await makeGpgHome([]);
    try {
      const batch = [
        "%no-protection",
        "Key-Type: DSA",
        "Key-Length: 2048",
        "Subkey-Type: ELG-E",
        "Subkey-Length: 2048",
        "Name-Email: old@fixtures.example",
        "Expire-Date: 0",
        "%commit",
        "",
      ].join("\n");
      expect((await runGpg(home.home, ["--gen-key"], { input: batch })).code).toBe(0);
      const armored = (await runGpg(home.home, ["--armor", "--export", "old@fixtures.example"])).stdout;
      const { problems } = await inspectKey({ armored, fileName: FILE, now: NOW, warnDays: 30 });
      expect(problems).toEqual([
        {
          severity: "error",
          message: "keys/ada.asc is an old DSA key, which the report form's encryption refuses as too weak.",
          fix: expect.stringMatching(/^Ask the responder for a new key: `npx confide keygen`/),
        },
      ]);
    } finally {
      await home.remove();
    }
  });

  it("issue 14: says an encryption subkey was revoked, not that the key can only sign", async () => {
    const { privateKey } = await openpgp.generateKey({
      userIDs: [{ email: "ada@fixtures.example" }],
      date: new Date("2026-11-01T00:00:00Z"),
      format: "object",
    });
    const [subkey] = privateKey.subkeys;
    if (!subkey) throw new Error("no subkey");
    privateKey.subkeys[0] = await subkey.revoke(
      privateKey.keyPacket as openpgp.SecretKeyPacket,
      undefined,
      new Date("2027-01-01T00:00:00Z"),
    );
    const armored = privateKey.toPublic().armor();
    const { problems } = await inspectKey({ armored, fileName: FILE, now: NOW, warnDays: 30 });
    expect(problems).toEqual([
      {
        severity: "error",
        message:
          "keys/ada.asc: its encryption subkey was revoked by its owner, so reports cannot be encrypted to it.",
        fix: expect.stringContaining("gpg --quick-add-key FINGERPRINT cv25519 encr 2y"),
      },
    ]);
  });

  it("issue 14: says a key made after the moment it is checked for is not valid yet, and why that can happen", async () => {
    const { problems } = await inspect("gpg-ed25519", { now: new Date("2020-09-13T12:00:00Z") });
    expect(problems).toEqual([
      {
        severity: "error",
        message:
          "keys/ada.asc was made on 2026-11-01, after the moment it is checked for (2020-09-13), so it is not valid yet.",
        fix: expect.stringMatching(/^If SOURCE_DATE_EPOCH is set/),
      },
    ]);
  });
});
