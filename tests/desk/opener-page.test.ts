import { readdir, readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { openerPage, writeOpenerPage } from "../../src/desk/opener-page.ts";
import { useSharedBrowser } from "../helpers/run-resources.ts";

const browser = useSharedBrowser();

describe("the page the desk opens the browser on", () => {
  it("forwards to the address, written as an attribute value that nothing in it can end", () => {
    const page = openerPage("http://127.0.0.1:18400/#token=a\"b<c>&d'e");
    expect(page).toContain(
      '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:18400/#token=a&quot;b&lt;c&gt;&amp;d&#39;e">',
    );
    expect(page).toContain('<a href="http://127.0.0.1:18400/#token=a&quot;b&lt;c&gt;&amp;d&#39;e">');
    expect(page).not.toMatch(/<script/);
    expect(() => openerPage("javascript:alert(1)")).toThrow(TypeError);
  });

  it("issue 15: desk: is a file only its owner can read, in a folder of its own, whose address holds no token", async () => {
    const address = "http://127.0.0.1:18400/#token=SECRET-token-value";
    const opener = await writeOpenerPage({ address });
    const path = fileURLToPath(opener.url);
    try {
      expect(opener.url).toMatch(/^file:\/\//);
      expect(opener.url).not.toContain("SECRET");
      expect(dirname(dirname(path))).toBe(tmpdir());
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect((await stat(dirname(path))).mode & 0o777).toBe(0o700);
      expect(await readdir(dirname(path))).toEqual(["open-desk.html"]);
      expect(await readFile(path, "utf8")).toBe(openerPage(address));
    } finally {
      await opener.remove();
    }
    await expect(stat(dirname(path))).rejects.toThrow(/ENOENT/);
    await expect(
      writeOpenerPage({ address, port: 1 } as Parameters<typeof writeOpenerPage>[0]),
    ).rejects.toThrow("writeOpenerPage: unknown option port");
  });

  it("takes Chromium from the file to the desk's address, token and all", { timeout: 30_000 }, async () => {
    const server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end("<!doctype html><title>the desk</title>");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const target = `http://127.0.0.1:${port}/#token=forwarded`;
    const opener = await writeOpenerPage({ address: target });
    const context = await browser().newContext();
    try {
      const page = await context.newPage();
      await page.goto(opener.url);
      await page.waitForURL(target);
      expect(await page.title()).toBe("the desk");
    } finally {
      await context.close();
      await opener.remove();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
