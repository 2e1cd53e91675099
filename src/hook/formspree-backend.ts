import { readFormspreeAnswer } from "../report/formspree-answer.ts";
import { formPath } from "../site/urls.ts";
import type { AcceptedSubmission, Delivery, SubmissionBackend } from "./handle-submission.ts";

/** How long Formspree may take to accept a report before the reporter is told to retry, in ms. */
export const UPSTREAM_TIMEOUT_MS = 10_000;
/** How long the notification webhook may take, in ms (the reporter never waits for it). */
export const NOTIFY_TIMEOUT_MS = 5_000;
/** Formspree's own endpoint. */
export const DEFAULT_FORMSPREE_ENDPOINT = "https://formspree.io";

/** Options for {@link formspreeBackend}. */
export interface FormspreeBackendOptions {
  /** Formspree's base URL, e.g. https://formspree.io (no trailing slash needed) */
  endpoint: string;
  /** the Formspree form id of the team inbox: reports posted to the team's path are forwarded to it */
  formId: string;
  /**
   * The team's path id (site.yaml `form.id`, `/f/<id>` on the site). A copy for any other known id (a
   * responder's personal inbox) is forwarded to that id at Formspree. Absent: everything goes to `formId`.
   */
  teamPath?: string | undefined;
  /**
   * The site's own origin (the hook's): sent on as the referrer when the browser's post came from it,
   * so Formspree's "Restrict to domain" accepts the report. Any other referrer is not passed on.
   */
  siteOrigin?: string | undefined;
  /** a Slack- or Matrix-compatible incoming webhook for a content-free notice, when wanted */
  notifyUrl?: string | undefined;
  /** keeps the Worker alive for the notice after the answer is sent (Pages' `context.waitUntil`) */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
  /** default: the global fetch */
  fetch?: typeof fetch | undefined;
  /** where failures are reported (statuses only, never a body or an address); default console.error */
  log?: ((message: string) => void) | undefined;
}

const KEPT =
  "Your report is still on this page: send it again in a few minutes, or use the direct contacts below the form.";

/**
 * Forwards each submission server-to-server to Formspree's `POST {endpoint}/f/{formId}`.
 *
 * The request is built from scratch, so none of the reporter's headers travel: Formspree sees the
 * Worker's address and this code's user agent, never the reporter's IP address (`CF-Connecting-IP`,
 * `X-Forwarded-For`), user agent, cookies, referrer or `Formspree-Session-Data`. The body holds only
 * `ciphertext`, `reference` and `version`. A network failure, a timeout or any non-2xx answer is a
 * 502 for the reporter (the form keeps the report and offers to retry). After a delivery, an optional
 * notice "a new report arrived (reference R)" goes to `notifyUrl`: the reference only, never the
 * ciphertext.
 */
export function formspreeBackend(options: FormspreeBackendOptions): SubmissionBackend {
  const { endpoint, formId, teamPath, siteOrigin, notifyUrl, waitUntil, fetch: fetchImpl = fetch } = options;
  const log = options.log ?? ((message: string) => console.error(message));
  const base = endpoint.replace(/\/+$/, "");

  return {
    async deliver(submission: AcceptedSubmission, revision: number): Promise<Delivery> {
      const { ciphertext, reference, version, referrer } = submission;
      const upstreamId =
        teamPath === undefined || submission.formId === teamPath ? formId : submission.formId;
      const target = `${base}${formPath(upstreamId)}`;
      let response: Response;
      let body: string;
      try {
        response = await fetchImpl(target, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/json",
            "user-agent": "Confide form hook",
            // The page's origin, as the browser sent it (the form sends nothing more): Formspree's
            // "Restrict to domain" reads it, and files a post without one as spam.
            ...(referrer && referrer === siteOrigin ? { referer: `${referrer}/` } : {}),
          },
          body: JSON.stringify({ ciphertext, reference, version }),
          redirect: "manual",
          signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
        });
        body = await response.text();
      } catch (error) {
        const timedOut = error instanceof Error && error.name === "TimeoutError";
        log(`confide hook: Formspree ${timedOut ? "did not answer in time" : "could not be reached"}.`);
        return {
          kind: "failed",
          status: 502,
          errors: [
            {
              code: timedOut ? "UPSTREAM_TIMEOUT" : "UPSTREAM_UNREACHABLE",
              message: `The report inbox did not confirm that it received the report, so it may not have arrived. ${KEPT}`,
            },
          ],
        };
      }
      const answer = readFormspreeAnswer(response.status, body);
      if (answer.kind === "unconfirmed") {
        log(`confide hook: Formspree answered HTTP ${response.status} without confirming a report.`);
        return {
          kind: "failed",
          status: 502,
          errors: [
            {
              code: "UPSTREAM_UNCONFIRMED",
              message: `The report inbox answered without confirming that it stored the report, so it may not have arrived. ${KEPT}`,
            },
          ],
        };
      }
      if (answer.kind === "refused") {
        log(
          `confide hook: Formspree refused a report with HTTP ${response.status}${answer.recaptcha ? " (reCAPTCHA is switched on for the form)" : ""}.`,
        );
        return {
          kind: "failed",
          status: 502,
          errors: [
            answer.recaptcha
              ? {
                  code: "UPSTREAM_RECAPTCHA",
                  message: `The report inbox is not set up for this form yet (reCAPTCHA must be disabled in its settings), so the report was not delivered. ${KEPT}`,
                }
              : {
                  code: "UPSTREAM_REFUSED",
                  message: `The report inbox refused the report (it answered ${response.status}), so it was not delivered. ${KEPT}`,
                },
          ],
        };
      }
      if (notifyUrl) {
        const notice = notify(fetchImpl, notifyUrl, reference, revision, log);
        if (waitUntil) waitUntil(notice);
        else await notice;
      }
      return { kind: "delivered" };
    },
  };
}

/** Posts `{ text }` (Slack's and Matrix hookshot's incoming-webhook shape); failures are logged only. */
async function notify(
  fetchImpl: typeof fetch,
  url: string,
  reference: string,
  revision: number,
  log: (message: string) => void,
): Promise<void> {
  const what =
    revision > 1
      ? `An edited version (${revision}) of report ${reference} arrived: the reporter changed it after sending. Read both`
      : `A new report arrived (reference ${reference}). Read it`;
  try {
    const response = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Confide form hook" },
      body: JSON.stringify({
        text: `${what} in the Formspree inbox and decrypt it with your key.`,
      }),
      redirect: "manual",
      signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS),
    });
    await response.body?.cancel().catch(() => {});
    if (!response.ok) log(`confide hook: the notification webhook answered HTTP ${response.status}.`);
  } catch {
    log("confide hook: the notification webhook could not be reached.");
  }
}
