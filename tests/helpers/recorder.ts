import { createServer, type IncomingHttpHeaders } from "node:http";

/** One request as the recorder received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the recorder answers: a status and a JSON body. */
export interface RecorderAnswer {
  status: number;
  body: unknown;
}

/** A running recorder. */
export interface Recorder {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  url: string;
  /** Every request received so far, oldest first. */
  requests: RecordedRequest[];
  /** The requests to one path. */
  to(path: string): RecordedRequest[];
  /** Changes the answer to every later request (default: 200 `{ ok: true, next: … }`, like Formspree). */
  answer(answer: RecorderAnswer | ((request: RecordedRequest) => RecorderAnswer)): void;
  /** Forgets the requests and restores the default answer. */
  reset(): void;
  close(): Promise<void>;
}

const FORMSPREE_SUCCESS: RecorderAnswer = {
  status: 200,
  body: { ok: true, next: "https://formspree.io/thanks?language=en" },
};

/**
 * A real HTTP server on 127.0.0.1 that stands in for Formspree (and for a notification webhook): it
 * records exactly what arrives (method, path, headers, body) and answers like Formspree does. Tests
 * assert on what it recorded, never on calls to a mock.
 */
export async function startRecorder(): Promise<Recorder> {
  const requests: RecordedRequest[] = [];
  let respond: (request: RecordedRequest) => RecorderAnswer = () => FORMSPREE_SUCCESS;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const recorded: RecordedRequest = {
        method: request.method ?? "",
        path: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      const { status, body } = respond(recorded);
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("the recorder has no address");
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    to: (path) => requests.filter((request) => request.path === path),
    answer(answer) {
      respond = typeof answer === "function" ? answer : () => answer;
    },
    reset() {
      requests.length = 0;
      respond = () => FORMSPREE_SUCCESS;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * Headers that would tell Formspree who the reporter is, or where they came from: the hook must never
 * forward any of them. One list for the unit tests and the test under the Workers runtime. (Referer is
 * not among them: the hook sends the site's own origin as the referrer, as Formspree's "Restrict to
 * domain" needs, never the page or anything of the reporter's; the tests assert its exact value.)
 */
export const REPORTER_HEADERS = [
  "cf-connecting-ip",
  "x-forwarded-for",
  "x-real-ip",
  "true-client-ip",
  "forwarded",
  "formspree-session-data",
  "formspree-client",
  "cookie",
  "origin",
] as const;
