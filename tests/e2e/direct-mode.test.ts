import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/build/build-site.ts";
import { createInboxHandler, SPAM_FOLDER } from "../../src/inbox/inbox-server.ts";
import { parseReceivingKeysDocument } from "../../src/roster/receiving-key-ids.ts";
import { type RunningServer, startSiteServer } from "../../src/server/site-server.ts";
import { urls } from "../../src/site/urls.ts";
import { EXAMPLE_CONTENT } from "../helpers/content-folder.ts";
import { useSharedBrowser } from "../helpers/run-resources.ts";

/**
 * Issue 16, direct mode: the page posts straight to a Formspree-compatible endpoint on another origin
 * (here the local inbox, restricted to the site's domain as Formspree's "Restrict to domain" is). A
 * report that leaves someone out is one post per chosen responder's personal inbox, each with the
 * site's origin as its referrer (the page itself keeps `Referrer-Policy: no-referrer`), so none is
 * filed as spam.
 */

const browser = useSharedBrowser();
let work: string;
let inboxDir: string;
let endpoint: Server;
let endpointUrl: string;
let site: RunningServer;
/** Inbox form ids that answer 503 for now, as a Formspree outage for one form would. */
const failing = new Set<string>();
/** Set once the site's origin is known: the endpoint answers only then. */
let handler: ((request: IncomingMessage, response: ServerResponse) => Promise<void>) | undefined;
const posted: Array<{ path: string; referer: string | undefined; origin: string | undefined }> = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "confide-direct-"));
  inboxDir = join(work, "inbox");
  endpoint = createServer((request, response) => {
    if (request.method === "POST")
      posted.push({
        path: request.url ?? "",
        referer: request.headers.referer,
        origin: request.headers.origin,
      });
    const formId = /^\/f\/([\w-]+)$/.exec(request.url ?? "")?.[1];
    if (request.method === "POST" && formId && failing.has(formId)) {
      request.resume();
      response
        .writeHead(503, { "content-type": "application/json", "access-control-allow-origin": "*" })
        .end(JSON.stringify({ error: "Service unavailable" }));
      return;
    }
    void handler?.(request, response);
  });
  await new Promise<void>((resolve) => endpoint.listen(0, "127.0.0.1", resolve));
  const address = endpoint.address();
  endpointUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const out = join(work, "site");
  await buildSite({ contentDir: EXAMPLE_CONTENT, outDir: out, formEndpoint: endpointUrl });
  site = await startSiteServer({ root: out, inboxDir: join(work, "unused"), port: 0, host: "127.0.0.1" });
  const published = parseReceivingKeysDocument(await readFile(join(out, urls.receivingKeyIds), "utf8"));
  handler = createInboxHandler({
    dir: inboxDir,
    receivingKeyIds: published?.receivingKeyIds ?? [],
    formIds: ["xdemoform", "xdemoada", "xdemotomas", "xdemomei"],
    personalInboxes: ["xdemoada", "xdemotomas", "xdemomei"],
    restrictTo: new URL(site.url).origin,
    // Formspree answers the site's pages (CORS); the local inbox names the origins it answers.
    allowedOrigins: [new URL(site.url).origin],
  });
}, 120_000);

afterAll(async () => {
  await site?.close();
  await new Promise((resolve) => endpoint?.close(resolve));
  endpoint?.closeAllConnections();
  if (work) await rm(work, { recursive: true, force: true });
});

const stored = async (dir: string) =>
  (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith(".json")).sort();

describe("issue 16: direct mode, the browser posting each copy", () => {
  it("posts one copy per chosen responder to their personal inbox, with the site's origin as referrer, nothing to the team or the one left out", async () => {
    const context = await browser().newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}/report/`);
      await page.locator("fieldset.report-fieldset:not([disabled])").waitFor();
      await page.locator("#report-what").fill("Someone kept following me between talks.");
      await page.getByRole("checkbox", { name: /Adaeze Okafor/ }).uncheck();
      await page.locator("button.send").click();
      await page.getByRole("heading", { name: "Your report has been sent" }).waitFor();
      const reference = (await page.locator(".reference").first().textContent())?.trim() ?? "";

      // Two posts straight from the browser, one per personal inbox (no fan-out body in direct mode).
      expect(posted.map((p) => p.path).sort()).toEqual(["/f/xdemomei", "/f/xdemotomas"]);
      for (const post of posted) expect(post.referer).toBe(`${new URL(site.url).origin}/`);

      const files = await stored(inboxDir);
      expect(files.map((name) => name.replace(/^\S+?Z-/, "")).sort()).toEqual([
        `${reference}.xdemomei.json`,
        `${reference}.xdemotomas.json`,
      ]);
      expect(await stored(join(inboxDir, SPAM_FOLDER))).toEqual([]);
      for (const name of files) {
        const record = JSON.parse(await readFile(join(inboxDir, name), "utf8")) as Record<string, string>;
        expect(Object.keys(record).sort()).toEqual([
          "ciphertext",
          "formId",
          "receivedAt",
          "reference",
          "version",
        ]);
      }
    } finally {
      await context.close();
    }
  }, 60_000);

  it("shows a partial delivery honestly (Tomás's copy arrived, Mei's did not), and the retry posts only the missing copy", async () => {
    posted.length = 0;
    failing.add("xdemomei");
    const context = await browser().newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}/report/`);
      await page.locator("fieldset.report-fieldset:not([disabled])").waitFor();
      await page.locator("#report-what").fill("It happened again at the evening social.");
      await page.getByRole("checkbox", { name: /Adaeze Okafor/ }).uncheck();
      await page.locator("button.send").click();
      const partly = page.locator(".failure .partly-sent");
      await partly.waitFor();
      expect(await partly.textContent()).toBe(
        "Your report reached Tomás Rivera, but not yet Mei Lin Chen. Sending again sends only the missing copies.",
      );
      expect(posted.map((p) => p.path).sort()).toEqual(["/f/xdemomei", "/f/xdemotomas"]);

      failing.clear();
      await page.locator("button.send").click();
      await page.getByRole("heading", { name: "Your report has been sent" }).waitFor();
      const reference = (await page.locator(".reference").first().textContent())?.trim() ?? "";
      // One more post, for Mei only: Tomás's copy is never sent twice.
      expect(posted.map((p) => p.path).sort()).toEqual(["/f/xdemomei", "/f/xdemomei", "/f/xdemotomas"]);
      const files = (await stored(inboxDir)).filter((name) => name.includes(reference));
      expect(files.map((name) => name.replace(/^\S+?Z-/, "")).sort()).toEqual([
        `${reference}.xdemomei.json`,
        `${reference}.xdemotomas.json`,
      ]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
