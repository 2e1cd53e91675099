import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_CONTENT } from "../helpers/content-folder.ts";
import { demoPrivateKeyPath, demoReport } from "../helpers/desk-fixtures.ts";
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

  it("refuses --key with --gpg, and a passphrase file without a key, as usage mistakes", async () => {
    const both = await runConfide(["desk", "--gpg", "--key", "k.asc"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give either --key FILE or --gpg, not both.");
    const alone = await runConfide(["desk", "--passphrase-file", "p.txt"]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain("--passphrase-file goes with --key FILE.");
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
});
