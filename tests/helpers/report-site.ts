import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decrypt, readMessage, readPrivateKey } from "openpgp";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { buildSite } from "../../src/build/build-site.ts";
import { loadContent } from "../../src/content/load-content.ts";
import { type ParsedReport, parseReport } from "../../src/report/report-format.ts";
import { type RunningServer, startSiteServer } from "../../src/server/site-server.ts";
import { launchChromium } from "./browser.ts";
import { EXAMPLE_CONTENT, PROJECT_ROOT } from "./content-folder.ts";

/** A built site served with its local inbox, as `npm start` does, on a free port. */
export interface ReportSite {
  url: string;
  out: string;
  inbox: string;
  server: RunningServer;
  /** The stored submissions, oldest first. */
  submissions(): Promise<Array<Record<string, unknown>>>;
  stop(): Promise<void>;
}

/** Builds a content folder with the form posting to its own origin, and serves it with the inbox. */
export async function startReportSite(contentDir = EXAMPLE_CONTENT): Promise<ReportSite> {
  const out = await mkdtemp(join(tmpdir(), "confide-site-"));
  const inbox = await mkdtemp(join(tmpdir(), "confide-inbox-"));
  await buildSite({ contentDir, outDir: out, formEndpoint: "same-origin" });
  const { content } = await loadContent({ dir: contentDir });
  const server = await startSiteServer({
    root: out,
    inboxDir: inbox,
    formId: content?.site.form?.id,
    port: 0,
    host: "127.0.0.1",
  });
  return {
    url: server.url,
    out,
    inbox,
    server,
    async submissions() {
      const files = (await readdir(inbox)).filter((f) => f.endsWith(".json")).sort();
      const stored: Array<Record<string, unknown>> = await Promise.all(
        files.map(async (f) => JSON.parse(await readFile(join(inbox, f), "utf8"))),
      );
      // File names sort by the second, then by the (random) reference: two reports stored within one
      // second come out in arrival order only when sorted by receivedAt, which has milliseconds.
      return stored.sort((a, b) => String(a.receivedAt).localeCompare(String(b.receivedAt)));
    },
    async stop() {
      await server.close();
      await rm(out, { recursive: true, force: true });
      await rm(inbox, { recursive: true, force: true });
    },
  };
}

/** A demo responder's private key (published on purpose in demo/private-keys/). */
export function demoPrivateKey(id: "ada" | "tomas" | "mei"): Promise<string> {
  return readFile(join(PROJECT_ROOT, `demo/private-keys/${id}.sec.asc`), "utf8");
}

/** Decrypts with openpgp.js and parses the report; throws when the key cannot decrypt it. */
export async function decryptWithOpenpgp(
  armoredMessage: string,
  armoredPrivateKey: string,
): Promise<{ text: string; report: ParsedReport }> {
  const { data } = await decrypt({
    message: await readMessage({ armoredMessage }),
    decryptionKeys: await readPrivateKey({ armoredKey: armoredPrivateKey }),
    format: "binary",
  });
  const text = new TextDecoder().decode(data as Uint8Array);
  const parsed = parseReport(text);
  if (parsed.kind !== "report") throw new Error(`the decrypted text is not a report: ${parsed.message}`);
  return { text, report: parsed.report };
}

/**
 * Starts the example site with its inbox and a Chromium for the tests of one file, and stops both
 * after them. Call at the top of a test file; read the values inside tests.
 */
export function useReportSiteAndBrowser(): { site: () => ReportSite; browser: () => Browser } {
  let site: ReportSite | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    site = await startReportSite();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });
  const need = <T>(value: T | undefined, what: string): T => {
    if (!value)
      throw new Error(`${what} is not started: call useReportSiteAndBrowser() at the top of the file`);
    return value;
  };
  return { site: () => need(site, "the site"), browser: () => need(browser, "Chromium") };
}
