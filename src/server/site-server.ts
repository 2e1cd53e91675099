import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { join } from "node:path";
import { createInboxHandler } from "../inbox/inbox-server.ts";
import { parseReceivingKeysDocument } from "../roster/receiving-key-ids.ts";
import { urls } from "../site/urls.ts";
import { staticFiles } from "./static-files.ts";

/** A running site server. */
export interface RunningServer {
  /** e.g. http://localhost:8080 */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a built site and, on the same origin, the local Formspree-compatible inbox (`/f/<formId>`),
 * so the report form built with the "same-origin" endpoint works end to end with no account. Like the
 * hook, the inbox reads what the build published (`urls.receivingKeyIds`): the receiving key ids, and
 * the form ids it knows (the team's and the personal inboxes; any other `/f/<id>` is 404). Like
 * Formspree restricted to the site's domain, it files a report without the site's referrer as spam.
 *
 * @param options.root - the built site
 * @param options.inboxDir - where the inbox stores submissions
 * @param options.formId - the only form id the inbox accepts (site.yaml's form id)
 * @param options.receivingKeyIds - the roster's encryption subkey ids, for messages that name them
 * @param options.maxRecipients - the roster's receiving responders: the most recipients a message may name
 * @param options.port - the port (0 picks a free one)
 * @param options.host - the interface (default: localhost)
 */
export async function startSiteServer(options: {
  root: string;
  inboxDir: string;
  formId?: string | undefined;
  receivingKeyIds?: readonly string[];
  maxRecipients?: number;
  port: number;
  host?: string;
}): Promise<RunningServer> {
  const files = staticFiles(options.root);
  const published = parseReceivingKeysDocument(
    await readFile(join(options.root, urls.receivingKeyIds), "utf8").catch(() => ""),
  );
  const formIds = published?.formIds;
  const receivingKeyIds = options.receivingKeyIds ?? published?.receivingKeyIds;
  const maxRecipients = options.maxRecipients ?? published?.receivers;
  const inbox = createInboxHandler({
    dir: options.inboxDir,
    restrictTo: "same-origin",
    ...(options.formId ? { formId: options.formId } : {}),
    ...(formIds
      ? {
          formIds: [...(formIds.team ? [formIds.team] : []), ...formIds.personal],
          personalInboxes: formIds.personal,
        }
      : {}),
    ...(receivingKeyIds ? { receivingKeyIds } : {}),
    ...(maxRecipients === undefined ? {} : { maxRecipients }),
  });
  const server = createServer((request, response) => {
    // Only the path's start picks the handler, so no request target can throw here (each handler
    // reads the target strictly itself): a bad request line must never end the server.
    const handler = request.url?.startsWith("/f/") ? inbox : files;
    handler(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end("Internal error\n");
    });
  });
  const host = options.host ?? "localhost";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
