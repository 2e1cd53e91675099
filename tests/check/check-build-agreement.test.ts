import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as openpgp from "openpgp";
import { describe, expect, it, vi } from "vitest";
import { buildSite } from "../../src/build/build-site.ts";
import { checkCommand } from "../../src/cli/check-command.ts";
import { loadContent } from "../../src/content/load-content.ts";
import { groupFingerprint } from "../../src/roster/fingerprint.ts";
import type { ReportFormProps } from "../../src/site/report-form-props.ts";
import { listFiles, readOut } from "../helpers/built-site.ts";
import { contentFolder, EXAMPLE_CONTENT, fixtureKey, PROJECT_ROOT } from "../helpers/content-folder.ts";
import { seededRandom } from "../helpers/seeded-random.ts";

// Issue 14: `confide check` and the build must agree. Each case below is one or two mistakes an
// organiser makes, applied to the example (a fixed catalogue, then seeded field mistakes in the data
// files). For each, either check refuses (exit 1) with an error in the file the mistake is in, every
// error as `file:line:col: error: … Fix: …` with a fix that says what to do, or check says "ready to
// publish" and the build then succeeds with a site a reporter can use: in every language the report
// page has one form, posting to a real form id, with at least one public key it can encrypt to; the
// pages about reporting give an email or phone; every page shows the most urgent emergency number,
// and every phone link dials what it shows; every page check knows of is built as a page, and no page
// is built that check never looked at; no private key is published.

const read = (file: string) => readFileSync(join(EXAMPLE_CONTENT, file), "utf8");
const ROSTER = "_data/roster.yaml";
const SITE = "_data/site.yaml";
const REPORT = "_data/report.yaml";
const roster = read(ROSTER);
const site = read(SITE);
const reportYaml = read(REPORT);
const adaKey = read("keys/ada.asc");
const tomasKey = read("keys/tomas.asc");
const adaFingerprint = /fingerprint: "([^"]+)"/.exec(roster)?.[1] ?? "";
const EXPIRED = readFileSync(join(PROJECT_ROOT, "tests/fixtures/keys/gpg-expired.pub.asc"), "utf8");
const adaPrivate = readFileSync(join(PROJECT_ROOT, "demo/private-keys/ada.sec.asc"), "utf8");

/** One organiser mistake: the files it changes, and the files an error about it may point at. */
interface Mistake {
  name: string;
  files: Record<string, string | null>;
  /** Where check must point when it refuses (default: the files changed). */
  blame?: string[];
}

/** The roster with Ada's key file replaced, and her fingerprint set to what the organiser would copy. */
function adaKeyIs(armored: string, fingerprint: string | null): Record<string, string> {
  return {
    "keys/ada.asc": armored,
    ...(fingerprint === null
      ? {}
      : { [ROSTER]: roster.replace(adaFingerprint, groupFingerprint(fingerprint.toUpperCase())) }),
  };
}

