import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_PATHS } from "../../src/server/dev-overlay.ts";
import { type DevServer, startDevServer } from "../../src/server/dev-server.ts";
import { contentFolder, lineOf } from "../helpers/content-folder.ts";
import { useSharedBrowser } from "../helpers/run-resources.ts";

// Issue 12: the live preview (`npm run dev`) rebuilds on save, serves the change, keeps the inbox on
// its origin, and shows a broken page's problems instead of stopping.

/** Polls until `check` returns a value (not undefined), or fails after `seconds`. */
async function eventually<T>(check: () => Promise<T | undefined>, what: string, seconds = 60): Promise<T> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

// Each save rebuilds the whole example: seconds each, more on a busy machine.
describe("the live preview (issue 12)", { timeout: 180_000 }, () => {
  const browser = useSharedBrowser();
  let preview: DevServer;
  let content: { dir: string; cleanup: () => Promise<void> };
  let scratch = "";
  const page = async (path: string) => (await fetch(`${preview.url}${path}`)).text();
  const problems = async () =>
    ((await (await fetch(`${preview.url}${DEV_PATHS.diagnostics}`)).json()) as { problems: string[] })
      .problems;

  beforeAll(async () => {
    content = await contentFolder({}, { translations: false });
    scratch = await mkdtemp(join(tmpdir(), "confide-preview-"));
    const quiet = { info: () => {}, error: () => {} };
    preview = await startDevServer({
      contentDir: content.dir,
      outDir: join(scratch, "site"),
      inboxDir: join(scratch, "inbox"),
      port: 0,
      log: quiet,
    });
  });
  afterAll(async () => {
    await preview?.close();
    await content?.cleanup();
    await rm(scratch, { recursive: true, force: true });
  });

  it("serves a page edited after it started, rebuilt on save", async () => {
    const before = await page("/reporting/");
    expect(before).toContain("<h1>How to report an incident</h1>");
    expect(before).toContain(`src="${DEV_PATHS.overlay}"`);
    const file = join(content.dir, "reporting.md");
    await writeFile(file, `${await readFile(file, "utf8")}\nThe preview saw this sentence.\n`);
    await eventually(
      async () => ((await page("/reporting/")).includes("The preview saw this sentence.") ? true : undefined),
      "the edited page",
    );
    expect(await problems()).toEqual([]);
  });

  it("keeps serving the last good build and reports a broken page's problem at its line, then clears it", async () => {
    const file = join(content.dir, "reporting.md");
    const good = await readFile(file, "utf8");
    const broken = good.replace("{{ site.follow_up }}", "{{ follow_up }}");
    await writeFile(file, broken);
    const [problem] = await eventually(async () => {
      const found = await problems();
      return found.length > 0 ? found : undefined;
    }, "the problem");
    expect(problem).toMatch(
      new RegExp(
        `reporting\\.md:${lineOf(broken, "{{ follow_up }}")}:\\d+: error: \\{\\{ follow_up \\}\\} is not something a page can print\\. Fix: Did you mean \\{\\{ site\\.follow_up \\}\\}`,
      ),
    );
    expect(await page("/reporting/")).toContain("The preview saw this sentence.");
    await writeFile(file, good);
    await eventually(async () => ((await problems()).length === 0 ? true : undefined), "the fix");
  });

  it("shows the problems over the page in the browser, and reloads it once they are fixed", async () => {
    const context = await browser().newContext();
    try {
      const tab = await context.newPage();
      const violations: string[] = [];
      tab.on("console", (message) => {
        if (/Content Security Policy|Trusted Type/i.test(message.text())) violations.push(message.text());
      });
      await tab.goto(`${preview.url}/reporting/`);
      const file = join(content.dir, "reporting.md");
      const good = await readFile(file, "utf8");
      await writeFile(file, good.replace("{{ site.follow_up }}", "{{ follow_up }}"));
      const overlay = tab.getByRole("alert", { name: "Problems in the content" });
      await overlay.waitFor({ timeout: 60_000 });
      expect(await overlay.textContent()).toContain("{{ follow_up }} is not something a page can print.");
      await writeFile(file, good);
      await overlay.waitFor({ state: "detached", timeout: 60_000 });
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("keeps the local inbox on the same origin", async () => {
    const response = await fetch(`${preview.url}/f/xdemoform`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ ciphertext: "not a message", reference: "R-AAAA-AAAA", version: 1 }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get("content-type")).toMatch(/json/);
  });
});
