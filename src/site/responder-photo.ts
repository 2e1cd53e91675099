import type { Responder } from "../roster/validate-roster.ts";
import { html, type SafeHtml } from "./html.ts";
import { urls } from "./urls.ts";

/**
 * A responder's photo (roster.yaml's `photo:`), as the build publishes it. Its text alternative is
 * empty: the name is printed beside it, and a screen reader need not hear it twice.
 *
 * @param responder - the responder, whose roster entry names a photo
 */
export function responderPhoto(responder: Pick<Responder, "id">): SafeHtml {
  return html`<img class="photo" src="${urls.photo(responder.id)}" alt="" width="160" height="160">`;
}
