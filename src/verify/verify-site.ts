import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readKeys } from "openpgp";
import { buildSite } from "../build/build-site.ts";
import { isContentError } from "../check/diagnostic.ts";
import { groupFingerprint } from "../roster/fingerprint.ts";
import { type BuildManifest, parseManifest, sha256Hex } from "../site/build-manifest.ts";
import { applyHeaderRules, type HeaderRule, parseHeadersFile } from "../site/security-headers.ts";
import { subresourcesOf } from "../site/subresource-integrity.ts";
import { urls } from "../site/urls.ts";

/** What a difference is about. */
export type FindingKind = "key" | "script" | "style" | "page" | "header" | "file" | "manifest";

/** One way the deployed site differs from the local build. */
export interface Finding {
  kind: FindingKind;
  /** The address it concerns (`/keys/ada.asc`, `/report/`). */
  path: string;
  /** What differs, in words. */
  message: string;
}

/** The outcome of {@link verifySite}. */
export interface Verification {
  /** Every difference found; none means the deployed site is the local build, byte for byte. */
  findings: Finding[];
  /** Things worth knowing that are not differences (another Confide version, a key that expired since). */
  notes: string[];
  /** How the local build was made. */
  build: { builtAt: string; formEndpoint: string; formEndpointFrom: "option" | "manifest" | "site.yaml" };
  /** How much was compared. */
  compared: { files: number; headers: number; recipients: number };
}

/** How long one request may take. */
const REQUEST_TIMEOUT_MS = 20_000;
/** Requests under way at once. */
const CONCURRENT_REQUESTS = 6;
/** Redirects followed (on the same origin only). */
const MAX_REDIRECTS = 5;
/** Answers larger than this are not read (the biggest file Confide writes is well under 1 MiB). */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * Compares a deployed Confide site with a local build of the same content: every file the build
 * writes (pages, keys, scripts, the stylesheet, data), the security headers each is served with,
 * and the deployed manifest's files and receiving keys. Nothing the deployed site says is trusted:
 * its manifest only tells how to repeat the build, and even that is checked.
 *
 * Reproducing the build. Two things in a build depend on when it ran: the report form's `builtAt`
 * (it renders the form as of then until the browser takes over) and the manifest's `builtAt`, which
 * is the same instant. Instead of blanking them out before comparing, which would also let a change
 * hide there, the local build is made *at that instant* (SOURCE_DATE_EPOCH, src/build/build-time.ts),
 * read from the deployed manifest: the build is then byte for byte the same, and every byte is
 * compared. The instant is in whole seconds, and a forged one can change nothing but the `builtAt`
 * of a page that is otherwise compared in full. Everything else in a build is deterministic
 * (menus sort by order and address, bundles are content-hashed).
 *
 * The form endpoint is the one input the manifest must not choose: a site built to post reports
 * elsewhere would otherwise verify as "identical". The manifest may only say "same-origin" (hook
 * mode) or "site.yaml" (the endpoint in the local content); any other endpoint must be given with
 * `formEndpoint`.
 *
 * @param options.url - the deployed site (its origin: Confide sites live at the root of their address)
 * @param options.contentDir - the content folder to build
 * @param options.formEndpoint - where the form posts ("same-origin" or a URL), instead of the manifest's
 * @param options.checkHeaders - compare the headers each file is served with (default true)
 * @throws ContentError when the content cannot be built; network failures are findings
 */
