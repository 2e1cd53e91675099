import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/args.ts";
import { inboxCommand } from "../../src/cli/inbox-command.ts";
import { encryptReport } from "../../src/report/encrypt-report.ts";
import { startConfide } from "../helpers/confide-process.ts";
import { fixtureKey, NOW } from "../helpers/content-folder.ts";

describe("confide inbox: its options", () => {
  // Each is refused before anything listens, so these run in this process.
  it.each([
    [["stray"], 'unexpected argument "stray".'],
    [["--port", "http"], '"http" is not a port number.'],
    [["--port=-1"], '"-1" is not a port number.'],
    [["--port", "65536"], '"65536" is not a port number.'],
    [["--port", "80.5"], '"80.5" is not a port number.'],
    [["--port", ""], '"" is not a port number.'],
    [["--form-id", "team/../x"], '"team/../x" is not a form id: use letters, digits, "-" and "_" only.'],
    [["--form-id", "équipe"], '"équipe" is not a form id: use letters, digits, "-" and "_" only.'],
    [
      ["--allow-origin", "https://coc.example.org/report/"],
      '"https://coc.example.org/report/" is not an origin',
    ],
    [["--allow-origin", "ftp://coc.example.org"], '"ftp://coc.example.org" is not an origin'],
    [
      ["--allow-origin", "coc.example.org"],
      '"coc.example.org" is not an origin: write it as https://host or http://host:port.',
    ],
    [["--allow-origin", "https://user@coc.example.org"], '"https://user@coc.example.org" is not an origin'],
  ])("refuses %j with a usage error", async (args, message) => {
    const attempt = inboxCommand(args);
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(message);
  });
});

describe("confide inbox: running", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "confide-inbox-command-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("listens where it says, stores a report in --dir, answers an allowed origin, and stops on TERM", async () => {
    const inbox = await startConfide(
      [
        "inbox",
        "--port",
        "0",
        "--dir",
        dir,
        "--form-id",
        "team",
        "--allow-origin",
        "https://coc.example.org/",
      ],
      /Inbox listening at (http:\/\/127\.0\.0\.1:\d+)\/f\/team, storing reports in (.+) \(Ctrl\+C to stop\)/,
    );
    let code: number | null = null;
    try {
      const [, url, stored] = inbox.ready;
      expect(stored).toBe(dir);
      const ciphertext = await encryptReport({
        plaintext: "report",
        recipientKeys: [(await fixtureKey("gpg-ed25519")).armored],
        hideRecipients: true,
        now: NOW,
      });
      const answer = await fetch(`${url}/f/team`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://coc.example.org" },
        body: JSON.stringify({ ciphertext, reference: "R-7K2M-9QXD", version: "2", _gotcha: "" }),
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("access-control-allow-origin")).toBe("https://coc.example.org");
      const files = (await readdir(dir, { recursive: true })).filter((name) => name.endsWith(".json"));
      expect(files).toHaveLength(1);
      expect(await readFile(join(dir, files[0] as string), "utf8")).toContain(ciphertext.split("\n")[2]);

      const elsewhere = await fetch(`${url}/f/team`, {
        method: "OPTIONS",
        headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
      });
      expect(elsewhere.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      code = await inbox.stop();
    }
    expect(code).toBe(0);
    expect(inbox.stdout()).toMatch(/Inbox stopped\.\n$/);
    expect(inbox.stderr()).toBe("");
  });
});
