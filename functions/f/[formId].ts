import { createPagesHook } from "../../src/hook/pages-hook.ts";

/**
 * The Pages project's settings and bindings (Settings → Variables and Secrets, and Bindings; or
 * wrangler.toml). docs/deploy.md says what to set.
 */
interface Env {
  /** the Formspree form reports are forwarded to: required, best kept as a secret */
  FORMSPREE_FORM_ID: string;
  /** Formspree's base URL; default https://formspree.io */
  FORMSPREE_ENDPOINT?: string;
  /** a Slack- or Matrix-compatible incoming webhook for a content-free "a new report arrived" notice */
  NOTIFY_WEBHOOK_URL?: string;
  /** lowers the largest request body read (default and maximum: 2 MiB + 16 KiB) */
  MAX_BODY_BYTES?: string;
  /** posts per client address per window (default 20) */
  RATE_LIMIT_MAX?: string;
  /** the rate limit's window in seconds (default 600) */
  RATE_LIMIT_WINDOW_SECONDS?: string;
  /** optional: shares deduplication and rate-limit counts between isolates and locations */
  CONFIDE_KV?: KVNamespace;
  /** the built site, bound by Pages: the hook reads the receiving key ids the build published there */
  ASSETS: Fetcher;
}

/**
 * The form backend hook: `POST /f/<formId>` with the report form's JSON. Every check, limit and answer
 * lives in src/hook (the same code the local inbox runs); its limits are named constants there
 * (DEFAULT_MAX_BODY_BYTES, DEFAULT_RATE_LIMIT_MAX, UPSTREAM_TIMEOUT_MS, …). One hook per isolate, so
 * its memory (delivered references, rate-limit counts, key ids) lasts as long as the isolate does.
 */
const hook = createPagesHook();

export const onRequestPost: PagesFunction<Env> = (context) =>
  hook.handle(context.request, context.env, context);

// Every other method is answered too (a preflight with 204, the rest with 405 and Allow), so no request
// to /f/ falls through to the static site's 404 page.
export const onRequestOptions = onRequestPost;
export const onRequestGet = onRequestPost;
export const onRequestHead = onRequestPost;
export const onRequestPut = onRequestPost;
export const onRequestPatch = onRequestPost;
export const onRequestDelete = onRequestPost;
