import { MAX_SUBMISSION_BYTES } from "../report/validate-submission.ts";
import { type HookDocument, parseReceivingKeysDocument } from "../roster/receiving-key-ids.ts";
import { urls } from "../site/urls.ts";
import { DEFAULT_FORMSPREE_ENDPOINT, formspreeBackend } from "./formspree-backend.ts";
import { handleSubmission, type SubmissionBackend } from "./handle-submission.ts";
import type { KeyValueStore } from "./key-value-store.ts";
import { createRateLimiter } from "./rate-limiter.ts";
import { createReferenceLedger } from "./reference-ledger.ts";

/** Posts per client per window when RATE_LIMIT_MAX is not set. */
export const DEFAULT_RATE_LIMIT_MAX = 20;
/** The rate limit's window when RATE_LIMIT_WINDOW_SECONDS is not set, in seconds. */
export const DEFAULT_RATE_LIMIT_WINDOW_SECONDS = 600;
/** The largest body the hook reads; MAX_BODY_BYTES may lower it, never raise it. */
export const DEFAULT_MAX_BODY_BYTES = MAX_SUBMISSION_BYTES;

/**
 * The Pages project's settings and bindings, as the hook reads them. Every value is optional here so
 * a missing one is answered (500, and a log line naming it) instead of thrown.
 */
export interface HookEnv {
  /** the Formspree form reports are forwarded to (required) */
  FORMSPREE_FORM_ID?: string;
  /** Formspree's base URL (default https://formspree.io) */
  FORMSPREE_ENDPOINT?: string;
  /** a Slack- or Matrix-compatible incoming webhook for a content-free notice */
  NOTIFY_WEBHOOK_URL?: string;
  /** the largest body of one report, in bytes (lowers DEFAULT_MAX_BODY_BYTES; a fan-out may carry this much per copy) */
  MAX_BODY_BYTES?: string;
  /** posts per client per window (default DEFAULT_RATE_LIMIT_MAX) */
  RATE_LIMIT_MAX?: string;
  /** the window, in seconds (default DEFAULT_RATE_LIMIT_WINDOW_SECONDS) */
  RATE_LIMIT_WINDOW_SECONDS?: string;
  /** a KV namespace shared by every isolate, for deduplication and the rate limit */
  CONFIDE_KV?: KeyValueStore;
  /** the site's static files (Pages binds it) */
  ASSETS?: { fetch(input: Request | string): Promise<Response> };
}

/** The settings read as whole numbers. */
type NumericSetting = "MAX_BODY_BYTES" | "RATE_LIMIT_MAX" | "RATE_LIMIT_WINDOW_SECONDS";

/** What Pages gives a function besides the request and env. */
export interface HookContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** Options for {@link createPagesHook} (tests use them; the function uses the defaults). */
export interface PagesHookOptions {
  /** the clock for the rate limit, in milliseconds */
  now?: () => number;
  /** default: console.error / console.warn */
  log?: (message: string) => void;
  /** default: the global fetch */
  fetch?: typeof fetch;
}

/** The hook of one isolate: its memory (references, rate-limit counts, key ids) lives in here. */
export interface PagesHook {
  /** Answers one request to `/f/<formId>`; never throws. */
  handle(request: Request, env: HookEnv, context: HookContext): Promise<Response>;
}

/**
 * The functions/ hook: checks each report with the shared {@link handleSubmission} and forwards it to
 * Formspree. `functions/f/[formId].ts` makes one per isolate and hands it every request.
 */