/** Every key mistake of the issue: the file is wrong, the fingerprint copied from it. */
async function keyMistakes(): Promise<Mistake[]> {
  const fixture = async (name: string) => {
    const key = await fixtureKey(name);
    return adaKeyIs(key.armored, key.fingerprint);
  };
  const ed25519 = await fixtureKey("gpg-ed25519");
  // An ordinary key (legacy curve25519, as gpg and `confide keygen` make), valid until `expires`.
  const ordinary = (expires: Date) =>
    openpgp.generateKey({
      userIDs: [{ name: "Adaeze Okafor", email: "ada@tidewater.example" }],
      keyExpirationTime: Math.round((expires.getTime() - Date.now()) / 1000),
      format: "object",
    });
  const soon = await ordinary(new Date(Date.now() + 10 * 24 * 60 * 60 * 1000));
  const subkeyRevoked = await ordinary(new Date(Date.now() + 365 * 24 * 60 * 60 * 1000));
  const [subkey] = subkeyRevoked.privateKey.subkeys;
  if (subkey)
    subkeyRevoked.privateKey.subkeys[0] = await subkey.revoke(
      subkeyRevoked.privateKey.keyPacket as openpgp.SecretKeyPacket,
    );
  const v6 = await openpgp.generateKey({
    type: "curve25519",
    userIDs: [{ name: "Adaeze Okafor", email: "ada@tidewater.example" }],
    config: { v6Keys: true },
    format: "object",
  });
  const [adaParsed, tomasParsed] = await Promise.all([
    openpgp.readKey({ armoredKey: adaKey }),
    openpgp.readKey({ armoredKey: tomasKey }),
  ]);
  // `gpg --export --armor ada tomas`: two keys in ONE armor block.
  const oneBlockTwoKeys = openpgp.armor(
    openpgp.enums.armor.publicKey,
    new Uint8Array([...adaParsed.write(), ...tomasParsed.write()]),
  );
  const blame = [ROSTER, "keys/ada.asc"];
  const mistakes: Mistake[] = [
    {
      name: "a private key pasted as Ada's key",
      files: adaKeyIs(ed25519.armoredPrivate ?? "", ed25519.fingerprint),
    },
    {
      name: "Ada's own private key beside her public key (cat ada.asc ada.sec.asc)",
      files: adaKeyIs(`${adaKey}\n${adaPrivate}`, null),
    },
    { name: "an expired key", files: await fixture("gpg-expired") },
    { name: "a revoked key", files: await fixture("gpg-revoked") },
    { name: "a key whose encryption subkey expired", files: await fixture("gpg-subkey-expired") },
    { name: "a signing-only key", files: await fixture("gpg-sign-only") },
    { name: "an RSA-1024 key", files: await fixture("gpg-rsa1024") },
    { name: "an RSA-2048 key (warned, usable)", files: await fixture("gpg-rsa2048") },
    { name: "a key for another email (warned, usable)", files: await fixture("gpg-ed25519") },
    { name: "two keys pasted one after the other", files: adaKeyIs(`${adaKey}\n${tomasKey}`, null) },
    { name: "two keys in one armor block (gpg --export a b)", files: adaKeyIs(oneBlockTwoKeys, null) },
    { name: "a v6 key", files: adaKeyIs(v6.publicKey.armor(), v6.publicKey.getFingerprint()) },
    {
      name: "a key that expires in ten days (warned, usable)",
      files: adaKeyIs(soon.publicKey.armor(), soon.publicKey.getFingerprint()),
    },
    {
      name: "a key whose encryption subkey was revoked",
      files: adaKeyIs(subkeyRevoked.privateKey.toPublic().armor(), subkeyRevoked.privateKey.getFingerprint()),
    },
    { name: "garbage in the key file", files: adaKeyIs("this is my key: 9D57 21AD 485C\n", null) },
    { name: "an empty key file", files: adaKeyIs("", null) },
    {
      name: "an SSH key in the key file",
      files: adaKeyIs("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx ada@laptop\n", null),
    },
    {
      name: "the key with Windows line endings (usable)",
      files: adaKeyIs(adaKey.replaceAll("\n", "\r\n"), null),
    },
    {
      name: "the key pasted inside an email's text (usable)",
      files: adaKeyIs(`Hi, here it is:\n\n${adaKey}\nAda\n`, null),
    },
    { name: "the key's armor cut short", files: adaKeyIs(adaKey.slice(0, adaKey.length / 2), null) },
    { name: "a key file that does not exist", files: { "keys/ada.asc": null } },
    {
      name: "the fingerprint of another responder's key",
      files: {
        [ROSTER]: roster.replace(adaFingerprint, "AB60 B390 3F5E 9F8B 4ADD  8EDE 56F7 0456 0591 7C2C"),
      },
    },
    {
      name: "a short key id for a fingerprint",
      files: { [ROSTER]: roster.replace(adaFingerprint, "592E486D") },
    },
  ];
  return mistakes.map((mistake) => ({ blame, ...mistake }));
}

