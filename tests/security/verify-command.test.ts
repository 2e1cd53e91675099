import { appendFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readKey } from "openpgp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { groupFingerprint } from "../../src/roster/fingerprint.ts";
import { type BuildManifest, sha256Hex } from "../../src/site/build-manifest.ts";
import { listFiles } from "../helpers/built-site.ts";
import { EXAMPLE_CONTENT, fixtureKey } from "../helpers/content-folder.ts";
import { freePort } from "../helpers/pages-dev.ts";
import { runConfide } from "../helpers/run-cli.ts";
import { sharedExampleSite } from "../helpers/run-resources.ts";
import { type ServedFolder, serveCopy } from "../helpers/served-copy.ts";

// Issue 6: `confide verify URL` passes a deployed site that is the build of the content, and catches
// a swapped key, an injected script and loosened headers, even when the deployed manifest was forged
// to match. Every site here is a copy of one build, served on 127.0.0.1 by the project's own server.

let built = "";
const served: ServedFolder[] = [];

beforeAll(async () => {
  built = await sharedExampleSite();
});
afterAll(async () => {
  for (const site of served) await site.stop();
});

/** Serves a copy of the good build, changed by `change`. */
async function deploy(change?: (dir: string) => Promise<void>): Promise<string> {
  const site = await serveCopy(built, change);
  served.push(site);
  return site.url;
}

const verify = (url: string, ...options: string[]) =>
  runConfide(["verify", url, "--content", EXAMPLE_CONTENT, ...options]);

/** The report page's embedded form props (where the keys that encrypt reports are). */
const PROPS = /(<script type="application\/json" id="report-form-props">)(.*?)(<\/script>)/s;

