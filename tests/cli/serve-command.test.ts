import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { UsageError } from "../../src/cli/args.ts";
import { serveCommand } from "../../src/cli/serve-command.ts";
import { startConfide } from "../helpers/confide-process.ts";
import { contentFolder, EXAMPLE_CONTENT } from "../helpers/content-folder.ts";
import { encryptedReport, OTHER_PUBLIC, referenceFor } from "../responder/encrypted-reports.ts";

afterEach(() => vi.restoreAllMocks());

describe("confide serve: before it serves", () => {
  it.each([
    [["--port", "http"], '"http" is not a port number.'],
    [["--port", "65536"], '"65536" is not a port number.'],
    [["--port", "80.5"], '"80.5" is not a port number.'],
    [["--port", ""], '"" is not a port number.'],
    [["mysite"], 'unexpected argument "mysite". A content folder is given as --content mysite.'],
    [["--watch", "--no-build"], "--watch builds on every save: leave out --no-build."],
  ])("refuses %j with a usage error", async (args, message) => {
    const attempt = serveCommand(args);
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(message);
  });

  it("prints every problem of the content as file:line:col and exits 1, building and serving nothing", async () => {
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    const { dir, cleanup } = await contentFolder(
      { "_data/site.yaml": "event: [\n" },
      { translations: false },
    );
    const out = join(dir, "never-built");
    try {
      expect(await serveCommand(["--content", dir, "--out", out, "--port", "0"])).toBe(1);
      const lines = printed.mock.calls.map((call) => String(call[0]));
      expect(lines[0]).toMatch(
        new RegExp(`^${dir}/_data/site\\.yaml:\\d+:\\d+: error: This is not valid YAML`),
      );
      expect(lines.at(-1)).toBe(
        `\nThe content in ${dir} has problems; nothing was built. Run "npx confide check" after each fix.`,
      );
      await expect(readdir(out)).rejects.toThrow(/ENOENT/);
    } finally {
      await cleanup();
    }
  });
});

describe("confide serve --no-build: serving", () => {
  let out = "";
  let inbox = "";
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "confide-serve-out-"));
    inbox = await mkdtemp(join(tmpdir(), "confide-serve-inbox-"));
    await writeFile(join(out, "index.html"), "<h1>already built</h1>");
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
    await rm(inbox, { recursive: true, force: true });
  });

  it("serves the folder and the inbox on one origin, accepting only the roster's keys, and stops on TERM", async () => {
    const serve = await startConfide(
      ["serve", "--no-build", "--content", EXAMPLE_CONTENT, "--out", out, "--inbox", inbox, "--port", "0"],
      /Serving .+ at (http:\/\/[^\s]+)\/ \(Ctrl\+C to stop\)/,
    );
    let code: number | null = null;
    try {
      const [, url] = serve.ready;
      expect(await (await fetch(`${url}/`)).text()).toBe("<h1>already built</h1>");
      const post = (ciphertext: string, n: number) =>
        fetch(`${url}/f/xdemoform`, {
          method: "POST",
          headers: { "content-type": "application/json", referer: `${url}/report/` },
          body: JSON.stringify({ ciphertext, reference: referenceFor(n), version: "2", _gotcha: "" }),
        });
      // To Ada, a receiving responder, with her key id visible: stored.
      expect((await post(await encryptedReport({ reference: referenceFor(1) }), 1)).status).toBe(200);
      // To a key that is no responder's: refused by name.
      const stranger = await post(
        await encryptedReport({ reference: referenceFor(2), recipientKeys: [OTHER_PUBLIC] }),
        2,
      );
      expect(stranger.status).toBe(422);
      expect(JSON.stringify(await stranger.json())).toContain("UNKNOWN_RECIPIENT");
      const stored = (await readdir(inbox, { recursive: true })).filter((name) => name.endsWith(".json"));
      expect(stored).toEqual([expect.stringContaining(referenceFor(1))]);
    } finally {
      code = await serve.stop();
    }
    expect(code).toBe(0);
    expect(serve.stdout()).toContain(`Reports sent with the form are stored, encrypted, in ${inbox}/`);
  });
});
