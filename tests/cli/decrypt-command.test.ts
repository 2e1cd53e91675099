import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMessage, encrypt, enums, generateKey, readKey, readPrivateKey } from "openpgp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInbox } from "../../src/inbox/inbox-server.ts";
import { NOW, PROJECT_ROOT } from "../helpers/content-folder.ts";
import { makeGpgHome, runGpg } from "../helpers/gpg.ts";
import { BZIP2_BOMB } from "../helpers/hostile-messages.ts";
import { moduleLog } from "../helpers/loaded-modules.ts";
import { encryptionKeyIdsOfKey } from "../helpers/recipient-packets.ts";
import { runConfide } from "../helpers/run-cli.ts";
import {
  ADA_PRIVATE,
  ADA_PRIVATE_PATH,
  ADA_PUBLIC,
  csvExport,
  DAMAGED_INDEX,
  type ExportRow,
  encryptedReport,
  exportRows,
  jsonExport,
  OTHER_PUBLIC,
  referenceFor,
} from "../responder/encrypted-reports.ts";

/**
 * Issue 5, `confide decrypt`: a responder reads every report from an export, an email, pasted text or
 * the local inbox, with a key file or with GnuPG.
 */

const PASSPHRASE = "seven quiet otters under the pier";

let dir: string;
let rows: ExportRow[];
let csvPath: string;
let jsonPath: string;
/** A passphrase-protected private key that the report in `lockedReportPath` is encrypted to. */
let lockedKeyPath: string;
let lockedReportPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "confide-decrypt-"));
  rows = await exportRows(200);
  csvPath = join(dir, "formspree-export.csv");
  jsonPath = join(dir, "formspree-export.json");
  await writeFile(csvPath, csvExport(rows));
  await writeFile(jsonPath, jsonExport(rows));

  const { privateKey, publicKey } = await generateKey({
    userIDs: [{ name: "Locked Responder", email: "locked@example.org" }],
    passphrase: PASSPHRASE,
    date: NOW,
    format: "armored",
  });
  lockedKeyPath = join(dir, "locked.sec.asc");
  await writeFile(lockedKeyPath, privateKey, { mode: 0o600 });
  lockedReportPath = join(dir, "locked-report.asc");
  await writeFile(
    lockedReportPath,
    await encryptedReport({ reference: referenceFor(7), recipientKeys: [publicKey] }),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What the summary should say of the 200 exported reports, and the lines that name the others. */
function expectedSummary(location: (index: number) => string): { summary: string; others: string[] } {
  const others = rows.flatMap((row, i) =>
    row.kind === "other" ? [`  ${location(i)}: not addressed to this key`] : [],
  );
  return { summary: "decrypted 186, not addressed to this key 13, damaged 1", others };
}

/**
 * Runs a shell command line in a real terminal (`script`), typing each answer once the screen shows
 * its prompt (counting from where the previous prompt was found), and returns the screen and exit code.
 */
async function inTerminal(
  commandLine: string,
  answers: Array<{ after: string; type: string }>,
): Promise<{ code: number | null; screen: string }> {
  const child = spawn("script", ["--quiet", "--return", "--command", commandLine, "/dev/null"], {
    cwd: PROJECT_ROOT,
  });
  let screen = "";
  child.stdout.on("data", (chunk) => (screen += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  try {
    let from = 0;
    for (const { after, type } of answers) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no "${after}" on the terminal:\n${screen}`)),
          30_000,
        );
        const look = () => {
          const at = screen.indexOf(after, from);
          if (at === -1) return;
          from = at + after.length;
          clearTimeout(timer);
          child.stdout.off("data", look);
          resolve();
        };
        child.stdout.on("data", look);
        look();
      });
      child.stdin.write(type);
    }
    return { code: await exited, screen };
  } finally {
    child.kill();
  }
}

/** A command line for the shell, each argument quoted. */
function shellLine(args: string[]): string {
  return args.map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(" ");
}

function reportHeadings(stdout: string): string[] {
  return [...stdout.matchAll(/^=== Report (R-[0-9A-Z-]+) ===$/gm)].map((match) => match[1] ?? "");
}

const decryptedReferences = () =>
  rows.filter((row) => row.kind === "ada" || row.kind === "both").map((row) => row.reference);

describe("confide decrypt", () => {
  it("decrypts a CSV export of 200 reports and names the row of each one it could not decrypt", async () => {
    const { code, stdout, stderr } = await runConfide(["decrypt", "--key", ADA_PRIVATE_PATH, csvPath]);
    const lines = stderr.trimEnd().split("\n");
    const { summary, others } = expectedSummary((i) => `${csvPath} row ${i + 2}`);
    expect(lines[0]).toBe(summary);
    expect(lines.filter((line) => line.endsWith(": not addressed to this key"))).toEqual(others);
    expect(lines.filter((line) => line.includes("does not decrypt intact"))).toEqual([
      expect.stringMatching(
        new RegExp(`^  ${csvPath} row ${DAMAGED_INDEX + 2}: the message does not decrypt intact`),
      ),
    ]);
    expect(lines).toHaveLength(1 + 13 + 1);
    expect(reportHeadings(stdout)).toEqual(decryptedReferences());
    expect(stdout).toContain(`From:      ${csvPath} row 2\n`);
    expect(code).toBe(1);
  });

  it("decrypts a JSON export of the same reports with the same counts, naming submissions", async () => {
    const { code, stdout, stderr } = await runConfide(["decrypt", "--key", ADA_PRIVATE_PATH, jsonPath]);
    const lines = stderr.trimEnd().split("\n");
    const { summary, others } = expectedSummary((i) => `${jsonPath} submission ${i + 1}`);
    expect(lines[0]).toBe(summary);
    expect(lines.filter((line) => line.endsWith(": not addressed to this key"))).toEqual(others);
    expect(
      lines.some((line) => line.startsWith(`  ${jsonPath} submission ${DAMAGED_INDEX + 1}: the message`)),
    ).toBe(true);
    expect(reportHeadings(stdout)).toEqual(decryptedReferences());
    expect(code).toBe(1);
  });

  it("exits 0 when every report decrypted or was for someone else, and 1 when none was for this key", async () => {
    const good = rows.filter((row) => row.kind !== "damaged").slice(0, 30);
    const goodPath = join(dir, "good.csv");
    await writeFile(goodPath, csvExport(good));
    const ok = await runConfide(["decrypt", "--key", ADA_PRIVATE_PATH, goodPath]);
    expect(ok.stderr.split("\n")[0]).toBe("decrypted 28, not addressed to this key 2, damaged 0");
    expect(ok.code).toBe(0);

    const otherPath = join(dir, "other.asc");
    await writeFile(
      otherPath,
      await encryptedReport({ reference: referenceFor(9), recipientKeys: [OTHER_PUBLIC] }),
    );
    const none = await runConfide(["decrypt", "--key", ADA_PRIVATE_PATH, otherPath]);
    expect(none.stderr).toBe(
      `decrypted 0, not addressed to this key 1, damaged 0\n  ${otherPath} message 1: not addressed to this key\n`,
    );
    expect(none.stdout).toBe("");
    expect(none.code).toBe(1);
  });

  it("reads a quoted-printable email and text pasted on standard input", async () => {
    const armored = await encryptedReport({ reference: referenceFor(11) });
    const emailPath = join(dir, "notification.eml");
    const qp = armored.replaceAll("=", "=3D").replaceAll("-----", "=2D=2D=2D=2D=2D");
    await writeFile(
      emailPath,
      [
        "From: Formspree <noreply@formspree.io>",
        "Subject: New submission from Report",
        "Date: Mon, 01 Mar 2027 12:00:05 +0000",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        `reference: ${referenceFor(11)}`,
        `ciphertext: ${qp}`,
      ].join("\r\n"),
    );
    const email = await runConfide(["decrypt", "--key", ADA_PRIVATE_PATH, emailPath]);
    expect(email.stderr).toBe("decrypted 1, not addressed to this key 0, damaged 0\n");
    expect(reportHeadings(email.stdout)).toEqual([referenceFor(11)]);
    expect(email.stdout).toContain("Received:  2027-03-01T12:00:05.000Z\n");
    expect(email.code).toBe(0);

    const second = await encryptedReport({ reference: referenceFor(12) });
    const pasted = `Ada wrote:\n${armored
      .split("\n")
      .map((line) => `> ${line}`)
      .join("\n")}\nand another one:\n${second}`;
    const stdin = await runConfide(["decrypt", "--key", ADA_PRIVATE_PATH], { input: pasted });
    expect(stdin.stderr).toBe("decrypted 2, not addressed to this key 0, damaged 0\n");
    expect(reportHeadings(stdin.stdout)).toEqual([referenceFor(11), referenceFor(12)]);
    expect(stdin.stdout).toContain("From:      stdin message 2\n");
    expect(stdin.code).toBe(0);
  });

  it("reads standard input given as - among other inputs, in the order given", async () => {
    const onStdin = await encryptedReport({ reference: referenceFor(21) });
    const inFile = join(dir, "file-21.asc");
    await writeFile(inFile, await encryptedReport({ reference: referenceFor(22) }));
    const { code, stdout } = await runConfide(["decrypt", "--key", ADA_PRIVATE_PATH, "-", inFile], {
      input: onStdin,
    });
    expect(reportHeadings(stdout)).toEqual([referenceFor(21), referenceFor(22)]);
    expect(code).toBe(0);
  });

  it("issue 11: decrypts the form's reports with a Curve25519 key without loading openpgp.js, and loads it for any other message", async () => {
    const log = await moduleLog();
    try {
      const reports = await Promise.all(
        [41, 42, 43].map((n) => encryptedReport({ reference: referenceFor(n) })),
      );
      const formReports = join(dir, "form-reports.txt");
      await writeFile(formReports, reports.join("\n"));
      const fast = await log.run(["decrypt", "--key", ADA_PRIVATE_PATH, formReports]);
      expect(fast.stderr).toBe("decrypted 3, not addressed to this key 0, damaged 0\n");
      expect(reportHeadings(fast.stdout)).toEqual([referenceFor(41), referenceFor(42), referenceFor(43)]);
      expect(fast.loaded.filter((url) => /node_modules\/openpgp\//.test(url))).toEqual([]);

      // A compressed message (as gpg writes by default) is not the form's shape: openpgp.js reads it.
      const compressedMessage = await encrypt({
        message: await createMessage({ text: "Sent with gpg, compressed." }),
        encryptionKeys: await readKey({ armoredKey: ADA_PUBLIC }),
        config: { preferredCompressionAlgorithm: enums.compression.zlib },
      });
      const mixed = join(dir, "mixed.txt");
      await writeFile(mixed, [reports[0], compressedMessage].join("\n"));
      const slow = await log.run(["decrypt", "--key", ADA_PRIVATE_PATH, mixed]);
      expect(slow.stderr).toBe("decrypted 2, not addressed to this key 0, damaged 0\n");
      expect(slow.stdout).toContain("Sent with gpg, compressed.");
      expect(slow.loaded.some((url) => /node_modules\/openpgp\//.test(url))).toBe(true);
      expect(slow.code).toBe(0);
    } finally {
      await log.remove();
    }
  });

  it("issue 11: a key file with a passphrase-protected signing-only key beside the decrypting one still decrypts compressed messages", async () => {
    // One binary key file, as `gpg --export-secret-keys A B` writes it: Ada's key, then a locked key
    // that only signs. The fast path reads Ada's; openpgp.js, loaded for the compressed message, must
    // still use Ada's key although the other is locked.
    const { privateKey: signingOnly } = await generateKey({
      userIDs: [{ name: "Signing Only" }],
      subkeys: [],
      passphrase: PASSPHRASE,
      date: NOW,
      format: "object",
    });
    const ada = await readPrivateKey({ armoredKey: ADA_PRIVATE });
    const keyFile = join(dir, "ada-and-signing-only.gpg");
    await writeFile(keyFile, Buffer.concat([ada.write(), signingOnly.write()]), { mode: 0o600 });
    const compressedMessage = await encrypt({
      message: await createMessage({ text: "Compressed, to Ada." }),
      encryptionKeys: await readKey({ armoredKey: ADA_PUBLIC }),
      config: { preferredCompressionAlgorithm: enums.compression.zlib },
    });
    const input = join(dir, "compressed-to-ada.asc");
    await writeFile(input, compressedMessage);
    const { code, stdout, stderr } = await runConfide(["decrypt", "--key", keyFile, input]);
    expect(stderr).toBe("decrypted 1, not addressed to this key 0, damaged 0\n");
    expect(stdout).toContain("Compressed, to Ada.");
    expect(code).toBe(0);
  });

  it("decrypts every report in the local inbox folder, as the inbox stored them", async () => {
    const inboxDir = join(dir, "inbox");
    // The reports name their recipient (Ada's key id), as the form's do: the inbox accepts the roster's ids.
    const receivingKeyIds = await encryptionKeyIdsOfKey(ADA_PUBLIC);
    const inbox = await startInbox({ dir: inboxDir, port: 0, receivingKeyIds });
    try {
      for (const n of [31, 32, 33]) {
        const response = await fetch(`${inbox.url}/f/demo`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            ciphertext: await encryptedReport({ reference: referenceFor(n) }),
            reference: referenceFor(n),
            version: "1",
          }),
        });
        expect(response.status).toBe(200);
      }
    } finally {
      await inbox.close();
    }
    await writeFile(join(inboxDir, "README.txt"), "not a report");
    const { code, stdout, stderr } = await runConfide(["decrypt", "--key", ADA_PRIVATE_PATH, inboxDir]);
    expect(stderr).toBe("decrypted 3, not addressed to this key 0, damaged 0\n");
    expect(reportHeadings(stdout).sort()).toEqual([referenceFor(31), referenceFor(32), referenceFor(33)]);
    expect(stdout).toMatch(/^Received: {2}\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/m);
    expect(code).toBe(0);
  });

  it("with --out, writes one private Markdown file per report and never overwrites one", async () => {
    const out = join(dir, "reports");
    const reportPath = join(dir, "one.asc");
    await writeFile(reportPath, await encryptedReport({ reference: referenceFor(41), submittedAt: NOW }));
    const first = await runConfide(["decrypt", "--key", ADA_PRIVATE_PATH, "--out", out, reportPath]);
    const file = join(out, `2027-03-01-${referenceFor(41)}.md`);
    expect(first.stdout).toBe(`${file}\n`);
    expect(first.code).toBe(0);
    expect((await stat(out)).mode & 0o777).toBe(0o700);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const markdown = await readFile(file, "utf8");
    expect(markdown.startsWith(`# Report ${referenceFor(41).replaceAll("-", "\\-")}\n`)).toBe(true);
    expect(markdown).toContain(`\`\`\`text\nReport ${referenceFor(41)}: someone shouted at me.\n\`\`\``);

    const again = await runConfide(["decrypt", "--key", ADA_PRIVATE_PATH, "--out", out, reportPath]);
    expect(again.stdout).toBe(`${join(out, `2027-03-01-${referenceFor(41)}-2.md`)}\n`);
    expect(await readFile(file, "utf8")).toBe(markdown);
    expect((await readdir(out)).sort()).toEqual([
      `2027-03-01-${referenceFor(41)}-2.md`,
      `2027-03-01-${referenceFor(41)}.md`,
    ]);
  });

  it("unlocks a protected key with --passphrase-file or CONFIDE_PASSPHRASE", async () => {
    const passphraseFile = join(dir, "passphrase.txt");
    await writeFile(passphraseFile, `${PASSPHRASE}\n`, { mode: 0o600 });
    const fromFile = await runConfide([
      "decrypt",
      "--key",
      lockedKeyPath,
      "--passphrase-file",
      passphraseFile,
      lockedReportPath,
    ]);
    expect(reportHeadings(fromFile.stdout)).toEqual([referenceFor(7)]);
    expect(fromFile.code).toBe(0);

    const fromEnv = await runConfide(["decrypt", "--key", lockedKeyPath, lockedReportPath], {
      env: { CONFIDE_PASSPHRASE: PASSPHRASE },
    });
    expect(reportHeadings(fromEnv.stdout)).toEqual([referenceFor(7)]);
    expect(fromEnv.code).toBe(0);
  });

  /** `confide decrypt --key <the passphrase-protected key>`, as a terminal user types it. */
  const confideDecryptLocked = () => [
    process.execPath,
    join(PROJECT_ROOT, "bin/confide.js"),
    "decrypt",
    "--key",
    lockedKeyPath,
  ];

  it("asks for the passphrase on the terminal without showing it, and asks again after a wrong one", async () => {
    const confide = confideDecryptLocked();
    const { code, screen } = await inTerminal(shellLine([...confide, lockedReportPath]), [
      { after: `Passphrase for ${lockedKeyPath}: `, type: "wrong guess\r" },
      { after: "That passphrase does not unlock the key. Try again.", type: "" },
      { after: `Passphrase for ${lockedKeyPath}: `, type: `${PASSPHRASE}\r` },
    ]);
    expect(screen).toContain(`=== Report ${referenceFor(7)} ===`);
    expect(screen).not.toContain(PASSPHRASE);
    expect(screen).not.toContain("wrong guess");
    expect(code).toBe(0);
  });

  it("asks on the terminal when the reports come in on standard input", async () => {
    const confide = confideDecryptLocked();
    const { code, screen } = await inTerminal(
      `cat ${shellLine([lockedReportPath])} | ${shellLine(confide)}`,
      [{ after: `Passphrase for ${lockedKeyPath}: `, type: `${PASSPHRASE}\r` }],
    );
    expect(screen).toContain(`=== Report ${referenceFor(7)} ===`);
    expect(screen).toContain("From:      stdin message 1");
    expect(screen).not.toContain(PASSPHRASE);
    expect(code).toBe(0);
  });

  it("refuses a wrong passphrase with a clear error, without printing it", async () => {
    const wrong = "not the passphrase at all";
    const { code, stdout, stderr } = await runConfide(["decrypt", "--key", lockedKeyPath, lockedReportPath], {
      env: { CONFIDE_PASSPHRASE: wrong },
    });
    expect(stderr).toBe(
      `confide decrypt: the passphrase from $CONFIDE_PASSPHRASE does not unlock ${lockedKeyPath}. Nothing was decrypted.\n`,
    );
    expect(`${stdout}${stderr}`).not.toContain(wrong);
    expect(code).toBe(1);
  });

  it("refuses a public key given as --key, and says how to get the private one", async () => {
    const publicPath = join(dir, "ada.pub.asc");
    await writeFile(publicPath, ADA_PUBLIC);
    const { code, stderr } = await runConfide(["decrypt", "--key", publicPath, csvPath]);
    expect(stderr).toMatch(
      new RegExp(
        `^confide decrypt: ${publicPath} holds only a public key, which can encrypt but not decrypt\\.`,
      ),
    );
    expect(stderr).toContain("gpg --export-secret-keys --armor");
    expect(code).toBe(1);
  });

  it("says when the key file cannot be read, or an input does not exist", async () => {
    const missingKey = await runConfide(["decrypt", "--key", join(dir, "nope.asc"), csvPath]);
    expect(missingKey.stderr).toBe(
      `confide decrypt: cannot read the key file ${join(dir, "nope.asc")}: no such file or folder.\n`,
    );
    expect(missingKey.code).toBe(1);
    const missingInput = await runConfide(["decrypt", "--key", ADA_PRIVATE_PATH, join(dir, "nope.csv")]);
    expect(missingInput.stderr).toBe(
      `confide decrypt: cannot read ${join(dir, "nope.csv")}: no such file or folder. Nothing was decrypted.\n`,
    );
    expect(missingInput.code).toBe(1);
  });

  it("exits 2 with the usage when no key is named, or both --key and --gpg are", async () => {
    const none = await runConfide(["decrypt", csvPath]);
    expect(none.stderr).toMatch(/^confide decrypt: say which key decrypts the reports/);
    expect(none.stderr).toContain(
      "\n\nconfide decrypt --key FILE [--passphrase-file F] [--out DIR] [--gpg] [--content DIR] [INPUT...]\n",
    );
    expect(none.code).toBe(2);
    const both = await runConfide(["decrypt", "--key", ADA_PRIVATE_PATH, "--gpg", csvPath]);
    expect(both.stderr).toMatch(/^confide decrypt: give either --key FILE or --gpg, not both\./);
    expect(both.code).toBe(2);
  });

  it("escapes control characters a report carries before they reach the terminal", async () => {
    const path = join(dir, "hostile.asc");
    await writeFile(
      path,
      await encryptedReport({
        reference: referenceFor(51),
        answers: { what: "\u001b[2J\u001b[1;1HNothing to see here\u001b]0;title\u0007", who: "\u009b31m" },
      }),
    );
    const { code, stdout } = await runConfide(["decrypt", "--key", ADA_PRIVATE_PATH, path]);
    for (const control of ["\u001b", "\u0007", "\u009b"]) expect(stdout).not.toContain(control);
    expect(stdout).toContain("    \\x1B[2J\\x1B[1;1HNothing to see here\\x1B]0;title\\x07\n");
    expect(stdout).toContain("    \\x9B31m\n");
    expect(code).toBe(0);
  });

  it("decrypts with the GnuPG keyring in GNUPGHOME when given --gpg", async () => {
    const home = await mkdtemp(join(tmpdir(), "confide-gnupg-"));
    try {
      await chmod(home, 0o700);
      const imported = await runGpg(home, ["--import"], { input: ADA_PRIVATE });
      expect(imported.code).toBe(0);
      const subset = join(dir, "gpg-subset.csv");
      await writeFile(subset, csvExport(rows.slice(0, 40)));
      const { code, stdout, stderr } = await runConfide(["decrypt", "--gpg", subset], {
        env: { GNUPGHOME: home },
      });
      expect(stderr).toBe(
        [
          "decrypted 37, not addressed to this key 3, damaged 0",
          `  ${subset} row 5: not addressed to this key`,
          `  ${subset} row 21: not addressed to this key`,
          `  ${subset} row 37: not addressed to this key`,
          "",
        ].join("\n"),
      );
      expect(reportHeadings(stdout)).toEqual(
        rows
          .slice(0, 40)
          .filter((row) => row.kind !== "other")
          .map((row) => row.reference),
      );
      expect(code).toBe(0);
    } finally {
      await new Promise((resolve) =>
        spawn("gpgconf", ["--homedir", home, "--kill", "all"]).on("close", resolve).on("error", resolve),
      );
      await rm(home, { recursive: true, force: true });
    }
  });

  it("with --content, shows each question of a report in another language in the site's own words too", async () => {
    const report = join(dir, "arabic-report.asc");
    await writeFile(
      report,
      await encryptedReport({ reference: referenceFor(9), language: "ar", labels: { what: "ماذا حدث؟" } }),
    );
    const { code, stdout } = await runConfide([
      "decrypt",
      "--key",
      ADA_PRIVATE_PATH,
      "--content",
      "content",
      report,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain("ماذا حدث؟ [what]\n  = What happened?\n    Report ");
    const missing = await runConfide([
      "decrypt",
      "--key",
      ADA_PRIVATE_PATH,
      "--content",
      "/nonexistent",
      report,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("confide decrypt: cannot read /nonexistent/_data/report.yaml");
  });

  it("says when nothing in the inputs is an encrypted report", async () => {
    const path = join(dir, "notes.txt");
    await mkdir(join(dir, "empty-inbox"), { recursive: true });
    await writeFile(path, "just some notes\n");
    const { code, stderr } = await runConfide([
      "decrypt",
      "--key",
      ADA_PRIVATE_PATH,
      path,
      join(dir, "empty-inbox"),
    ]);
    expect(stderr).toBe(
      `confide decrypt: no encrypted report was found in ${path}, ${join(dir, "empty-inbox")} (an encrypted report starts with "-----BEGIN PGP MESSAGE-----").\n`,
    );
    expect(code).toBe(1);
  });

  it("issue 10: refuses a 789-byte report of 256 MiB by name and still prints the five others, with --key and --gpg", async () => {
    const inboxDir = join(dir, "hostile-inbox");
    await mkdir(inboxDir, { recursive: true });
    const record = (reference: string, ciphertext: string) =>
      `${JSON.stringify({ reference, version: "1", ciphertext, receivedAt: "2027-03-01T12:00:00.000Z", formId: "demo" })}\n`;
    const references = [40, 41, 42, 43, 44].map(referenceFor);
    for (const [i, reference] of references.entries()) {
      await writeFile(
        join(inboxDir, `2027-03-01T12000${i * 2}Z-${reference}.json`),
        record(reference, await encryptedReport({ reference })),
      );
    }
    const bombPath = join(inboxDir, "2027-03-01T120003Z-R-BOMB-0001.json");
    await writeFile(bombPath, record("R-BOMB-0001", BZIP2_BOMB));
    const expectedErr = [
      "decrypted 5, not addressed to this key 0, damaged 0, refused 1",
      `  ${bombPath} submission 1: refused: it would decrypt to more than 8 MiB, far more than any report (a compressed "decompression bomb", or not a report)`,
      "",
    ].join("\n");

    const withKey = await runConfide(["decrypt", "--key", ADA_PRIVATE_PATH, inboxDir]);
    expect(withKey.stderr).toBe(expectedErr);
    expect(reportHeadings(withKey.stdout)).toEqual(references);
    expect(withKey.code).toBe(1);

    const gpg = await makeGpgHome([ADA_PRIVATE]);
    try {
      const withGpg = await runConfide(["decrypt", "--gpg", inboxDir], { env: { GNUPGHOME: gpg.home } });
      expect(withGpg.stderr).toBe(expectedErr);
      expect(reportHeadings(withGpg.stdout)).toEqual(references);
      expect(withGpg.code).toBe(1);
    } finally {
      await gpg.remove();
    }
  });

  it("issue 10: decrypts the reports in a 130,000-row CSV export", async () => {
    const real = new Map([10, 65_000, 129_990].map((row, i) => [row, referenceFor(50 + i)]));
    const cells = new Map<number, string>();
    for (const [row, reference] of real) cells.set(row, await encryptedReport({ reference }));
    const lines = ["Date,reference,ciphertext"];
    for (let row = 0; row < 130_000; row++) {
      const reference = real.get(row) ?? referenceFor(100_000 + row);
      // Filler: messages cut short, found damaged before decryption (130,000 real decryptions take minutes).
      const cell = cells.get(row) ?? "-----BEGIN PGP MESSAGE-----\n\nwx==\n";
      lines.push(`2027-03-01 12:00:00,${reference},"${cell}"`);
    }
    const path = join(dir, "huge-export.csv");
    await writeFile(path, `${lines.join("\n")}\n`);
    const { code, stdout, stderr } = await runConfide(["decrypt", "--key", ADA_PRIVATE_PATH, path]);
    expect(stderr.split("\n")[0]).toBe("decrypted 3, not addressed to this key 0, damaged 129997");
    expect(reportHeadings(stdout)).toEqual([...real.values()]);
    expect(code).toBe(1);
  });
});