/** Rewrites the manifest as an attacker who controls the host would: every hash true to what is served. */
async function forgeManifest(dir: string, edit: (manifest: BuildManifest) => void = () => {}): Promise<void> {
  const path = join(dir, ".well-known/confide.json");
  const manifest = JSON.parse(await readFile(path, "utf8")) as BuildManifest;
  for (const file of await listFiles(dir)) {
    const address = `/${file.replace(/(^|\/)index\.html$/, "$1")}`;
    if (address !== "/.well-known/confide.json")
      manifest.files[address] = sha256Hex(await readFile(join(dir, file)));
  }
  edit(manifest);
  await writeFile(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

describe("confide verify", () => {
  it("passes the deployed site when it is the build of the content, byte for byte and header for header", async () => {
    const url = await deploy();
    const { code, stdout, stderr } = await verify(url);
    expect(stderr).not.toMatch(/Error/);
    expect(stdout.split("\n")[0]).toBe(`confide verify ${url} against a build of ${EXAMPLE_CONTENT}`);
    expect(stdout).toContain("with the form posting to the site's own origin (from the deployed manifest)");
    expect(stdout).toMatch(
      /Identical: \d{2,} files, the headers they are served with, and 3 responders' keys match the build\./,
    );
    expect(code).toBe(0);
  });

  it("catches a swapped key, in the key file and in the form, even with a manifest forged to match", async () => {
    const intruder = await fixtureKey("gpg-ed25519");
    const intruderFingerprint = groupFingerprint(intruder.fingerprint);
    const url = await deploy(async (dir) => {
      await writeFile(join(dir, "keys/ada.asc"), intruder.armored);
      const page = await readFile(join(dir, "report/index.html"), "utf8");
      const [, open = "", json = "", close = ""] = PROPS.exec(page) ?? [];
      const props = JSON.parse(json) as {
        recipients: Array<{ id: string; armoredKey: string; fingerprint: string }>;
      };
      const ada = props.recipients.find((r) => r.id === "ada");
      if (!ada) throw new Error("no ada in the form");
      ada.armoredKey = intruder.armored;
      ada.fingerprint = intruder.fingerprint;
      const swapped = `${open}${JSON.stringify(props).replaceAll("<", "\\u003c")}${close}`;
      await writeFile(
        join(dir, "report/index.html"),
        page.replace(PROPS, () => swapped),
      );
      await forgeManifest(dir, (manifest) => {
        const entry = manifest.recipients.find((r) => r.id === "ada");
        if (entry) entry.fingerprint = intruderFingerprint;
      });
    });
    const ada = await readKey({ armoredKey: await readFile(join(built, "keys/ada.asc"), "utf8") });
    const { code, stdout } = await verify(url);
    expect(code).toBe(1);
    expect(stdout).toContain(
      `changed key     /keys/ada.asc\n                The deployed key is ${intruderFingerprint}; this content's is ${groupFingerprint(ada.getFingerprint())}.`,
    );
    expect(stdout).toMatch(/changed page {4}\/report\/\n {16}First change at line \d+, column \d+/);
    expect(stdout).toContain(
      `The deployed manifest gives Adaeze Okafor's fingerprint as ${intruderFingerprint}`,
    );
    expect(stdout).toMatch(/\n\d+ differences: the deployed site is not this build of /);
  });

  it("catches an injected script and a changed bundle", async () => {
    let bundle = "";
    const url = await deploy(async (dir) => {
      const page = await readFile(join(dir, "report/index.html"), "utf8");
      bundle = /src="(\/assets\/js\/report-form-[A-Z0-9]+\.js)"/.exec(page)?.[1] ?? "";
      await writeFile(join(dir, "assets/js/collect.js"), "document.addEventListener('input', () => {});\n");
      await writeFile(
        join(dir, "report/index.html"),
        page.replace("</head>", '<script type="module" src="/assets/js/collect.js"></script>\n</head>'),
      );
      await appendFile(join(dir, bundle.slice(1)), "\nconsole.log('read the form');\n");
    });
    const { code, stdout } = await verify(url);
    expect(code).toBe(1);
    expect(stdout).toContain(
      "changed page    /report/\n                It loads /assets/js/collect.js, which the build does not.",
    );
    expect(stdout).toMatch(
      new RegExp(`changed script  ${bundle.replaceAll(".", "\\.")}\\n {16}Changed: \\d+ bytes deployed`),
    );
    expect(stdout).toContain("2 differences:");
  });

  it("catches loosened headers, unless told the host ignores them", async () => {
    const url = await deploy(async (dir) => {
      const headers = await readFile(join(dir, "_headers"), "utf8");
      await writeFile(
        join(dir, "_headers"),
        headers.replaceAll("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
      );
    });
    const strict = await verify(url);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain(
      `changed header  /\n                Content-Security-Policy differs: script-src is "'self' 'unsafe-inline'" (built: "'self'")`,
    );
    const lenient = await verify(url, "--ignore-headers");
    expect(lenient.stdout).toMatch(/Identical: \d+ files and 3 responders' keys match the build\./);
    expect(lenient.code).toBe(0);
  });

  it("does not let the deployed manifest choose where the form posts", async () => {
    const url = await deploy((dir) =>
      forgeManifest(dir, (manifest) => {
        manifest.formEndpoint = "https://collector.example";
      }),
    );
    const { code, stdout } = await verify(url);
    expect(code).toBe(1);
    expect(stdout).toContain(
      "The deployed site was built with its form posting to https://collector.example, which is not in this content. If that is intended, run again with --form-endpoint https://collector.example.",
    );
    // Built from site.yaml's endpoint instead, the report page and its policy differ from the hook-mode site.
    expect(stdout).toContain("changed page    /report/");
  });

  it("says so when the deployed build time cannot be this content's, and compares with a build made now", async () => {
    const url = await deploy((dir) =>
      forgeManifest(dir, (manifest) => {
        manifest.builtAt = "2001-01-01T00:00:00Z"; // before any of the roster's keys existed
      }),
    );
    const { code, stdout } = await verify(url);
    expect(code).toBe(1);
    expect(stdout).toContain(
      "This content does not build at the deployed manifest's build time, 2001-01-01T00:00:00Z:",
    );
    expect(stdout).not.toContain("Built at 2001");
  });

  it("fails, saying why, when the site cannot be reached", async () => {
    const { code, stdout } = await verify(`http://127.0.0.1:${await freePort()}`);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /manifest {8}\/\.well-known\/confide\.json\n {16}Could not fetch it: ECONNREFUSED\./,
    );
  });

  it("explains a wrong command line with exit code 2", async () => {
    const none = await runConfide(["verify"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Give the deployed site's address");
    const path = await runConfide(["verify", "https://conduct.example.org/report/"]);
    expect(path.code).toBe(2);
    expect(path.stderr).toContain("give the site's origin (https://conduct.example.org)");
    const endpoint = await runConfide([
      "verify",
      "https://conduct.example.org",
      "--form-endpoint",
      "formspree",
    ]);
    expect(endpoint.code).toBe(2);
  });
});
