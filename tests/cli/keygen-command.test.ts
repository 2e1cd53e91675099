import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decryptKey, readPrivateKey } from "openpgp";
import { afterEach, describe, expect, it } from "vitest";
import { spacedFingerprint } from "../../src/responder/generate-key.ts";
import { inspectKey } from "../../src/roster/inspect-key.ts";
import { listFiles } from "../helpers/built-site.ts";
import { contentFolder, PROJECT_ROOT } from "../helpers/content-folder.ts";
import { runGpg } from "../helpers/gpg.ts";
import { runProcess } from "../helpers/process.ts";
import { runConfide } from "../helpers/run-cli.ts";

const PASSPHRASE = "tidewater harbour lantern seventeen gulls";
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh home folder, a copy of the example content and a passphrase file, removed after the test. */
async function workspace(passphrase = `${PASSPHRASE}\n`) {
  const root = await mkdtemp(join(tmpdir(), "confide-keygen-"));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const content = await contentFolder();
  cleanups.push(content.cleanup);
  const home = join(root, "home");
  await mkdir(home);
  const passphraseFile = join(root, "passphrase.txt");
  await writeFile(passphraseFile, passphrase);
  const keygen = (args: string[]) =>
    runConfide(["keygen", "--content", content.dir, ...args], { env: { HOME: home } });
  return { root, home, content: content.dir, passphraseFile, keygen };
}

const SAM = ["--id", "sam", "--name", "Sam Example", "--email", "sam@example.org"];

/** The roster entry keygen printed: from "  - id:" to "receives_reports: true". */
function printedEntry(stdout: string): string {
  const entry = /^ {2}- id: [\s\S]*?^ {4}receives_reports: true$/m.exec(stdout)?.[0];
  if (!entry) throw new Error(`no roster entry in:\n${stdout}`);
  return entry;
}

const mode = async (path: string) => (await stat(path)).mode & 0o777;

/** gpg in a throwaway home: see tests/helpers/gpg.ts. */
const gpg = runGpg;

async function gpgHome(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), "confide-gpg-"));
  cleanups.push(async () => {
    await runProcess("gpgconf", ["--homedir", home, "--kill", "all"]).catch(() => null);
    await rm(home, { recursive: true, force: true });
  });
  return home;
}

