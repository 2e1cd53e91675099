import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { UsageError } from "../../src/cli/args.ts";
import { verifyCommand } from "../../src/cli/verify-command.ts";
import type { Verification } from "../../src/verify/verify-site.ts";
import { moduleLog } from "../helpers/loaded-modules.ts";

// The command's own job is its arguments and its report; verifySite (fetching and building) has its
// own tests. Replaced here by a recorder, so a bad argument is shown to stop the command before any
// request or build, and a good one to reach verifySite as given.
const verifySite = vi.hoisted(() => vi.fn());
vi.mock("../../src/verify/verify-site.ts", () => ({ verifySite }));

const IDENTICAL: Verification = {
  findings: [],
  notes: [],
  build: { builtAt: "2027-03-01T12:00:00Z", formEndpoint: "site.yaml", formEndpointFrom: "site.yaml" },
  compared: { files: 42, headers: 3, recipients: 2 },
};

let printed: string[];
beforeEach(() => {
  verifySite.mockReset();
  verifySite.mockResolvedValue(IDENTICAL);
  printed = [];
  vi.spyOn(console, "log").mockImplementation((...parts: unknown[]) => void printed.push(parts.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...parts: unknown[]) => void printed.push(parts.join(" ")));
  vi.stubEnv("CONFIDE_CONTENT", undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** The usage error the command stops with, after checking it compared nothing. */
async function usageError(args: string[]): Promise<string> {
  const error = await verifyCommand(args).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error, `confide verify ${args.join(" ")} was accepted`).toBeInstanceOf(UsageError);
  expect(verifySite).not.toHaveBeenCalled();
  return (error as UsageError).message;
}

describe("confide verify's arguments", () => {
  it("asks for the deployed site's address when given none, or more than one", async () => {
    const message = "Give the deployed site's address, e.g. https://conduct.example.org.";
    expect(await usageError([])).toBe(message);
    expect(await usageError(["https://a.example", "https://b.example"])).toBe(message);
  });

  it("refuses an address that is not one, or not http(s), quoting it", async () => {
    expect(await usageError(["conduct.example.org"])).toBe(
      'URL: "conduct.example.org" is not an address such as https://conduct.example.org.',
    );
    expect(await usageError(["ftp://conduct.example.org"])).toBe(
      'URL: "ftp://conduct.example.org" is not an http(s) address.',
    );
  });

  it("refuses a path, query or fragment after the origin and names the origin to give instead", async () => {
    for (const address of [
      "https://conduct.example.org/report/",
      "https://conduct.example.org/?lang=es",
      "https://conduct.example.org/#top",
    ])
      expect(await usageError([address])).toBe(
        "URL: give the site's origin (https://conduct.example.org): a Confide site lives at the root of its address.",
      );
  });

  it("checks --form-endpoint is an http(s) address, or same-origin", async () => {
    expect(await usageError(["https://conduct.example.org", "--form-endpoint", "formspree"])).toBe(
      '--form-endpoint: "formspree" is not an address such as https://conduct.example.org.',
    );
    expect(await usageError(["https://conduct.example.org", "--form-endpoint", "javascript:alert(1)"])).toBe(
      '--form-endpoint: "javascript:alert(1)" is not an http(s) address.',
    );
  });

  it("names an unknown option, and an option missing its value", async () => {
    expect(await usageError(["https://conduct.example.org", "--headers"])).toContain("'--headers'");
    expect(await usageError(["https://conduct.example.org", "--content"])).toContain("--content");
  });
});

describe("confide verify with good arguments", () => {
  it("compares the site's origin with a build of content/, headers included, by default", async () => {
    expect(await verifyCommand(["https://conduct.example.org/"])).toBe(0);
    expect(verifySite).toHaveBeenCalledWith({
      url: "https://conduct.example.org",
      contentDir: "content",
      formEndpoint: undefined,
      checkHeaders: true,
    });
    expect(printed.at(-1)).toBe(
      "Identical: 42 files, the headers they are served with, and 2 responders' keys match the build.",
    );
  });

  it("passes the content folder, the form endpoint as given and --ignore-headers on", async () => {
    vi.stubEnv("CONFIDE_CONTENT", "from-env");
    await verifyCommand([
      "http://127.0.0.1:8080",
      "--form-endpoint",
      "https://formspree.io/f/abc",
      "--ignore-headers",
    ]);
    expect(verifySite).toHaveBeenLastCalledWith({
      url: "http://127.0.0.1:8080",
      contentDir: "from-env",
      formEndpoint: "https://formspree.io/f/abc",
      checkHeaders: false,
    });
    await verifyCommand(["http://127.0.0.1:8080", "--content", "site", "--form-endpoint", "same-origin"]);
    expect(verifySite).toHaveBeenLastCalledWith(
      expect.objectContaining({ contentDir: "site", formEndpoint: "same-origin" }),
    );
  });

  it("fails with every difference listed under its label and counted", async () => {
    verifySite.mockResolvedValue({
      ...IDENTICAL,
      findings: [
        { kind: "key", path: "/keys/ada.asc", message: "the deployed key is another key" },
        { kind: "script", path: "/assets/island.js", message: "its bytes differ" },
      ],
    });
    expect(await verifyCommand(["https://conduct.example.org"])).toBe(1);
    const text = printed.join("\n");
    expect(text).toMatch(/^changed key {4,}\/keys\/ada\.asc\n {10,}the deployed key is another key$/m);
    expect(text).toMatch(/^changed script +\/assets\/island\.js$/m);
    expect(text).toContain("2 differences: the deployed site is not this build of content.");
  });

  it("answers a wrong command line without loading the build, Eleventy or OpenPGP", async () => {
    const log = await moduleLog();
    try {
      for (const args of [["verify"], ["verify", "conduct.example.org"]]) {
        const run = await log.run(args);
        expect(run.code, args.join(" ")).toBe(2);
        expect(
          run.loaded.filter((url) => /node_modules\/(@11ty|openpgp)\/|\/src\/build\//.test(url)),
          args.join(" "),
        ).toEqual([]);
      }
    } finally {
      await log.remove();
    }
  });
});