export function createPagesHook(options: PagesHookOptions = {}): PagesHook {
  const log = options.log ?? ((message: string) => console.error(message));
  const ledger = createReferenceLedger({ log });
  const limiter = createRateLimiter({ log, ...(options.now ? { now: options.now } : {}) });
  const warned = new Set<string>();
  const warnOnce = (message: string) => {
    if (warned.has(message)) return;
    warned.add(message);
    log(message);
  };
  let keyIds: Promise<HookDocument | undefined> | undefined;

  /**
   * What the build published (key ids, form ids), read once per isolate; undefined without it: then
   * only hidden recipients are accepted, and every form id goes to the team inbox as before.
   */
  const publishedKeyIds = (env: HookEnv, url: string): Promise<HookDocument | undefined> => {
    if (keyIds) return keyIds;
    const loading = (async () => {
      try {
        const response = await env.ASSETS?.fetch(new URL(urls.receivingKeyIds, url).toString());
        const document = response?.ok ? parseReceivingKeysDocument(await response.text()) : null;
        if (document) return document;
      } catch {
        // answered below
      }
      warnOnce(
        `confide hook: ${urls.receivingKeyIds} is missing or unreadable, so only reports with hidden recipients are accepted. Deploy the output of "npm run build".`,
      );
      return undefined;
    })();
    keyIds = loading;
    // A failure is not kept: the next request tries again.
    void loading.then((ids) => {
      if (!ids && keyIds === loading) keyIds = undefined;
    });
    return loading;
  };

  return {
    async handle(request, env, context) {
      try {
        const setting = (name: NumericSetting, fallback: number, min: number, max: number) => {
          const text = env[name];
          if (text === undefined || text === "") return fallback;
          const value = /^\d+$/.test(String(text).trim()) ? Number(text) : Number.NaN;
          if (Number.isSafeInteger(value) && value >= min && value <= max) return value;
          warnOnce(`confide hook: ${name} must be a whole number from ${min} to ${max}; using ${fallback}.`);
          return fallback;
        };
        const maxBodyBytes = setting("MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES, 1, DEFAULT_MAX_BODY_BYTES);
        const limit = {
          max: setting("RATE_LIMIT_MAX", DEFAULT_RATE_LIMIT_MAX, 1, 1_000_000_000),
          windowSeconds: setting("RATE_LIMIT_WINDOW_SECONDS", DEFAULT_RATE_LIMIT_WINDOW_SECONDS, 1, 86_400),
        };
        const shared = env.CONFIDE_KV;
        const published = request.method === "POST" ? await publishedKeyIds(env, request.url) : undefined;
        const formIds = published?.formIds;
        const teamPath = formIds?.team ?? undefined;

        const siteOrigin = new URL(request.url).origin;
        return await handleSubmission(request, backendFor(env, context, teamPath, siteOrigin), {
          maxBodyBytes,
          receivingKeyIds: published?.receivingKeyIds,
          // Only the form ids the build knows are answered; any other /f/<id> is 404, as at Formspree.
          formIds: formIds ? [...(formIds.team ? [formIds.team] : []), ...formIds.personal] : undefined,
          personalInboxes: formIds?.personal,
          maxRecipients: published?.receivers,
          // The form posts from the site's own pages, which the function shares an origin with.
          allowedOrigins: [siteOrigin],
          ledger: ledger.with(shared),
          // Cloudflare sets CF-Connecting-IP itself; a client cannot choose it.
          rateLimit: (incoming) =>
            limiter.take(incoming.headers.get("cf-connecting-ip") ?? "unknown", limit, shared),
          log,
        });
      } catch (error) {
        log(
          `confide hook: ${error instanceof Error ? error.name : "Error"}: a request failed before it was answered.`,
        );
        return internalError();
      }
    },
  };

  function backendFor(
    env: HookEnv,
    context: HookContext,
    teamPath: string | undefined,
    siteOrigin: string,
  ): SubmissionBackend {
    const formId = env.FORMSPREE_FORM_ID?.trim() ?? "";
    const endpoint = env.FORMSPREE_ENDPOINT?.trim() || DEFAULT_FORMSPREE_ENDPOINT;
    const notifyUrl = env.NOTIFY_WEBHOOK_URL?.trim() || undefined;
    const problems = [
      /^[\w-]+$/.test(formId)
        ? null
        : "FORMSPREE_FORM_ID is not set, or is not a form id (it is the last part of your Formspree form's URL)",
      isHttpUrl(endpoint) ? null : "FORMSPREE_ENDPOINT is not an http(s) URL",
      notifyUrl === undefined || isHttpUrl(notifyUrl) ? null : "NOTIFY_WEBHOOK_URL is not an http(s) URL",
    ].filter((problem) => problem !== null);
    if (problems.length > 0)
      return {
        async deliver() {
          warnOnce(
            `confide hook: not configured: ${problems.join("; ")}. Set it in the Pages project's settings.`,
          );
          return {
            kind: "failed",
            status: 500,
            errors: [
              {
                code: "HOOK_NOT_CONFIGURED",
                message:
                  "The report inbox is not set up yet, so the report was not sent. It is still on this page: use the direct contacts below the form, or try again later.",
              },
            ],
          };
        },
      };
    return formspreeBackend({
      endpoint,
      formId,
      teamPath,
      siteOrigin,
      notifyUrl,
      waitUntil: (promise) => context.waitUntil(promise),
      log,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (
      (url.protocol === "https:" || url.protocol === "http:") && url.username === "" && url.password === ""
    );
  } catch {
    return false;
  }
}

/** The last resort: JSON, like every other answer. */
function internalError(): Response {
  return new Response(
    JSON.stringify({
      errors: [{ code: "INTERNAL_ERROR", message: "The inbox failed; nothing was stored." }],
    }),
    {
      status: 500,
      headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
    },
  );
}
