import { afterEach, describe, expect, it, vi } from "vitest";
import { downloadText } from "../../src/client/download.ts";

/** The part of the DOM downloadText touches, recorded: the link it makes and what happened to it. */
function fakeDocument() {
  const events: string[] = [];
  const link = {
    href: "",
    download: "",
    rel: "",
    click: () => events.push("click"),
    remove: () => events.push("remove"),
  };
  const document = {
    createElement: (name: string) => {
      events.push(`create ${name}`);
      return link;
    },
    body: { append: () => events.push("append") },
  };
  return { document, link, events };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("downloadText", () => {
  it("offers the text as a file through a link it clicks and removes, then revokes the object URL", async () => {
    vi.useFakeTimers();
    const { document, link, events } = fakeDocument();
    vi.stubGlobal("document", document);
    const created: Blob[] = [];
    vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => {
      created.push(blob as Blob);
      return "blob:confide/1";
    });
    const revoke = vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => {});

    downloadText({
      text: "Report R-7K2M-9QXD\nwhat happened: ünïcödé",
      fileName: "report.txt",
      type: "text/plain",
    });

    expect(events).toEqual(["create a", "append", "click", "remove"]);
    expect(link).toMatchObject({ href: "blob:confide/1", download: "report.txt", rel: "noopener" });
    expect(created).toHaveLength(1);
    expect(created[0]?.type).toBe("text/plain");
    expect(await created[0]?.text()).toBe("Report R-7K2M-9QXD\nwhat happened: ünïcödé");
    expect(revoke).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(revoke).toHaveBeenCalledWith("blob:confide/1");
  });
});