/** The roster, pages and translations mistakes of the issue. */
function contentMistakes(): Mistake[] {
  const reporting = read("reporting.md");
  const index = read("index.md");
  return [
    {
      name: "a responder who receives reports without a key",
      files: { [ROSTER]: roster.replace("    key: keys/ada.asc\n", "") },
    },
    {
      name: "a responder without key or fingerprint",
      files: { [ROSTER]: roster.replace(/ {4}key: keys\/ada\.asc\n {4}fingerprint: .*\n/, "") },
    },
    {
      name: "no responder with an email or phone",
      files: { [ROSTER]: roster.replace(/\n {4}(email|phone): .*/g, "") },
      blame: ["report.md", "reporting.md"],
    },
    {
      name: "every responder unavailable (receives_reports: false)",
      files: {
        [ROSTER]: roster
          .replaceAll("receives_reports: true", "receives_reports: false")
          .replace(/\n {4}inbox: .*/g, ""),
      },
    },
    { name: "a duplicate id", files: { [ROSTER]: roster.replace("id: tomas", "id: ada") } },
    {
      name: "a duplicate email",
      files: { [ROSTER]: roster.replace("tomas@tidewater.example", "ada@tidewater.example") },
    },
    {
      name: "an email without @",
      files: { [ROSTER]: roster.replace("mei@tidewater.example", "mei at tidewater.example") },
    },
    {
      name: "a phone number written as a YAML number",
      files: { [ROSTER]: roster.replace('phone: "07700 900456"', "phone: 07700900456") },
    },
    {
      name: "an emergency number written as a YAML number",
      files: { [SITE]: site.replace('number: "999"', "number: 999") },
    },
    {
      name: "two emergency numbers in one",
      files: { [SITE]: site.replace('number: "999"', 'number: "999 or 112"') },
    },
    {
      name: "an emergency number in words",
      files: { [SITE]: site.replace('number: "999"', 'number: "nine nine nine"') },
    },
    {
      name: 'a phone number with "(0)" after the country code',
      files: { [SITE]: site.replace('number: "07700 900123"', 'number: "+44 (0)7700 900123"') },
    },
    {
      name: "a responder's phone with a note in it",
      files: { [ROSTER]: roster.replace('phone: "07700 900456"', 'phone: "07700 900456 (evenings)"') },
    },
    {
      name: "the form's whole address as its id",
      files: { [SITE]: site.replace("id: xdemoform", "id: https://formspree.io/f/xdemoform") },
    },
    { name: "a form id with a space", files: { [SITE]: site.replace("id: xdemoform", "id: xdemo form") } },
    {
      name: "one form's address as the endpoint",
      files: {
        [SITE]: site.replace("endpoint: https://formspree.io", "endpoint: https://formspree.io/f/xdemoform"),
      },
    },
    {
      name: "a personal inbox as a whole address",
      files: { [ROSTER]: roster.replace("inbox: xdemoada", "inbox: https://formspree.io/f/xdemoada") },
    },
    {
      name: "the report form twice on its page",
      files: { "report.md": `${read("report.md")}\n{% report_form %}\n` },
    },
    {
      name: "the report form on the home page too (usable)",
      files: { "index.md": `${read("index.md")}\n{% report_form %}\n` },
    },
    {
      name: "the emergency numbers written as in PyCon TH's procedure",
      files: {
        [SITE]: site.replace('number: "999"', 'number: "1155 (tourist police) or 191 (Thai language)"'),
      },
    },
    {
      name: "a responder's photo that does not exist",
      files: {
        [ROSTER]: roster.replace(
          "    key: keys/ada.asc\n",
          "    photo: photos/ada.jpg\n    key: keys/ada.asc\n",
        ),
      },
    },
    {
      name: "a responder's photo that is not an image",
      files: {
        [ROSTER]: roster.replace(
          "    key: keys/ada.asc\n",
          "    photo: photos/ada.jpg\n    key: keys/ada.asc\n",
        ),
        "photos/ada.jpg": "not a picture\n",
      },
    },
    {
      name: "a logo that is not an image",
      files: { [SITE]: `${site}\nlogo: images/logo.svg\n`, "images/logo.svg": "<p>logo</p>\n" },
    },
    { name: "a logo that does not exist", files: { [SITE]: `${site}\nlogo: images/logo.png\n` } },
    { name: "an accent colour too pale to read", files: { [SITE]: `${site}\naccent: "#f5f5f5"\n` } },
    {
      name: "a favicon that is a private key",
      files: { [SITE]: `${site}\nfavicon: images/icon.svg\n`, "images/icon.svg": adaPrivate },
    },
    {
      name: "transparency figures that are not YAML",
      files: { "_data/transparency.yaml": "reports: [1, 2\n" },
    },
    {
      name: "site.yaml and roster.yaml saved with Windows line endings and a BOM (usable)",
      files: { [SITE]: `\uFEFF${site.replaceAll("\n", "\r\n")}`, [ROSTER]: roster.replaceAll("\n", "\r\n") },
    },
    { name: "a setting written twice", files: { [SITE]: `${site}\nfollow_up: within two days\n` } },
    {
      name: "a responder's entry pasted twice",
      files: {
        [ROSTER]: `${roster}${roster.slice(roster.indexOf("  - id: mei"), roster.indexOf("  - id: jonas"))}`,
      },
    },
    {
      name: "a page's address without a slash at the end",
      files: { "faq.md": "---\ntitle: FAQ\npermalink: /faq\n---\n\nQuestions.\n" },
    },
    {
      name: "a responder without email or phone (usable)",
      files: { [ROSTER]: roster.replace("    email: mei@tidewater.example\n", "") },
    },
    {
      name: "every receiving responder's key expired",
      files: {
        "keys/ada.asc": EXPIRED,
        "keys/tomas.asc": EXPIRED,
        "keys/mei.asc": EXPIRED,
      },
      blame: [ROSTER],
    },
    {
      name: "an include of a file that does not exist",
      files: { "index.md": `${read("index.md")}\n{% include "header.html" %}\n` },
    },
    {
      name: "a filter that does not exist",
      files: { "index.md": `${read("index.md")}\n{{ site.event.name | upcasse }}\n` },
    },
    { name: "a {% raw %} never closed", files: { "index.md": `${read("index.md")}\n{% raw %}\n` } },
    {
      name: "a {% for %} over a setting that does not exist",
      files: { "index.md": `${read("index.md")}\n{% for c in site.chanels %}{{ c.label }}{% endfor %}\n` },
    },
    {
      name: "an Eleventy data file that takes a page's layout away",
      files: { "report.11tydata.json": '{ "layout": false }\n' },
    },
    {
      name: "a data file named after a page",
      files: { "reporting.json": '{ "layout": false, "permalink": "/elsewhere/" }\n' },
    },
    { name: "a folder's data file in a translation", files: { "es/es.json": '{ "layout": false }\n' } },
    { name: "no emergency numbers", files: { [SITE]: site.replace(/^emergency:\n(?: {2}.*\n)+/m, "") } },
    { name: "an emergency number emptied", files: { [SITE]: site.replace('number: "999"', 'number: ""') } },
    { name: "a tab in the YAML", files: { [SITE]: site.replace("  name: Tidewater", "\tname: Tidewater") } },
    {
      name: "the demo flag off with the demo keys",
      files: { [SITE]: site.replace("demo: true", "demo: false") },
      blame: [ROSTER],
    },
    {
      name: "a report question without an id",
      files: { [REPORT]: reportYaml.replace("  - id: where\n    label", "  - label") },
    },
    {
      name: "a page's front matter never closed",
      files: { "reporting.md": reporting.replace(/\n---\n/, "\n\n") },
    },
    {
      name: "a page's front matter that is not YAML",
      files: { "reporting.md": reporting.replace(/^title: (.*)$/m, "title: [$1") },
    },
    { name: "a page without a title", files: { "reporting.md": reporting.replace(/^title: .*\n/m, "") } },
    {
      name: "a Liquid tag never closed",
      files: { "index.md": index.replace("{% emergency_callout %}", "{% emergency_callout") },
    },
    {
      name: "an unknown Liquid tag",
      files: { "index.md": index.replace("{% emergency_callout %}", "{% emergency_calout %}") },
    },
    { name: "an {% if %} without {% endif %}", files: { "index.md": index.replace(/\{% endif %\}/, "") } },
    {
      name: "a link to a page that does not exist",
      files: { "index.md": `${index}\nSee [the schedule](/schedule/).\n` },
    },
    {
      name: "the reporting page deleted (other pages link to it)",
      files: { "reporting.md": null },
      blame: ["index.md", "report.md", "responders.md", "code-of-conduct.md", "responder-guide.md", "404.md"],
    },
    { name: "the report page deleted", files: { "report.md": null } },
    {
      name: "the emergency block removed from the report page",
      files: { "report.md": read("report.md").replace("{% emergency_callout %}\n", "") },
    },
    { name: "a translation folder missing a page", files: { "es/reporting.md": null }, blame: ["es/"] },
    { name: "a translation folder missing its report page", files: { "es/report.md": null } },
    {
      name: "a page given the report page's address",
      files: { "schedule.md": "---\ntitle: Schedule\npermalink: /report/\n---\n\nThe schedule.\n" },
      blame: ["schedule.md", "report.md"],
    },
    {
      name: "a page given the address of Ada's key",
      files: { "ada-key.md": "---\ntitle: Ada's key\npermalink: /keys/ada.asc\n---\n\nAsk Ada.\n" },
    },
    {
      name: "a page given the address of the keys file",
      files: { "keys.md": "---\ntitle: Keys\npermalink: /keys/responders.asc\n---\n\nAll keys.\n" },
    },
    {
      name: "a page given the address of the headers file",
      files: { "headers.md": "---\ntitle: Headers\npermalink: /_headers\n---\n\nNothing.\n" },
    },
    {
      name: "a private key pasted into a page",
      files: { "responders.md": `${read("responders.md")}\n\n${adaPrivate}\n` },
    },
    {
      name: "a private key pasted into site.yaml",
      files: {
        [SITE]: site
          .replace(
            /^attribution: >-\n/m,
            `attribution: |\n${adaPrivate
              .trim()
              .split("\n")
              .map((line) => `  ${line}`)
              .join("\n")}\n`,
          )
          .replace(/\n {2}This text was written[\s\S]*$/, "\n"),
      },
    },
    { name: "a private key file left in keys/", files: { "keys/ada.sec.asc": adaPrivate } },
    { name: "a private key saved as an html page", files: { "ada.sec.html": adaPrivate } },
    {
      name: "the form's settings removed",
      files: { [SITE]: site.replace(/^form:\n(?: {2}.*\n)+/m, "") },
      blame: ["report.md", "ar/report.md", "es/report.md"],
    },
    {
      name: "a draft page in a folder starting with _",
      files: { "_drafts/ideas.md": "---\ntitle: Ideas\n---\n\nSee [the plan](/plan/).\n" },
    },
    {
      name: "a page in the keys folder",
      files: { "keys/README.md": "---\ntitle: Keys\n---\n\nThe keys.\n" },
    },
    { name: "a page written in HTML", files: { "about.html": "<p>About the team.</p>\n" } },
    {
      name: "a page written in Liquid with a broken link",
      files: { "about.liquid": '---\ntitle: About\n---\n<a href="/abuot/">About</a>\n' },
    },
    {
      name: "a page with a misspelt Liquid tag in a translation",
      files: {
        "es/index.md": read("es/index.md").replace("{% emergency_callout %}", "{% emergency_calout %}"),
      },
    },
    {
      name: "a translation's roster naming a responder who does not exist",
      files: { "es/_data/roster.yaml": `${read("es/_data/roster.yaml")}  zoe:\n    role: Equipo\n` },
    },
    {
      name: "a translation's emergency number that is not in site.yaml",
      files: { "es/_data/site.yaml": read("es/_data/site.yaml").replace('"101":', '"102":') },
    },
  ];
}

