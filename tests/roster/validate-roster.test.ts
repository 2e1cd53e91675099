import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/check/diagnostic.ts";
import { groupFingerprint } from "../../src/roster/fingerprint.ts";
import { check, fixtureKey, lineOf, NOW, roster, rosterEntry } from "../helpers/content-folder.ts";

const ROSTER = "_data/roster.yaml";

/** A roster of one responder using the named fixture key, and the files that go with it. */
async function oneResponder(keyName: string, options: { fingerprint?: string; email?: string } = {}) {
  const key = await fixtureKey(keyName);
  const text = roster(
    rosterEntry({
      id: "sam",
      email: options.email ?? `${keyName}@fixtures.example`,
      key: "keys/sam.asc",
      fingerprint: options.fingerprint ?? groupFingerprint(key.fingerprint),
    }),
  );
  return { key, text, files: { [ROSTER]: text, "keys/sam.asc": key.armored } };
}

function only(diagnostics: Diagnostic[], severity: Diagnostic["severity"] = "error"): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === severity);
}

describe("roster validation", () => {
  it("accepts the example content as it is, in every language", async () => {
    expect(await check({}, { now: new Date(), translations: true })).toEqual([]);
  });

  it.each([
    "gpg-ed25519",
    "gpg-rsa4096",
    "openpgpjs-curve25519",
    "openpgpjs-rsa4096",
  ])("accepts a key made by %s", async (name) => {
    const { files } = await oneResponder(name);
    expect(await check(files)).toEqual([]);
  });

  it("reports malformed YAML with its line and column", async () => {
    const text = "responders:\n  - id: sam\n    name: Sam\n   role: broken indent\n";
    const [problem] = await check({ [ROSTER]: text });
    expect(problem).toMatchObject({ file: ROSTER, line: 4, severity: "error" });
    expect(problem?.message).toMatch(/not valid YAML/);
    expect(problem?.fix).toMatch(/indent/i);
  });

  it("names an unknown field, suggests the likely one, and points at its line", async () => {
    const { text, files } = await oneResponder("gpg-ed25519");
    const withTypo = text.replace("    role: Responder", "    rol: Responder");
    const problems = await check({ ...files, [ROSTER]: withTypo });
    const unknown = problems.find((d) => d.message.includes('Unknown field "rol"'));
    expect(unknown).toMatchObject({ line: lineOf(withTypo, "rol:"), col: 5 });
    expect(unknown?.fix).toMatch(/Did you mean "role"\?/);
    // The missing "role" is reported too: all problems at once, not just the first.
    expect(problems.some((d) => d.message === 'Missing field "role" in responders[1] (sam).')).toBe(true);
  });

  it("reports a missing field at the entry that lacks it, with what the field means", async () => {
    const { text, files } = await oneResponder("gpg-ed25519");
    const withoutName = text.replace("    name: Responder sam\n", "");
    const [problem] = await check({ ...files, [ROSTER]: withoutName });
    expect(problem).toMatchObject({
      line: lineOf(withoutName, "- id: sam"),
      message: 'Missing field "name" in responders[1] (sam).',
    });
    expect(problem?.fix).toMatch(/name as attendees know it/);
  });

  it("reports a mistyped field with the value found and the type wanted", async () => {
    const { text, files } = await oneResponder("gpg-ed25519");
    const mistyped = text.replace("receives_reports: true", 'receives_reports: "yes"');
    const [problem] = await check({ ...files, [ROSTER]: mistyped });
    expect(problem).toMatchObject({ line: lineOf(mistyped, "receives_reports"), col: 23 });
    expect(problem?.message).toBe(
      '"receives_reports" in responders[1] (sam) should be true or false, not the text "yes".',
    );
  });

  it("refuses duplicate ids, emails and fingerprints, pointing at the second of each", async () => {
    const key = await fixtureKey("gpg-ed25519");
    const fingerprint = groupFingerprint(key.fingerprint);
    const text = roster(
      rosterEntry({ id: "sam", email: "sam@fixtures.example", key: "keys/sam.asc", fingerprint }),
      rosterEntry({ id: "sam", email: "SAM@fixtures.example", key: "keys/sam.asc", fingerprint }),
    );
    const problems = only(await check({ [ROSTER]: text, "keys/sam.asc": key.armored }));
    expect(problems.find((d) => d.message.startsWith('The id "sam" is used twice'))).toMatchObject({
      line: lineOf(text, "- id: sam", 2),
      message: `The id "sam" is used twice (also on line ${lineOf(text, "- id: sam")}).`,
    });
    expect(problems.find((d) => d.message.includes("is listed twice"))?.line).toBe(lineOf(text, "email:", 2));
    expect(problems.find((d) => d.message.includes("two responders share one key"))?.line).toBe(
      lineOf(text, "fingerprint:", 2),
    );
  });

  it("reports a key file that does not exist", async () => {
    const { text, files } = await oneResponder("gpg-ed25519");
    const [problem] = await check({ ...files, "keys/sam.asc": null });
    expect(problem).toMatchObject({
      line: lineOf(text, "key: keys/sam.asc"),
      col: 10,
      message: "The key file keys/sam.asc does not exist.",
    });
  });

  it("reports a key file that cannot be read", async () => {
    const { text, files } = await oneResponder("gpg-ed25519");
    // A folder where the file should be: unreadable as a file, whoever runs the test (root included).
    const [problem] = await check({ ...files, "keys/sam.asc": null, "keys/sam.asc/README": "not a key" });
    expect(problem?.line).toBe(lineOf(text, "key: keys/sam.asc"));
    expect(problem?.message).toMatch(/^The key file keys\/sam.asc could not be read \(EISDIR/);
  });

  it("refuses a file that is not an OpenPGP key", async () => {
    const { text, files } = await oneResponder("gpg-ed25519");
    const [problem] = await check({
      ...files,
      "keys/sam.asc": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI sam@laptop\n",
    });
    expect(problem).toMatchObject({
      line: lineOf(text, "key: keys/sam.asc"),
      message: "keys/sam.asc holds an SSH key, not an OpenPGP key: reports cannot be encrypted to it.",
    });
    expect(problem?.fix).toMatch(/gpg --armor --export/);
  });

  it("refuses a private key and tells how to export the public one", async () => {
    const key = await fixtureKey("gpg-ed25519");
    const { text, files } = await oneResponder("gpg-ed25519");
    const [problem] = await check({ ...files, "keys/sam.asc": key.armoredPrivate ?? "" });
    expect(problem?.line).toBe(lineOf(text, "key: keys/sam.asc"));
    expect(problem?.message).toMatch(/^keys\/sam.asc holds a PRIVATE key\. It was not published/);
    expect(problem?.fix).toMatch(/not --export-secret-keys/);
  });

  it("refuses a fingerprint that does not match the key, and shows the key's own", async () => {
    const other = await fixtureKey("gpg-rsa4096");
    const { key, text, files } = await oneResponder("gpg-ed25519", {
      fingerprint: groupFingerprint(other.fingerprint),
    });
    const [problem] = await check(files);
    expect(problem).toMatchObject({
      line: lineOf(text, "fingerprint:"),
      message: `The fingerprint does not match keys/sam.asc (the key's fingerprint is ${groupFingerprint(key.fingerprint)}).`,
    });
  });

  it("refuses a short key id in place of a fingerprint", async () => {
    const { key, files } = await oneResponder("gpg-ed25519", { fingerprint: "1614F79B9AB5B3D3" });
    const [problem] = await check(files);
    expect(problem?.message).toBe('"1614F79B9AB5B3D3" is a short key ID, not a fingerprint.');
    expect(problem?.fix).toContain(groupFingerprint(key.fingerprint));
  });

  it("refuses a key with no encryption-capable subkey", async () => {
    const { text, files } = await oneResponder("gpg-sign-only");
    const [problem] = await check(files);
    expect(problem).toMatchObject({
      line: lineOf(text, "key:"),
      message:
        "keys/sam.asc has no subkey that can encrypt (it can only sign), so reports cannot be encrypted to it.",
    });
    expect(problem?.fix).toMatch(/gpg --quick-add-key [0-9A-F]{40} cv25519 encr/);
  });

  it("issue 14: writes the responder's own address and fingerprint into the commands of a fix, ready to paste", async () => {
    const { key, files } = await oneResponder("gpg-sign-only");
    const [signOnly] = await check(files);
    expect(signOnly?.fix).toBe(
      `Ask the responder to add one: \`gpg --quick-add-key ${key.fingerprint} cv25519 encr 2y\`, then export the public key again.`,
    );
    const [notAKey] = await check({ ...files, "keys/sam.asc": "" });
    expect(notAKey?.fix).toContain("`gpg --armor --export gpg-sign-only@fixtures.example > keys/sam.asc`");
  });

  it("refuses an expired key", async () => {
    const { text, files } = await oneResponder("gpg-expired");
    const [problem] = await check(files);
    expect(problem).toMatchObject({
      line: lineOf(text, "key:"),
      message: "keys/sam.asc expired on 2021-01-01.",
    });
  });

  it("refuses a key whose encryption subkey has expired", async () => {
    const { files } = await oneResponder("gpg-subkey-expired");
    const [problem] = await check(files);
    expect(problem?.message).toBe(
      "keys/sam.asc: its encryption subkey expired on 2021-01-01, so reports cannot be encrypted to it.",
    );
  });

  it("refuses a revoked key", async () => {
    const { text, files } = await oneResponder("gpg-revoked");
    const [problem] = await check(files);
    expect(problem).toMatchObject({
      line: lineOf(text, "key:"),
      message: "keys/sam.asc has been revoked by its owner, so reports can no longer be encrypted to it.",
    });
  });

  it("refuses RSA under 2048 bits", async () => {
    const { text, files } = await oneResponder("gpg-rsa1024");
    const problems = only(await check(files));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      line: lineOf(text, "key:"),
      message: "keys/sam.asc is an RSA key of 1024 bits, too short to be safe.",
    });
  });

  it("warns about RSA under 3072 bits but accepts it", async () => {
    const { text, files } = await oneResponder("gpg-rsa2048");
    const problems = await check(files);
    expect(only(problems)).toEqual([]);
    expect(only(problems, "warning")).toEqual([
      expect.objectContaining({
        line: lineOf(text, "key:"),
        message: "keys/sam.asc is an RSA key of 2048 bits; 3072 or more is recommended.",
      }),
    ]);
  });

  it("warns about a key that expires within 30 days, and the threshold is configurable", async () => {
    const { key, text, files } = await oneResponder("gpg-ed25519");
    const expires = new Date(key.expires ?? "");
    const tenDaysBefore = new Date(expires.getTime() - 10 * 24 * 3600 * 1000);
    const warned = await check(files, { now: tenDaysBefore });
    expect(warned).toEqual([
      expect.objectContaining({
        severity: "warning",
        line: lineOf(text, "key:"),
        message: expect.stringMatching(/^keys\/sam.asc expires on 2036-11-01, in 10 days\./),
      }),
    ]);
    // A threshold of 5 days (from the command line) no longer warns …
    expect(await check(files, { now: tenDaysBefore, warnDays: 5 })).toEqual([]);
    // … and neither does site.yaml's own setting.
    const { contentFolder } = await import("../helpers/content-folder.ts");
    const { readFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const { dir, cleanup } = await contentFolder();
    const site = (await readFile(join(dir, "_data/site.yaml"), "utf8")).replace(
      "expiry_warning_days: 30",
      "expiry_warning_days: 5",
    );
    await cleanup();
    expect(await check({ ...files, "_data/site.yaml": site }, { now: tenDaysBefore })).toEqual([]);
  });

  it("warns when the key belongs to another address than the roster's: the wrong key was pasted", async () => {
    const other = await fixtureKey("gpg-rsa4096");
    const { text, files } = await oneResponder("gpg-ed25519");
    const pasted = text.replace(/fingerprint: ".*"/, `fingerprint: "${groupFingerprint(other.fingerprint)}"`);
    const problems = await check({ ...files, [ROSTER]: pasted, "keys/sam.asc": other.armored });
    expect(only(problems, "warning")).toEqual([
      expect.objectContaining({
        line: lineOf(text, "key:"),
        message:
          "keys/sam.asc belongs to GnuPG RSA 4096 <gpg-rsa4096@fixtures.example>, not to gpg-ed25519@fixtures.example.",
      }),
    ]);
  });

  it("refuses placeholder values such as TODO", async () => {
    const { text, files } = await oneResponder("gpg-ed25519", { email: "TODO@example.com" });
    const [problem] = await check(files);
    expect(problem).toMatchObject({
      line: lineOf(text, "TODO@example.com"),
      message: '"email" still holds the placeholder "TODO@example.com".',
    });
  });

  it("refuses a roster where no one receives reports", async () => {
    const text = roster(rosterEntry({ id: "sam", email: "sam@fixtures.example", receives: false }));
    const problems = only(await check({ [ROSTER]: text }));
    expect(problems).toEqual([
      expect.objectContaining({
        line: lineOf(text, "responders:"),
        message: "No one in the roster receives reports, so the form could not encrypt a report to anyone.",
      }),
    ]);
  });

  it("refuses a receiving responder without a key", async () => {
    const text = roster(rosterEntry({ id: "sam", email: "sam@fixtures.example" }));
    const [problem] = await check({ [ROSTER]: text });
    expect(problem?.message).toBe(
      '"key" in responders[1] (sam): a responder who receives reports needs a public key.',
    );
  });

  it("refuses the demo keys unless site.yaml declares a demo site", async () => {
    const { contentFolder } = await import("../helpers/content-folder.ts");
    const { readFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const { dir, cleanup } = await contentFolder();
    const site = (await readFile(join(dir, "_data/site.yaml"), "utf8")).replace("demo: true", "demo: false");
    const rosterText = await readFile(join(dir, ROSTER), "utf8");
    await cleanup();
    const problems = only(await check({ "_data/site.yaml": site }, { now: NOW }));
    expect(problems.map((d) => d.line).sort((a, b) => a - b)).toEqual([
      lineOf(rosterText, "key: keys/ada.asc"),
      lineOf(rosterText, "key: keys/tomas.asc"),
      lineOf(rosterText, "key: keys/mei.asc"),
    ]);
    expect(problems.find((d) => d.message.startsWith("keys/ada.asc"))?.message).toBe(
      "keys/ada.asc is one of Confide's demo keys: its private half is published, so anyone could read reports sent to it.",
    );
  });

  it("reports every problem in one run, across files", async () => {
    const { files } = await oneResponder("gpg-expired");
    const problems = only(
      await check({ ...files, "_data/report.yaml": "fields:\n  - id: what\n    label: What happened?\n" }),
    );
    expect(problems.map((d) => d.file).sort()).toEqual(["_data/report.yaml", "_data/roster.yaml"]);
  });
});

describe("pages the site links to", () => {
  it("refuses a report page moved away from /report/, which the generated blocks link to", async () => {
    const { readFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const { EXAMPLE_CONTENT } = await import("../helpers/content-folder.ts");
    const page = (await readFile(join(EXAMPLE_CONTENT, "report.md"), "utf8")).replace(
      "permalink: /report/",
      "permalink: /tell-us/",
    );
    const problems = (await check({ "report.md": page })).filter((d) => d.file === "report.md");
    expect(problems).toEqual([
      expect.objectContaining({
        line: 1,
        message: expect.stringMatching(/^No page has the address \/report\/, but /),
      }),
    ]);
  });
});