export async function verifySite(options: {
  url: string;
  contentDir: string;
  formEndpoint?: string | undefined;
  checkHeaders?: boolean;
}): Promise<Verification> {
  const { url, contentDir, formEndpoint, checkHeaders = true, ...rest } = options;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new TypeError(`verifySite: unknown option ${unknown.join(", ")}`);
  const origin = new URL(url).origin;
  const findings: Finding[] = [];
  const notes: string[] = [];

  // 1. What the deployed site says about its build.
  const deployedManifest = await fetchFile(origin, urls.manifest);
  let deployed: BuildManifest | null = null;
  if ("error" in deployedManifest) {
    findings.push({ kind: "manifest", path: urls.manifest, message: deployedManifest.error });
  } else {
    const parsed = parseManifest(deployedManifest.body.toString("utf8"));
    if (parsed.kind === "manifest") deployed = parsed.manifest;
    else
      findings.push({
        kind: "manifest",
        path: urls.manifest,
        message: `The deployed manifest cannot be read: ${parsed.message}.`,
      });
  }

  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  let builtAt = now;
  if (deployed && new Date(deployed.builtAt).getTime() % 1000 === 0) builtAt = new Date(deployed.builtAt);
  else if (deployed)
    findings.push({
      kind: "manifest",
      path: urls.manifest,
      message: `The deployed manifest's build time ${deployed.builtAt} is not one Confide writes (whole seconds).`,
    });
  else notes.push("Without a manifest the build time cannot be repeated: the report page will differ.");
  let endpoint: { value: string | undefined; from: Verification["build"]["formEndpointFrom"] };
  if (formEndpoint !== undefined) endpoint = { value: formEndpoint, from: "option" };
  else if (deployed?.formEndpoint === "same-origin") endpoint = { value: "same-origin", from: "manifest" };
  else {
    endpoint = { value: undefined, from: "site.yaml" };
    if (deployed && deployed.formEndpoint !== "site.yaml") {
      findings.push({
        kind: "manifest",
        path: urls.manifest,
        message: `The deployed site was built with its form posting to ${deployed.formEndpoint}, which is not in this content. If that is intended, run again with --form-endpoint ${deployed.formEndpoint}.`,
      });
    }
  }

  // 2. The same content, built here at the same instant with the same endpoint.
  const out = await mkdtemp(join(tmpdir(), "confide-verify-"));
  try {
    const build = (at: Date) =>
      buildSite({
        contentDir: resolve(contentDir),
        outDir: out,
        builtAt: at,
        silent: true,
        ...(endpoint.value === undefined ? {} : { formEndpoint: endpoint.value }),
      });
    try {
      await build(builtAt);
    } catch (error) {
      // The content must build at the deployed instant (its keys valid then); if it does not, that
      // instant is not this content's build time: say so, and compare with a build made now.
      if (!isContentError(error) || builtAt === now) throw error;
      findings.push({
        kind: "manifest",
        path: urls.manifest,
        message: `This content does not build at the deployed manifest's build time, ${deployed?.builtAt}: ${error.diagnostics[0]?.message ?? "it has errors then"}`,
      });
      await build(now);
    }
    const localManifestText = await readFile(join(out, urls.manifest), "utf8");
    const localParsed = parseManifest(localManifestText);
    if (localParsed.kind !== "manifest")
      throw new Error(`The local build's manifest: ${localParsed.message}`);
    const local = localParsed.manifest;
    const rules = parseHeadersFile(await readFile(join(out, urls.headersFile), "utf8")).rules;

    // 3. Every file of the build, as the deployed site serves it.
    const paths = Object.keys(local.files).filter((path) => path !== urls.headersFile);
    let headersCompared = 0;
    const mismatches: HeaderMismatch[] = [];
    await inPool(paths, CONCURRENT_REQUESTS, async (path) => {
      const served = await fetchFile(origin, path);
      if ("error" in served) {
        findings.push({ kind: kindOf(path), path, message: served.error });
        return;
      }
      // A host may serve the not-found pages (/404.html, /es/404.html) with their own status.
      const acceptable = served.status === 200 || (served.status === 404 && /(^|\/)404\.html$/.test(path));
      if (!acceptable) {
        findings.push({ kind: kindOf(path), path, message: `The deployed site answers ${served.status}.` });
        return;
      }
      if (sha256Hex(served.body) !== local.files[path]) {
        const built = await readFile(join(out, filePath(path)));
        findings.push({ kind: kindOf(path), path, message: await describeChange(path, served.body, built) });
      }
      if (checkHeaders) {
        headersCompared++;
        mismatches.push(...compareHeaders(rules, served.path, served.headers));
      }
    });
    // The manifest itself is served with headers too.
    if (checkHeaders && !("error" in deployedManifest)) {
      headersCompared++;
      mismatches.push(...compareHeaders(rules, deployedManifest.path, deployedManifest.headers));
    }
    findings.push(...headerFindings(mismatches));

    // 4. What the deployed manifest claims, against the build.
    if (deployed) findings.push(...compareManifests(deployed, local));
    if (deployed && deployed.generator !== local.generator) {
      notes.push(
        `The deployed site was built with ${deployed.generator}, this build with ${local.generator}: scripts can differ for that reason alone.`,
      );
    }
    for (const recipient of local.recipients) {
      if (recipient.expires && new Date(recipient.expires) <= new Date())
        notes.push(
          `${recipient.name}'s key expired on ${recipient.expires.slice(0, 10)}: the form skips them. Run "confide check".`,
        );
    }

    return {
      findings: findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      notes,
      build: {
        builtAt: local.builtAt,
        formEndpoint: local.formEndpoint,
        formEndpointFrom: endpoint.from,
      },
      compared: { files: paths.length, headers: headersCompared, recipients: local.recipients.length },
    };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** The kind of file at an address. */
export function kindOf(path: string): FindingKind {
  if (path.endsWith(".asc")) return "key";
  if (path.endsWith(".js")) return "script";
  if (path.endsWith(".css")) return "style";
  if (path.endsWith("/") || path.endsWith(".html")) return "page";
  if (path === urls.headersFile) return "header";
  if (path === urls.manifest) return "manifest";
  return "file";
}

/** The file an address is written to: `/report/` → `report/index.html`. */
function filePath(path: string): string {
  return path.endsWith("/") ? `${path.slice(1)}index.html` : path.slice(1);
}

/** A header a file is served with that is not the one the build's rules give it. */
interface HeaderMismatch {
  path: string;
  name: string;
  /** As served, or null when missing. */
  actual: string | null;
  expected: string;
}

/** The security headers the rules give a path, against those it was served with. */
function compareHeaders(rules: readonly HeaderRule[], path: string, served: Headers): HeaderMismatch[] {
  const mismatches: HeaderMismatch[] = [];
  for (const [name, expected] of applyHeaderRules(rules, path, new Headers())) {
    const actual = served.get(name);
    if (actual !== expected) mismatches.push({ path, name, actual, expected });
  }
  return mismatches;
}

/**
 * One finding per header that differs in the same way on many files ("Content-Security-Policy:
 * script-src adds 'unsafe-inline', on / and 36 more"), instead of one per file.
 */
function headerFindings(mismatches: readonly HeaderMismatch[]): Finding[] {
  const groups = new Map<string, HeaderMismatch[]>();
  for (const mismatch of mismatches) {
    const key = JSON.stringify([mismatch.name, mismatch.actual, mismatch.expected]);
    groups.set(key, [...(groups.get(key) ?? []), mismatch]);
  }
  return [...groups.values()].map((group) => {
    const paths = group.map((m) => m.path).sort();
    const { name, actual, expected } = group[0] as HeaderMismatch;
    const where =
      paths.length === 1
        ? ""
        : ` (on ${paths.length} files: ${paths.slice(0, 4).join(", ")}${paths.length > 4 ? ", …" : ""})`;
    return {
      kind: "header" as const,
      path: paths[0] ?? "/",
      message: `${describeHeaderChange(name, actual, expected)}${where}.`,
    };
  });
}

/** How a served header differs from the build's, directive by directive for a policy. */
function describeHeaderChange(name: string, actual: string | null, expected: string): string {
  if (actual === null) return `${name} is missing; the build's _headers gives "${expected}"`;
  if (name.toLowerCase() !== "content-security-policy")
    return `${name} is "${actual}"; the build's _headers gives "${expected}"`;
  const directives = (policy: string) =>
    policy.split(",").map(
      (one) =>
        new Map(
          one
            .split(";")
            .map((d) => d.trim().split(/\s+/))
            .filter((d) => d[0])
            .map((d) => [(d[0] ?? "").toLowerCase(), d.slice(1).join(" ")] as const),
        ),
    );
  const served = directives(actual);
  const built = directives(expected);
  const changes: string[] = [];
  if (served.length !== built.length)
    changes.push(`${served.length} polic${served.length === 1 ? "y" : "ies"} served, ${built.length} built`);
  for (const [index, policy] of built.entries()) {
    const other = served[index] ?? new Map<string, string>();
    for (const [directive, value] of policy) {
      if (!other.has(directive)) changes.push(`${directive} is missing (built: ${value})`);
      else if (other.get(directive) !== value)
        changes.push(`${directive} is "${other.get(directive)}" (built: "${value}")`);
    }
    for (const [directive, value] of other) {
      if (!policy.has(directive)) changes.push(`${directive} "${value}" is added`);
    }
  }
  return `Content-Security-Policy differs: ${[...new Set(changes)].join("; ") || "directive order"}`;
}

/** What the deployed manifest claims that the build does not. */
function compareManifests(deployed: BuildManifest, local: BuildManifest): Finding[] {
  const findings: Finding[] = [];
  for (const [path, hash] of Object.entries(deployed.files)) {
    const built = local.files[path];
    if (built === undefined)
      findings.push({
        kind: kindOf(path),
        path,
        message: "The deployed manifest lists this file, which this content does not build.",
      });
    else if (built !== hash)
      findings.push({
        kind: path === urls.headersFile ? "header" : "manifest",
        path,
        message:
          path === urls.headersFile
            ? "The deployed manifest gives the _headers file another SHA-256: the site's header rules are not this build's."
            : `The deployed manifest gives this file the SHA-256 ${hash.slice(0, 16)}…, the build ${built.slice(0, 16)}….`,
      });
  }
  for (const path of Object.keys(local.files)) {
    if (!(path in deployed.files))
      findings.push({ kind: "manifest", path, message: "The deployed manifest does not list this file." });
  }
  const deployedRecipients = new Map(deployed.recipients.map((r) => [r.id, r]));
  for (const recipient of local.recipients) {
    const claimed = deployedRecipients.get(recipient.id);
    deployedRecipients.delete(recipient.id);
    if (!claimed)
      findings.push({
        kind: "key",
        path: recipient.key,
        message: `The deployed manifest does not list ${recipient.name} among the responders reports are encrypted to.`,
      });
    else if (claimed.fingerprint !== recipient.fingerprint)
      findings.push({
        kind: "key",
        path: recipient.key,
        message: `The deployed manifest gives ${recipient.name}'s fingerprint as ${claimed.fingerprint}; the roster's key is ${recipient.fingerprint}.`,
      });
  }
  for (const extra of deployedRecipients.values())
    findings.push({
      kind: "key",
      path: extra.key,
      message: `The deployed manifest lists ${extra.name} (${extra.fingerprint}) as receiving reports; the roster does not.`,
    });
  if (deployed.formEndpoint !== local.formEndpoint)
    findings.push({
      kind: "manifest",
      path: urls.manifest,
      message: `The deployed manifest says the form posts to "${deployed.formEndpoint}"; this build's to "${local.formEndpoint}".`,
    });
  return findings;
}

/** A sentence on how a served file differs from the built one. */
async function describeChange(path: string, served: Buffer, built: Buffer): Promise<string> {
  const kind = kindOf(path);
  if (kind === "key") {
    const [deployedKeys, builtKeys] = await Promise.all([fingerprints(served), fingerprints(built)]);
    if (deployedKeys !== builtKeys)
      return `The deployed key is ${deployedKeys}; this content's is ${builtKeys}.`;
    return `Same key (${builtKeys}), other bytes (${served.length} deployed, ${built.length} built).`;
  }
  if (kind === "page") {
    const loads = (html: Buffer) =>
      new Set(subresourcesOf(html.toString("utf8")).map((r) => r.url ?? `an inline script`));
    const [deployedLoads, builtLoads] = [loads(served), loads(built)];
    const added = [...deployedLoads].filter((url) => !builtLoads.has(url));
    const removed = [...builtLoads].filter((url) => !deployedLoads.has(url));
    return [
      added.length ? `It loads ${added.join(", ")}, which the build does not.` : "",
      removed.length ? `It does not load ${removed.join(", ")}, which the build does.` : "",
      `First change at ${firstDifference(served.toString("utf8"), built.toString("utf8"))}`,
    ]
      .filter(Boolean)
      .join(" ");
  }
  if (kind === "manifest" || path.endsWith(".json") || path.endsWith(".txt")) {
    return `First change at ${firstDifference(served.toString("utf8"), built.toString("utf8"))}`;
  }
  return `Changed: ${served.length} bytes deployed (SHA-256 ${sha256Hex(served).slice(0, 16)}…), ${built.length} built (${sha256Hex(built).slice(0, 16)}…).`;
}

/** The fingerprints of the keys in an armored text, or why there are none. */
async function fingerprints(armored: Buffer): Promise<string> {
  try {
    const keys = await readKeys({ armoredKeys: armored.toString("utf8") });
    return keys.map((key) => groupFingerprint(key.getFingerprint())).join(", ");
  } catch {
    return "not an OpenPGP key";
  }
}

/** Where two texts first differ, with a little of each. */
function firstDifference(served: string, built: string): string {
  const servedLines = served.split("\n");
  const builtLines = built.split("\n");
  const line = servedLines.findIndex((text, index) => text !== builtLines[index]);
  const index = line === -1 ? servedLines.length : line;
  const a = servedLines[index] ?? "";
  const b = builtLines[index] ?? "";
  let column = 0;
  while (column < a.length && a[column] === b[column]) column++;
  const excerpt = (text: string) => {
    const start = Math.max(0, column - 30);
    const part = text.slice(start, start + 90);
    return JSON.stringify(`${start > 0 ? "…" : ""}${part}${start + 90 < text.length ? "…" : ""}`);
  };
  const where = `line ${index + 1}, column ${column + 1}`;
  if (index >= servedLines.length)
    return `${where}: the deployed file ends; the build goes on with ${excerpt(b)}.`;
  if (index >= builtLines.length) return `${where}: the deployed file goes on with ${excerpt(a)}.`;
  return `${where}: deployed ${excerpt(a)}, built ${excerpt(b)}.`;
}

/** A file as the deployed site serves it, following redirects on its own origin. */
async function fetchFile(
  origin: string,
  path: string,
): Promise<{ status: number; headers: Headers; body: Buffer; path: string } | { error: string }> {
  let current = path;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let response: Response;
    try {
      response = await fetch(new URL(current, origin), {
        redirect: "manual",
        cache: "no-store",
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return { error: `Could not fetch it: ${cause?.code ?? cause?.message ?? (error as Error).message}.` };
    }
    if (response.status >= 300 && response.status < 400 && response.headers.has("location")) {
      await response.body?.cancel();
      const next = new URL(response.headers.get("location") ?? "", new URL(current, origin));
      if (next.origin !== origin)
        return { error: `The deployed site redirects it to another site: ${next.href}.` };
      current = next.pathname + next.search;
      continue;
    }
    const length = Number(response.headers.get("content-length") ?? 0);
    if (length > MAX_RESPONSE_BYTES) {
      await response.body?.cancel();
      return { error: `The deployed file is ${length} bytes, far larger than anything Confide builds.` };
    }
    const body = Buffer.from(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, body, path: current };
  }
  return { error: `More than ${MAX_REDIRECTS} redirects.` };
}

/** Runs a task for each item, at most `size` at a time. */
async function inPool<T>(items: readonly T[], size: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}