/** The `key: value` lines of a YAML file, as places a seeded mutation can hit. */
function keyLines(text: string): number[] {
  const lines = text.split("\n");
  return lines.flatMap((line, index) =>
    /^\s*(- )?[a-z_]+:/.test(line) && !line.trimStart().startsWith("#") ? [index] : [],
  );
}

/** The line and the lines nested under it (a block the line opens). */
function blockEnd(lines: readonly string[], index: number): number {
  const indent = (line: string) =>
    line.length - line.trimStart().replace(/^- /, "  ").length + (line.trimStart().startsWith("- ") ? 2 : 0);
  const own = indent(lines[index] ?? "");
  let end = index + 1;
  while (end < lines.length && ((lines[end] ?? "").trim() === "" || indent(lines[end] ?? "") > own)) end++;
  return end;
}

type Operation = "removed" | "misspelt" | "emptied" | "wrong type";

/** One seeded mistake in one field of one YAML file. */
function mutateField(text: string, random: () => number): { text: string; what: string } {
  const lines = text.split("\n");
  const candidates = keyLines(text);
  const index = candidates[Math.floor(random() * candidates.length)] ?? 0;
  const line = lines[index] ?? "";
  const match = /^(\s*(?:- )?)([a-z_]+):(.*)$/.exec(line);
  if (!match) throw new Error(`not a key line: ${line}`);
  const [, lead = "", key = "", value = ""] = match;
  const operations: Operation[] = lead.includes("- ")
    ? ["misspelt", "emptied", "wrong type"]
    : ["removed", "misspelt", "emptied", "wrong type"];
  const operation = operations[Math.floor(random() * operations.length)] ?? "misspelt";
  const end = blockEnd(lines, index);
  let replacement: string[];
  switch (operation) {
    case "removed":
      replacement = [];
      break;
    case "misspelt": {
      const at = Math.min(key.length - 2, Math.floor(random() * (key.length - 1)));
      const misspelt =
        key.length < 2 ? `${key}${key}` : `${key.slice(0, at)}${key[at + 1]}${key[at]}${key.slice(at + 2)}`;
      replacement = [
        `${lead}${misspelt === key ? `${key}s` : misspelt}:${value}`,
        ...lines.slice(index + 1, end),
      ];
      break;
    }
    case "emptied":
      replacement = [`${lead}${key}: ""`];
      break;
    case "wrong type": {
      const trimmed = value.trim();
      const wrong =
        trimmed === ""
          ? '"yes"'
          : /^(true|false)$/.test(trimmed)
            ? '"yes"'
            : /^\d+$/.test(trimmed)
              ? "many"
              : trimmed.startsWith("[")
                ? trimmed.slice(1, -1) || "x"
                : `[${trimmed}]`;
      replacement = [`${lead}${key}: ${wrong}`];
      break;
    }
  }
  lines.splice(index, end - index, ...replacement);
  return { text: lines.join("\n"), what: `${key} (line ${index + 1}) ${operation}` };
}

