import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decrypt, readMessage, readPrivateKey } from "openpgp";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { buildSite } from "../../src/build/build-site.ts";
import { loadContent } from "../../src/content/load-content.ts";
import { rejectUnknownOptions } from "../../src/options/reject-unknown-options.ts";
import { type ParsedReport, parseReport } from "../../src/report/report-format.ts";
import { receivingKeyIds } from "../../src/roster/receiving-key-ids.ts";
import { type RunningServer, startSiteServer } from "../../src/server/site-server.ts";
import { EXAMPLE_CONTENT, PROJECT_ROOT } from "./content-folder.ts";
import { connectSharedBrowser, sharedExampleSite } from "./run-resources.ts";

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
  try {
    await buildSite({ contentDir, outDir: out, formEndpoint: "same-origin" });
  } catch (error) {
    await rm(out, { recursive: true, force: true });
    throw error;
  }
  const site = await serveReportSite({ out, contentDir });
  return {
    ...site,
    async stop() {
      await site.stop();
      await rm(out, { recursive: true, force: true });
    },
  };
}

/**
 * Serves a site built with the "same-origin" form endpoint, with a local inbox of its own (a new
 * temporary folder), on a free port of 127.0.0.1. `stop` stops the server and removes the inbox; the
 * built folder is left as it is (it may be the run's shared build).
 *
 * @param options.out - the built site
 * @param options.contentDir - the content folder it was built from (for site.yaml's form id)
 */
export async function serveReportSite(options: { out: string; contentDir: string }): Promise<ReportSite> {
  const { out, contentDir, ...rest } = options;
  rejectUnknownOptions("serveReportSite", rest);
  const inbox = await mkdtemp(join(tmpdir(), "confide-inbox-"));
  const { content } = await loadContent({ dir: contentDir });
  const server = await startSiteServer({
    root: out,
    inboxDir: inbox,
    formId: content?.site.form?.id,
    // As `npm start` serves it: the inbox also accepts reports that name the roster's keys, so what
    // the form sends is checked by the tests' own assertions (recipient-packets.ts), not by accident.
    receivingKeyIds: receivingKeyIds(content?.responders ?? []),
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
 * The example site with an inbox of this file's own, and the run's Chromium, for the tests of one
 * file: the site is the run's shared build (tests/helpers/run-resources.ts), served by a server of
 * the file's own, so no two files see each other's submissions; the browser is the run's one
 * Chromium, connected for this file. Call at the top of a test file; read the values inside tests.
 * Open a `browser().newContext()` per test and close it; never close the browser itself.
 */
export function useReportSiteAndBrowser(): { site: () => ReportSite; browser: () => Browser } {
  let site: ReportSite | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    site = await serveReportSite({ out: await sharedExampleSite(), contentDir: EXAMPLE_CONTENT });
    browser = await connectSharedBrowser();
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