describe("confide keygen", () => {
  it("writes the public key to the content folder, the private key 0600 in ~/.confide (0700), and a roster entry that confide check accepts", async () => {
    const { home, content, passphraseFile, keygen } = await workspace();
    const { code, stdout, stderr } = await keygen([...SAM, "--passphrase-file", passphraseFile]);
    expect(stderr).not.toContain(PASSPHRASE);
    expect(stdout).not.toContain(PASSPHRASE);
    expect(code).toBe(0);

    const publicPath = join(content, "keys/sam.asc");
    const privatePath = join(home, ".confide/sam.sec.asc");
    const armoredPublic = await readFile(publicPath, "utf8");
    const armoredPrivate = await readFile(privatePath, "utf8");
    expect(armoredPublic).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    expect(armoredPrivate).toMatch(/^-----BEGIN PGP PRIVATE KEY BLOCK-----/);
    expect(await mode(privatePath)).toBe(0o600);
    expect(await mode(join(home, ".confide"))).toBe(0o700);
    const secretLine = armoredPrivate.split("\n")[3] ?? "";
    for (const file of await listFiles(content)) {
      const text = await readFile(join(content, file), "utf8");
      expect(text).not.toContain("-----BEGIN PGP PRIVATE KEY BLOCK-----");
      expect(text).not.toContain(secretLine);
    }

    // The site's validator accepts the key as it is: curve25519, two years, no warning.
    const { facts, problems } = await inspectKey({
      armored: armoredPublic,
      fileName: "keys/sam.asc",
      now: new Date(),
      warnDays: 30,
    });
    expect(problems).toEqual([]);
    expect(facts?.algorithm).toBe("ed25519 + cv25519");
    expect(facts?.userIds).toEqual(["Sam Example <sam@example.org>"]);
    const twoYears = new Date();
    twoYears.setUTCFullYear(twoYears.getUTCFullYear() + 2);
    expect(Math.abs((facts?.expires?.getTime() ?? 0) - twoYears.getTime())).toBeLessThan(60_000);

    // The private key is protected by the passphrase, and it is the public key's other half.
    const privateKey = await readPrivateKey({ armoredKey: armoredPrivate });
    expect(privateKey.isDecrypted()).toBe(false);
    await decryptKey({ privateKey, passphrase: PASSPHRASE });
    expect(privateKey.getFingerprint().toUpperCase()).toBe(facts?.fingerprint);

    // The printed entry, pasted under responders:, passes `confide check`.
    const fingerprint = spacedFingerprint(facts?.fingerprint ?? "");
    expect(fingerprint).toMatch(/^([0-9A-F]{4} ){4}[0-9A-F]{4} {2}([0-9A-F]{4} ){4}[0-9A-F]{4}$/);
    const entry = printedEntry(stdout);
    expect(entry).toBe(
      [
        "  - id: sam",
        "    name: Sam Example",
        "    role: Responder",
        "    email: sam@example.org",
        "    key: keys/sam.asc",
        `    fingerprint: "${fingerprint}"`,
        "    receives_reports: true",
      ].join("\n"),
    );
    const rosterPath = join(content, "_data/roster.yaml");
    await writeFile(rosterPath, `${(await readFile(rosterPath, "utf8")).trimEnd()}\n\n${entry}\n`);
    const check = await runConfide(["check", "--content", content]);
    // Ready: the translations of the example still lack Sam's role, which is a warning, not a blocker.
    expect(check.stdout).toContain("ready to publish (5 responders, 4 receive reports");
    expect(check.code).toBe(0);

    // What to do next: keep it, back it up, send only the public key, read the fingerprint aloud.
    expect(stdout).toContain(`Fingerprint:  ${fingerprint}`);
    expect(stdout).toMatch(/Keep the private key safe/);
    expect(stdout).toMatch(/Back it up/);
    expect(stdout).toMatch(/Send only the public key \(sam\.asc\)/);
    expect(stdout).toMatch(/Read the fingerprint aloud/);
  });

  it("honours --private-out, --expires and --no-passphrase (with a warning), and quotes a name YAML would misread", async () => {
    const { root, content, keygen } = await workspace();
    const privatePath = join(root, "backup/keys/kim.sec.asc");
    const { code, stdout, stderr } = await keygen([
      "--id",
      "kim-2",
      "--name",
      "Kim: the #1 responder",
      "--email",
      "kim@example.org",
      "--private-out",
      privatePath,
      "--expires",
      "18m",
      "--no-passphrase",
    ]);
    expect(code).toBe(0);
    expect(stderr).toContain("Warning: the private key is not protected by a passphrase");
    expect(await mode(privatePath)).toBe(0o600);
    expect(await mode(join(root, "backup/keys"))).toBe(0o700);
    const privateKey = await readPrivateKey({ armoredKey: await readFile(privatePath, "utf8") });
    expect(privateKey.isDecrypted()).toBe(true);

    const { facts } = await inspectKey({
      armored: await readFile(join(content, "keys/kim-2.asc"), "utf8"),
      fileName: "keys/kim-2.asc",
      now: new Date(),
      warnDays: 30,
    });
    const eighteenMonths = new Date();
    eighteenMonths.setUTCMonth(eighteenMonths.getUTCMonth() + 18);
    expect(Math.abs((facts?.expires?.getTime() ?? 0) - eighteenMonths.getTime())).toBeLessThan(60_000);

    const entry = printedEntry(stdout);
    expect(entry).toContain('    name: "Kim: the #1 responder"');
    const rosterPath = join(content, "_data/roster.yaml");
    await writeFile(rosterPath, `${(await readFile(rosterPath, "utf8")).trimEnd()}\n\n${entry}\n`);
    expect((await runConfide(["check", "--content", content])).code).toBe(0);
  });

  it("refuses to save the private key in the content folder, and writes nothing", async () => {
    const { content, passphraseFile, keygen } = await workspace();
    const { code, stderr } = await keygen([
      ...SAM,
      "--passphrase-file",
      passphraseFile,
      "--private-out",
      join(content, "private/sam.sec.asc"),
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain("confide keygen: refusing to save the private key in the content folder");
    expect(stderr).toContain("everything there is published with the site");
    expect(existsSync(join(content, "private"))).toBe(false);
    expect(existsSync(join(content, "keys/sam.asc"))).toBe(false);
  });

  it("refuses a private key path inside a git work tree, unless git ignores it", async () => {
    const { root, content, passphraseFile, keygen } = await workspace();
    const repo = join(root, "site-repo");
    await mkdir(join(repo, "notes"), { recursive: true });
    expect((await runProcess("git", ["init", "--quiet", repo])).code).toBe(0);

    const refused = await keygen([
      ...SAM,
      "--passphrase-file",
      passphraseFile,
      "--private-out",
      join(repo, "notes/sam.sec.asc"),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`refusing to save the private key inside the git repository ${repo}`);
    expect(refused.stderr).toContain("a commit would publish it");
    expect(existsSync(join(repo, "notes/sam.sec.asc"))).toBe(false);
    expect(existsSync(join(content, "keys/sam.asc"))).toBe(false);

    await writeFile(join(repo, ".gitignore"), "secrets/\n");
    const allowed = await keygen([
      ...SAM,
      "--passphrase-file",
      passphraseFile,
      "--private-out",
      join(repo, "secrets/sam.sec.asc"),
    ]);
    expect(allowed.stderr).not.toContain("refusing");
    expect(allowed.code).toBe(0);
    expect(await mode(join(repo, "secrets/sam.sec.asc"))).toBe(0o600);
  });

  it("refuses to overwrite an existing public key file or private key file", async () => {
    const { root, content, passphraseFile, keygen } = await workspace();
    const before = await readFile(join(content, "keys/ada.asc"), "utf8");
    const publicExists = await keygen([
      "--id",
      "ada",
      "--name",
      "Ada",
      "--email",
      "ada@example.org",
      "--passphrase-file",
      passphraseFile,
    ]);
    expect(publicExists.code).toBe(1);
    expect(publicExists.stderr).toContain(
      `${join(content, "keys/ada.asc")} already exists, and was left as it is`,
    );
    expect(await readFile(join(content, "keys/ada.asc"), "utf8")).toBe(before);

    const existing = join(root, "old.sec.asc");
    await writeFile(existing, "an older private key");
    const privateExists = await keygen([
      ...SAM,
      "--passphrase-file",
      passphraseFile,
      "--private-out",
      existing,
    ]);
    expect(privateExists.code).toBe(1);
    expect(privateExists.stderr).toContain(`${existing} already exists, and was left as it is`);
    expect(await readFile(existing, "utf8")).toBe("an older private key");
    expect(existsSync(join(content, "keys/sam.asc"))).toBe(false);
  });

  it("refuses an empty passphrase unless --no-passphrase is given, and asks for a file when there is no terminal", async () => {
    const { passphraseFile, keygen } = await workspace("\n");
    const empty = await keygen([...SAM, "--passphrase-file", passphraseFile]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain(`the passphrase file ${passphraseFile} is empty`);
    expect(empty.stderr).toContain("give --no-passphrase if the key stays on an encrypted disk");

    const noTerminal = await keygen(SAM);
    expect(noTerminal.code).toBe(1);
    expect(noTerminal.stderr).toContain("there is no terminal to ask for a passphrase");
  });

  it.each([
    [
      ["--id", "Sam Smith", "--name", "Sam", "--email", "sam@example.org"],
      '"Sam Smith" cannot be a responder id',
    ],
    [["--id", "../sam", "--name", "Sam", "--email", "sam@example.org"], '"../sam" cannot be a responder id'],
    [
      ["--id", "sam", "--name", "Sam", "--email", "not-an-address"],
      '"not-an-address" is not an email address',
    ],
    [["--id", "sam", "--name", "Sam"], "--email is required"],
    [[...SAM, "--expires", "forever"], '"forever" is not a key lifetime'],
    [[...SAM, "--expires", "20y"], "choose at most 10y"],
    [[...SAM, "--no-passphrase", "--passphrase-file", "f"], "either --passphrase-file or --no-passphrase"],
  ])("explains a bad argument and exits 2: %j", async (args, message) => {
    const { content, keygen } = await workspace();
    const { code, stderr } = await keygen(args);
    expect(stderr).toContain(message);
    expect(stderr).toContain("\n\nconfide keygen --id ID --name NAME --email EMAIL");
    expect(code).toBe(2);
    expect(existsSync(join(content, "keys/sam.asc"))).toBe(false);
  });

  it("makes an RSA 4096 key with --rsa", { timeout: 300_000 }, async () => {
    const { content, passphraseFile, keygen } = await workspace();
    const { code } = await keygen([...SAM, "--rsa", "--passphrase-file", passphraseFile]);
    expect(code).toBe(0);
    const { facts, problems } = await inspectKey({
      armored: await readFile(join(content, "keys/sam.asc"), "utf8"),
      fileName: "keys/sam.asc",
      now: new Date(),
      warnDays: 30,
    });
    expect(problems).toEqual([]);
    expect(facts?.algorithm).toBe("RSA 4096");
  });

  it("makes a key that GnuPG imports as it is, encrypts to, and decrypts with the passphrase", async () => {
    const { home, content, passphraseFile, keygen } = await workspace();
    expect((await keygen([...SAM, "--passphrase-file", passphraseFile])).code).toBe(0);
    const gnupg = await gpgHome();
    const imported = await gpg(gnupg, ["--import", join(content, "keys/sam.asc")]);
    expect(imported.code, imported.stderr).toBe(0);
    const importedPrivate = await gpg(gnupg, ["--import", join(home, ".confide/sam.sec.asc")], {
      passphraseFile,
    });
    expect(importedPrivate.code, importedPrivate.stderr).toBe(0);
    expect(importedPrivate.stderr).toContain("secret keys imported: 1");

    const message = "Reported at the welcome desk, Saturday.\n";
    const encrypted = await gpg(gnupg, ["--armor", "--encrypt", "--recipient", "sam@example.org"], {
      input: message,
    });
    expect(encrypted.code, encrypted.stderr).toBe(0);
    // First without the passphrase (before gpg-agent has it cached): the key is protected.
    const noPassphrase = await gpg(gnupg, ["--decrypt"], { input: encrypted.stdout });
    expect(noPassphrase.code).not.toBe(0);
    const decrypted = await gpg(gnupg, ["--decrypt"], { input: encrypted.stdout, passphraseFile });
    expect(decrypted.code, decrypted.stderr).toBe(0);
    expect(decrypted.stdout).toBe(message);
  });

  it("asks for the passphrase twice on a terminal without showing it", async () => {
    // Issue 13: never skipped in silence. `script` (util-linux, Debian's bsdutils package; .ci/run
    // installs it) gives the command a real terminal; without it this test fails and says so.
    if (!existsSync("/usr/bin/script"))
      throw new Error(
        "/usr/bin/script is missing: install it with `apt-get install -y bsdutils` (util-linux).",
      );
    const { home, content } = await workspace();
    // `script` gives the command a real terminal; the test types at it like a person.
    const command = [
      process.execPath,
      join(PROJECT_ROOT, "bin/confide.js"),
      "keygen",
      ...SAM,
      "--content",
      content,
    ]
      .map((arg) => `'${arg.replaceAll("'", "'\\''")}'`)
      .join(" ");
    const child = spawn("script", ["--quiet", "--return", "--command", command, "/dev/null"], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, HOME: home },
    });
    let screen = "";
    const waitFor = (text: string, from: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${text}" on the terminal:\n${screen}`)), 30_000);
        const look = () => {
          if (screen.indexOf(text, from) === -1) return;
          clearTimeout(timer);
          child.stdout.off("data", look);
          resolve();
        };
        child.stdout.on("data", look);
        look();
      });
    child.stdout.on("data", (chunk) => (screen += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      await waitFor("Passphrase: ", 0);
      child.stdin.write(`${PASSPHRASE}\r`);
      await waitFor("Passphrase again: ", 0);
      child.stdin.write(`${PASSPHRASE}\r`);
      expect(await exited).toBe(0);
    } finally {
      child.kill();
    }
    expect(screen).toContain("Made a key for Sam Example");
    expect(screen).not.toContain(PASSPHRASE);
    const privateKey = await readPrivateKey({
      armoredKey: await readFile(join(home, ".confide/sam.sec.asc"), "utf8"),
    });
    await decryptKey({ privateKey, passphrase: PASSPHRASE });
  });
});