const DATA_FILES = { [SITE]: site, [ROSTER]: roster, [REPORT]: reportYaml } as const;

/** Seeded field mistakes in the data files: one at a time, then two (in one file or two). */
function seededMistakes(options: { seed: number; singles: number; pairs: number }): Mistake[] {
  const random = seededRandom(options.seed);
  const files = Object.keys(DATA_FILES) as Array<keyof typeof DATA_FILES>;
  const pick = () => files[Math.floor(random() * files.length)] ?? SITE;
  const mistakes: Mistake[] = [];
  for (let i = 0; i < options.singles + options.pairs; i++) {
    const changed: Record<string, string> = {};
    const what: string[] = [];
    for (let n = 0; n < (i < options.singles ? 1 : 2); n++) {
      const file = pick();
      const mutated = mutateField(changed[file] ?? DATA_FILES[file], random);
      changed[file] = mutated.text;
      what.push(`${file}: ${mutated.what}`);
    }
    mistakes.push({ name: `seed ${options.seed} #${i}: ${what.join("; ")}`, files: changed });
  }
  return mistakes;
}

/** `confide check --content DIR` in this process, its output collected. */
async function confideCheck(dir: string): Promise<{ code: number; stdout: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
  try {
    const code = await checkCommand(["--content", dir]);
    return { code, stdout: lines.join("\n") };
  } finally {
    log.mockRestore();
  }
}

