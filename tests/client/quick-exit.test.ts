import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

/**
 * quick-exit.ts is a browser script: it finds its link and status line when it loads and listens on
 * `document`. These tests give it the part of the DOM it touches, recorded, and load it afresh each time.
 */
function fakePage(options: { withLink?: boolean } = {}) {
  const replaced: string[] = [];
  const left: string[] = [];
  const link = Object.assign(new EventTarget(), {
    href: "https://www.bbc.co.uk/weather",
    dataset: { twice: "Press Escape twice more to leave.", once: "Press Escape once more to leave." },
  });
  const status = { textContent: "" };
  const document = Object.assign(new EventTarget(), {
    body: { hidden: false },
    querySelector: (selector: string) => {
      if (selector === "a[data-quick-exit]") return options.withLink === false ? null : link;
      if (selector === "[data-quick-exit-status]") return status;
      throw new Error(`quick-exit asked for ${selector}`);
    },
  });
  const window = Object.assign(new EventTarget(), {
    location: { replace: (url: string) => replaced.push(url) },
  });
  window.addEventListener("confide:quick-exit", () => left.push("confide:quick-exit"));
  vi.stubGlobal("document", document);
  vi.stubGlobal("window", window);
  /** Presses a key on the page; `repeat` as when it is held down. */
  const press = (key: string, repeat = false) =>
    document.dispatchEvent(Object.assign(new Event("keydown"), { key, repeat }));
  return { link, status, document, replaced, left, press };
}

const QUICK_EXIT = new URL("../../src/client/quick-exit.ts", import.meta.url).href;

/** Loads the script afresh, as a new page does. */
async function loadQuickExit(): Promise<void> {
  vi.resetModules();
  // By address: the script exports nothing, so it is not a module to tsc, but vitest loads it like one.
  await import(/* @vite-ignore */ QUICK_EXIT);
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("the quick exit", () => {
  it("replaces the page with the neutral one on a click, hiding it first and telling the page it leaves", async () => {
    const page = fakePage();
    await loadQuickExit();
    const click = new Event("click", { cancelable: true });
    page.link.dispatchEvent(click);
    expect(click.defaultPrevented, "the link itself would add this page to the history").toBe(true);
    expect(page.replaced).toEqual(["https://www.bbc.co.uk/weather"]);
    expect(page.document.body.hidden).toBe(true);
    expect(page.left).toEqual(["confide:quick-exit"]);
  });

  it("leaves on the third Escape and says how many presses remain before it", async () => {
    const page = fakePage();
    await loadQuickExit();
    page.press("Escape");
    expect(page.status.textContent).toBe("Press Escape twice more to leave.");
    page.press("Escape");
    expect(page.status.textContent).toBe("Press Escape once more to leave.");
    expect(page.replaced).toEqual([]);
    page.press("Escape");
    expect(page.replaced).toEqual(["https://www.bbc.co.uk/weather"]);
  });

  it("counts neither other keys nor a held-down Escape", async () => {
    const page = fakePage();
    await loadQuickExit();
    page.press("Escape");
    page.press("Escape", true);
    page.press("Escape", true);
    page.press("Enter");
    page.press("Esc");
    expect(page.replaced).toEqual([]);
    expect(page.status.textContent).toBe("Press Escape twice more to leave.");
  });

  it("starts counting again, and clears the status line, 5 seconds after the last press", async () => {
    const page = fakePage();
    await loadQuickExit();
    page.press("Escape");
    vi.advanceTimersByTime(4999);
    page.press("Escape");
    vi.advanceTimersByTime(4999);
    expect(page.status.textContent).toBe("Press Escape once more to leave.");
    vi.advanceTimersByTime(1);
    expect(page.status.textContent).toBe("");
    page.press("Escape");
    page.press("Escape");
    expect(page.replaced).toEqual([]);
    page.press("Escape");
    expect(page.replaced).toHaveLength(1);
  });

  it("does nothing on a page without the link", async () => {
    const page = fakePage({ withLink: false });
    await loadQuickExit();
    page.press("Escape");
    page.press("Escape");
    page.press("Escape");
    expect(page.replaced).toEqual([]);
    expect(page.left).toEqual([]);
    expect(page.document.body.hidden).toBe(false);
  });
});
