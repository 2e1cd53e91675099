import { createServer } from "node:http";
import { createInboxHandler } from "../inbox/inbox-server.ts";
import { staticFiles } from "./static-files.ts";

/** A running site server. */
export interface RunningServer {
  /** e.g. http://localhost:8080 */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a built site and, on the same origin, the local Formspree-compatible inbox (`/f/<formId>`),
 * so the report form built with the "same-origin" endpoint works end to end with no account.
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
  const inbox = createInboxHandler({
    dir: options.inboxDir,
    ...(options.formId ? { formId: options.formId } : {}),
    ...(options.receivingKeyIds ? { receivingKeyIds: options.receivingKeyIds } : {}),
    ...(options.maxRecipients === undefined ? {} : { maxRecipients: options.maxRecipients }),
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