/**
 * A private key's armor and its body, also as markdown renders it (paragraphs): the responder guide
 * and openpgp.js name the header alone, with no key material after it.
 */
const PRIVATE_KEY_ARMOR = /BEGIN PGP PRIVATE KEY BLOCK[\s\S]{0,300}?[A-Za-z0-9+/]{40}/;

/** What the built site lacks that a reporter needs, in words; empty when nothing. */
async function missingForReporter(options: { dir: string; out: string }): Promise<string[]> {
  const { dir, out } = options;
  const { content } = await loadContent({ dir });
  if (!content) return ["the content no longer loads"];
  const problems: string[] = [];
  const files = await listFiles(out);
  const pages = files.filter((file) => file.endsWith(".html"));
  for (const language of content.languages) {
    const folder = language.folder;
    const reportPage = await readOut(out, `${folder}report/index.html`).catch(() => null);
    if (reportPage === null) {
      problems.push(`no ${folder}report/index.html`);
      continue;
    }
    const props = /<script type="application\/json" id="report-form-props">([\s\S]*?)<\/script>/.exec(
      reportPage,
    )?.[1];
    if (reportPage.split('id="report-form-props"').length > 2)
      problems.push(`${folder}report/: two report forms`);
    if (!props) problems.push(`${folder}report/: no report form`);
    else {
      const { recipients, form } = JSON.parse(props) as Pick<ReportFormProps, "recipients" | "form">;
      if (!form) problems.push(`${folder}report/: the form has nowhere to post`);
      // The form posts to `<endpoint>/f/<id>`: Formspree's ids are letters and digits, and the
      // endpoint is the service's address, not one form's.
      if (form && (!/^[\w-]{1,64}$/.test(form.id) || /\/f\//.test(form.endpoint ?? "")))
        problems.push(`${folder}report/: the form posts to ${form.endpoint}/f/${form.id}`);
      for (const { inbox } of recipients)
        if (inbox !== null && !/^[\w-]{1,64}$/.test(inbox))
          problems.push(`${folder}report/: a personal inbox posts to /f/${inbox}`);
      let usable = 0;
      for (const recipient of recipients) {
        const key = await openpgp.readKey({ armoredKey: recipient.armoredKey }).catch(() => null);
        if (
          key &&
          !key.isPrivate() &&
          (await key.getEncryptionKey().then(
            () => true,
            () => false,
          ))
        )
          usable++;
        if (key?.isPrivate()) problems.push(`${folder}report/: a PRIVATE key in the form`);
      }
      if (usable === 0) problems.push(`${folder}report/: the form has no key it can encrypt to`);
    }
    for (const page of [
      `${folder}report/index.html`,
      `${folder}reporting/index.html`,
      `${folder}responders/index.html`,
    ]) {
      const html = await readOut(out, page).catch(() => "");
      if (!/href="(mailto|tel):/.test(html)) problems.push(`${page}: no email or phone to reach a responder`);
    }
  }
  // Every page the build published is one check checked (or the responders' pages it generates).
  for (const page of pages) {
    const url = `/${page.replace(/(^|\/)index\.html$/, "$1")}`;
    if (!content.pageLanguages[url]) problems.push(`${url}: published, but confide check never looked at it`);
  }
  // Every page check knows of is built, as a page: none replaced by another or by a generated file.
  for (const url of Object.keys(content.pageLanguages)) {
    const html = await readOut(out, url.endsWith("/") ? `${url.slice(1)}index.html` : url.slice(1)).catch(
      () => "",
    );
    if (!/^<!doctype html>/i.test(html)) problems.push(`${url}: not built as a page`);
  }
  // A phone link dials what it shows: the shown number's digits (and +), no words, no "(0)" after a +.
  for (const page of pages) {
    const html = await readOut(out, page);
    for (const [, href = "", shown = ""] of html.matchAll(/<a\b[^>]*href="tel:([^"]*)"[^>]*>([^<]+)</g)) {
      const text = shown.trim();
      if (text.replace(/[\s().-]/g, "") !== href || /^\+.*\(\s*0\s*\)/.test(text))
        problems.push(`${page}: the link "${text}" dials ${href}`);
    }
  }
  const urgent = content.site.emergency[0]?.number.replace(/[^\d+]/g, "") ?? "";
  for (const page of pages) {
    const html = await readOut(out, page);
    if (!urgent || !html.includes(`href="tel:${urgent}"`))
      problems.push(`${page}: no emergency number (tel:${urgent})`);
  }
  for (const file of files)
    if (PRIVATE_KEY_ARMOR.test(await readOut(out, file))) problems.push(`${file}: publishes a private key`);
  return problems;
}

/** The example's pages in every language, by path. */
const PAGES = ["", "ar/", "es/"].flatMap((folder) =>
  [
    "404.md",
    "code-of-conduct.md",
    "index.md",
    "report.md",
    "reporting.md",
    "responder-guide.md",
    "responders.md",
  ].map((page) => `${folder}${page}`),
);

/** Seeded page mistakes: a Liquid tag's line deleted, a link's address cut, or the whole page deleted. */
function seededPageMistakes(options: { seed: number; count: number }): Mistake[] {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return Array.from({ length: options.count }, (_, i): Mistake => {
    const file = pick(PAGES);
    const lines = read(file).split("\n");
    const tags = lines.flatMap((line, index) => (/\{%/.test(line) ? [index] : []));
    const links = lines.flatMap((line, index) => (/\]\(\//.test(line) ? [index] : []));
    const kind = pick(["tag", "link", "page"] as const);
    if (kind === "page" || (kind === "tag" && tags.length === 0) || (kind === "link" && links.length === 0))
      return {
        name: `seed ${options.seed} page #${i}: ${file} deleted`,
        files: { [file]: null },
        blame: [file.replace(/[^/]*$/, "")],
      };
    const index = pick(kind === "tag" ? tags : links);
    const changed = [...lines];
    changed.splice(
      index,
      1,
      ...(kind === "tag" ? [] : [(lines[index] ?? "").replace(/\]\(\/([^)]*?)\/?\)/, "](/$1x/)")]),
    );
    return {
      name: `seed ${options.seed} page #${i}: ${file} line ${index + 1} ${kind === "tag" ? "deleted" : "linked to a page that does not exist"}`,
      files: { [file]: changed.join("\n") },
    };
  });
}

const SEEDED = [
  ...seededMistakes({ seed: 14, singles: 16, pairs: 6 }),
  ...seededMistakes({ seed: 1407, singles: 8, pairs: 4 }),
  ...seededMistakes({ seed: 2027, singles: 40, pairs: 10 }),
  ...seededPageMistakes({ seed: 14, count: 30 }),
];

describe("confide check agrees with the build (issue 14)", { timeout: 120_000 }, async () => {
  const mistakes = [...(await keyMistakes()), ...contentMistakes(), ...SEEDED];

  it.each(
    mistakes.map((mistake) => [mistake.name, mistake] as const),
  )("%s: refused with file:line, or built whole", async (_, mistake) => {
    // Each mistake changes the example: one its text no longer allows would prove nothing.
    for (const [file, text] of Object.entries(mistake.files))
      expect(text, `${file} is changed`).not.toBe(
        existsSync(join(EXAMPLE_CONTENT, file)) ? read(file) : null,
      );
    const { dir, cleanup } = await contentFolder(mistake.files);
    try {
      const { code, stdout } = await confideCheck(dir);
      if (code === 1) {
        const blame = mistake.blame ?? Object.keys(mistake.files);
        const errors = stdout.split("\n").filter((line) => line.includes(": error: "));
        const pointed = errors.filter((line) =>
          blame.some((file) =>
            line.startsWith(`${dir}/${file}${file === "" || file.endsWith("/") ? "" : ":"}`),
          ),
        );
        expect(pointed, `an error in ${blame.join(" or ")}:\n${stdout}`).not.toEqual([]);
        for (const line of errors)
          expect(line, "every error as file:line:col: error: … Fix: …").toMatch(
            /^\S+:\d+:\d+: error: .+ Fix: \S/,
          );
        for (const line of errors)
          expect(line, "every fix says what to do, not the schema's bare description").not.toMatch(
            / Fix: Expected /,
          );
        return;
      }
      expect(stdout, "check passed: it says so").toMatch(/ready to publish/);
      const out = await mkdtemp(join(tmpdir(), "confide-site-"));
      try {
        await buildSite({ contentDir: dir, outDir: out, silent: true });
        expect(await missingForReporter({ dir, out }), `check said ready to publish:\n${stdout}`).toEqual([]);
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    } finally {
      await cleanup();
    }
  });
});
