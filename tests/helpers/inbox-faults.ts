import type { Page } from "playwright-core";

const INBOX = "**/f/**";

/** Makes the inbox answer every post with a 500 page, as a failing server would; returns the undo. */
export async function failInbox(page: Page): Promise<() => Promise<void>> {
  await page.route(INBOX, (route) =>
    route.fulfill({ status: 500, contentType: "text/html", body: "<h1>Internal Server Error</h1>" }),
  );
  return () => page.unroute(INBOX);
}

/** Holds posts to the inbox until released, so the "sending" state can be looked at; returns the release. */
export async function holdInbox(page: Page): Promise<() => void> {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(INBOX, async (route) => {
    await held;
    await route.continue();
  });
  return () => release();
}
