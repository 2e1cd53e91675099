import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as openpgp from "openpgp";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFERENCE_PATTERN } from "../../src/report/report-reference.ts";
import { urls } from "../../src/site/urls.ts";
import { EXAMPLE_CONTENT } from "../helpers/content-folder.ts";
import { type PagesDev, startPagesDev } from "../helpers/pages-dev.ts";
import { recipientKeyIds } from "../helpers/recipient-packets.ts";
import { REPORTER_HEADERS, type Recorder, startRecorder } from "../helpers/recorder.ts";
import { decryptWithOpenpgp, demoPrivateKey } from "../helpers/report-site.ts";
import { connectSharedBrowser, sharedExampleSite } from "../helpers/run-resources.ts";

/** The example's form id (site.yaml), which the built form posts to on its own origin. */
const SITE_FORM_PATH = "/f/xdemoform";
/** The Formspree form the hook forwards to. */
const FORMSPREE_FORM_ID = "realform";
const FORWARDED_PATH = `/f/${FORMSPREE_FORM_ID}`;

let recorder: Recorder;
let siteDir: string;
let pagesDev: PagesDev;
let browser: Browser;

beforeAll(async () => {
  recorder = await startRecorder();
  siteDir = await sharedExampleSite();
  pagesDev = await startPagesDev({
    siteDir,
    bindings: {
      FORMSPREE_ENDPOINT: recorder.url,
      FORMSPREE_FORM_ID,
      NOTIFY_WEBHOOK_URL: `${recorder.url}/notify`,
    },
    kv: ["CONFIDE_KV"],
  });
  browser = await connectSharedBrowser();
});

afterAll(async () => {
  await browser?.close();
  await pagesDev?.stop();
  await recorder?.close();
});

/** Waits for something the Worker does after answering (the notice goes out through waitUntil). */
async function eventually<T>(read: () => T, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("the hook under wrangler pages dev", () => {
  it("forwards a report sent with the built form in Chromium exactly once, without the reporter's address or session header", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const posted: Array<Record<string, string>> = [];
      page.on("request", (request) => {
        if (request.method() === "POST") posted.push(request.headers());
      });
      await page.goto(`${pagesDev.url}/report/`);
      await page.locator("fieldset.report-fieldset:not([disabled])").waitFor();
      await page.locator("#report-what").fill("Someone kept interrupting me at the workshop.");
      await page.locator("button.send").click();
      await page.getByRole("heading", { name: "Your report has been sent" }).waitFor();
      const reference = (await page.locator(".reference").textContent()) ?? "";
      expect(reference).toMatch(REFERENCE_PATTERN);
      const userAgent = await page.evaluate(() => navigator.userAgent);

      // The browser posted to its own origin, with its origin as the referrer and nothing more …
      expect(posted).toHaveLength(1);
      expect(posted[0]?.referer).toBe(`${new URL(pagesDev.url).origin}/`);
      expect(posted[0]?.["formspree-session-data"]).toBeUndefined();

      // … and Formspree received the three fields, and nothing that identifies the reporter.
      const forwarded = recorder.to(FORWARDED_PATH);
      expect(forwarded).toHaveLength(1);
      expect(recorder.requests.filter((request) => request.path !== "/notify")).toHaveLength(1);
      const [request] = forwarded as [(typeof forwarded)[number]];
      expect(request.method).toBe("POST");
      const body = JSON.parse(request.body) as Record<string, string>;
      expect(Object.keys(body).sort()).toEqual(["ciphertext", "reference", "version"]);
      expect(body.reference).toBe(reference);
      // Issue 16: the forwarded report's recipient packets themselves, one per responder (all three
      // are ticked), each naming that responder's encryption key, in roster order.
      const demoKeys = await Promise.all(
        ["ada", "tomas", "mei"].map((id) => readFile(join(EXAMPLE_CONTENT, `keys/${id}.asc`), "utf8")),
      );
      expect(
        recipientKeyIds(body.ciphertext ?? ""),
        "issue 16: a form report names its recipients' keys (visible ids), also through the hook",
      ).toEqual(
        await Promise.all(
          demoKeys.map(async (armoredKey) =>
            (await (await openpgp.readKey({ armoredKey })).getEncryptionKey()).getKeyID().toHex(),
          ),
        ),
      );
      const { report } = await decryptWithOpenpgp(body.ciphertext ?? "", await demoPrivateKey("ada"));
      expect(report.reference).toBe(reference);
      for (const name of REPORTER_HEADERS) expect(request.headers[name]).toBeUndefined();
      expect(request.headers["user-agent"]).toBe("Confide form hook");
      // issue 16: the site's own origin as the referrer (the page sent only its origin).
      expect(request.headers.referer).toBe(`${new URL(pagesDev.url).origin}/`);
      const { host: _host, referer: _referer, ...rest } = request.headers;
      expect(JSON.stringify(rest)).not.toContain("127.0.0.1");
      expect(JSON.stringify(request.headers)).not.toContain(userAgent);

      // The content-free notice, sent after the answer.
      const notices = await eventually(
        () => recorder.to("/notify"),
        (list) => list.length > 0,
      );
      expect(notices).toHaveLength(1);
      expect(JSON.parse(notices[0]?.body ?? "{}")).toEqual({
        text: `A new report arrived (reference ${reference}). Read it in the Formspree inbox and decrypt it with your key.`,
      });
    } finally {
      await context.close();
    }
  });

  it("answers a retried report with success without forwarding it again, and refuses plaintext and other methods", async () => {
    const [first] = recorder.to(FORWARDED_PATH);
    expect(first).toBeDefined();
    const before = recorder.requests.length;
    const post = (body: unknown) =>
      fetch(`${pagesDev.url}${SITE_FORM_PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
      });

    const retry = await post({ ...JSON.parse(first?.body ?? "{}"), _gotcha: "" });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ ok: true, next: urls.report, delivery: "retry", revision: 1 });

    const plaintext = await post({
      // a literal data packet: "Hello, world!" in the clear
      ciphertext: "-----BEGIN PGP MESSAGE-----\n\nyxNiAAAAAABIZWxsbywgd29ybGQh\n-----END PGP MESSAGE-----\n",
      reference: "R-0000-0001",
      version: "1",
    });
    expect(plaintext.status).toBe(422);
    expect(((await plaintext.json()) as { errors: Array<{ code: string }> }).errors[0]?.code).toBe(
      "NOT_ENCRYPTED",
    );

    const get = await fetch(`${pagesDev.url}${SITE_FORM_PATH}`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST, OPTIONS");
    expect(get.headers.get("content-type")).toBe("application/json; charset=utf-8");

    const published = await fetch(`${pagesDev.url}${urls.receivingKeyIds}`);
    expect(published.status).toBe(200);
    expect(
      ((await published.json()) as { receivingKeyIds: string[] }).receivingKeyIds.length,
    ).toBeGreaterThan(0);

    expect(recorder.requests.length).toBe(before);
  });
});
