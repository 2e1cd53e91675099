import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openerPage } from "../../src/desk/opener-page.ts";
import { startConfide } from "../helpers/confide-process.ts";
import { EXAMPLE_CONTENT } from "../helpers/content-folder.ts";
import { demoPrivateKeyPath, demoReport, protectedDemoKey } from "../helpers/desk-fixtures.ts";
import { startDesk } from "../helpers/desk-process.ts";
import { runConfide } from "../helpers/run-cli.ts";

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "confide-desk-cli-"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe("confide desk", () => {
  it("explains its options with --help", async () => {
    const result = await runConfide(["desk", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("--cases DIR");
    expect(result.stdout).toContain("127.0.0.1");
  });

  it("refuses --key with --gpg, a passphrase file without a key and an empty port, as usage mistakes", async () => {
    const both = await runConfide(["desk", "--gpg", "--key", "k.asc"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give either --key FILE or --gpg, not both.");
    const alone = await runConfide(["desk", "--passphrase-file", "p.txt"]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain("--passphrase-file goes with --key FILE.");
    const port = await runConfide(["desk", "--port", ""]);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('"" is not a port number.');
  });

  it("says which content folder is missing", async () => {
    const result = await runConfide(["desk", "--no-open", "--content", join(work, "nowhere")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /the content folder .*nowhere does not exist: give the site's content folder with --content DIR/,
    );
  });

  it("brings in the reports named on its command line once a key without passphrase unlocks it", {
    timeout: 30_000,
  }, async () => {
    const report = join(work, "report.asc");
    await writeFile(
      report,
      await demoReport({
        reference: "R-CLI0-0001",
        to: ["ada"],
        answers: { what: "from the command line" },
        submittedAt: new Date("2027-06-05T14:03:27Z"),
      }),
    );
    const cases = join(work, "cases");
    const desk = await startDesk([
      "--content",
      EXAMPLE_CONTENT,
      "--cases",
      cases,
      "--key",
      demoPrivateKeyPath("ada"),
      report,
    ]);
    try {
      expect(desk.stderr()).toContain("confide desk: new cases brought in: 1.");
      expect(await readdir(cases)).toEqual(["R-CLI0-0001.case.asc"]);
    } finally {
      expect(await desk.stop()).toBe(0);
    }
  });

  it("unlocks a protected key from --passphrase-file, and refuses a wrong one before it serves anything", {
    timeout: 30_000,
  }, async () => {
    const key = join(work, "mei-protected.asc");
    await writeFile(key, await protectedDemoKey("mei", "right words"), { mode: 0o600 });
    const wrong = join(work, "wrong.txt");
    await writeFile(wrong, "wrong words\n", { mode: 0o600 });
    const refused = await runConfide([
      "desk",
      "--no-open",
      "--content",
      EXAMPLE_CONTENT,
      "--cases",
      join(work, "c2"),
      "--key",
      key,
      "--passphrase-file",
      wrong,
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`the passphrase from ${wrong} does not unlock ${key}.`);
    expect(refused.stdout).not.toContain("The desk is open");

    const right = join(work, "right.txt");
    await writeFile(right, "right words\n", { mode: 0o600 });
    const desk = await startDesk([
      "--content",
      EXAMPLE_CONTENT,
      "--cases",
      join(work, "c2"),
      "--key",
      key,
      "--passphrase-file",
      right,
    ]);
    try {
      const state = await fetch(`${desk.origin}/api/state`, {
        headers: { "x-confide-desk-token": desk.token },
      });
      expect(await state.json()).toMatchObject({
        unlocked: true,
        me: "Mei Lin Chen",
        unlock: { kind: "unlocked" },
      });
    } finally {
      await desk.stop();
    }
  });
});

describe("issue 15: desk: the browser it opens", () => {
  it("is started on a forwarding file, so the token is never on a command line other users can read", {
    timeout: 30_000,
  }, async () => {
    // A stand-in for the system's opener: it writes down what it was given.
    const bin = join(work, "bin");
    await mkdir(bin);
    const argvFile = join(work, "opener-argv.txt");
    await writeFile(join(bin, "xdg-open"), `#!/bin/sh\nprintf '%s\\n' "$@" > "${argvFile}"\n`, {
      mode: 0o755,
    });
    const desk = await startConfide(
      [
        "desk",
        "--port",
        "0",
        "--content",
        EXAMPLE_CONTENT,
        "--cases",
        join(work, "c3"),
        "--key",
        demoPrivateKeyPath("ada"),
      ],
      /The desk is open at (http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/,
      { PATH: `${bin}:${process.env.PATH ?? ""}` },
    );
    const address = desk.ready[1] ?? "";
    let opened = "";
    try {
      await expect.poll(async () => (opened = await readFile(argvFile, "utf8").catch(() => ""))).not.toBe("");
      const token = address.split("#token=")[1] ?? "";
      expect(token).toHaveLength(43);
      expect(opened).not.toContain(token);
      expect(opened).toMatch(/^file:\/\/\S+\/open-desk\.html\n$/);
      const page = fileURLToPath(opened.trim());
      expect((await stat(page)).mode & 0o777).toBe(0o600);
      expect(await readFile(page, "utf8")).toBe(openerPage(address));
    } finally {
      expect(await desk.stop()).toBe(0);
    }
    // Removed when the desk stops: the token is useless then, but the file has no reason to stay.
    await expect(stat(fileURLToPath(opened.trim()))).rejects.toThrow(/ENOENT/);
  });
});
