import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { projectPath } from "../project-paths.ts";
import { groupFingerprint } from "../roster/fingerprint.ts";
import type { Responder } from "../roster/validate-roster.ts";
import { urls } from "./urls.ts";

/**
 * The manifest a build publishes at `/.well-known/confide.json` (src/build/finish-build.ts), and that
 * `confide verify` reads back. Anyone can check a file against it (`curl -s URL | sha256sum`); the
 * deployed copy is only as trustworthy as the host, which is why `confide verify` compares the site
 * with a build of its own instead of trusting it.
 */

/** The Confide version that made the build (package.json). */
export const CONFIDE_VERSION: string = JSON.parse(readFileSync(projectPath("package.json"), "utf8")).version;

const SHA256_HEX = /^[0-9a-f]{64}$/;

export const manifestSchema = z.strictObject({
  /** The manifest's own format; changes if its shape ever does. */
  format: z.literal(1),
  /** `confide <version>`: the tool that built the site. */
  generator: z.string(),
  /** `<Confide version>+<first 12 hex digits of the SHA-256 of the file list>`. */
  version: z.string(),
  /** The build's instant (ISO 8601, whole seconds): the report form's `builtAt` is the same. */
  builtAt: z.iso.datetime(),
  /**
   * Where the form posts: "site.yaml" (site.yaml's `form.endpoint`), "same-origin" (the site's own
   * origin, hook mode), or the endpoint CONFIDE_FORM_ENDPOINT named.
   */
  formEndpoint: z.string(),
  /** The responders reports are encrypted to. */
  recipients: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      /** In groups of four, as the responder's page shows it. */
      fingerprint: z.string(),
      /** Where the key is published. */
      key: z.string(),
      /** When the key stops encrypting (ISO 8601), or null. */
      expires: z.string().nullable(),
    }),
  ),
  /** Every file the build wrote, by address, with the SHA-256 (hex) of its bytes. */
  files: z.record(z.string().startsWith("/"), z.string().regex(SHA256_HEX)),
});

export type BuildManifest = z.output<typeof manifestSchema>;

/** The SHA-256 of a file, in hex, as `sha256sum` prints it. */
export function sha256Hex(contents: Uint8Array | string): string {
  return createHash("sha256").update(contents).digest("hex");
}

/**
 * The manifest's text for a build. Deterministic: the same files, roster, instant and endpoint give
 * the same bytes.
 *
 * @param options.files - every file the build wrote (except the manifest), by address
 * @param options.responders - the validated roster
 * @param options.builtAt - the build's instant
 * @param options.formEndpoint - CONFIDE_FORM_ENDPOINT, if set
 */
export function manifestText(options: {
  files: Readonly<Record<string, Uint8Array | string>>;
  responders: readonly Responder[];
  builtAt: Date;
  formEndpoint?: string | undefined;
}): string {
  const { files, responders, builtAt, formEndpoint, ...rest } = options;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new TypeError(`manifestText: unknown option ${unknown.join(", ")}`);
  const hashes = Object.fromEntries(
    Object.keys(files)
      .filter((url) => url !== urls.manifest)
      .sort()
      .map((url) => [url, sha256Hex(files[url] ?? "")]),
  );
  const manifest: BuildManifest = {
    format: 1,
    generator: `confide ${CONFIDE_VERSION}`,
    version: `${CONFIDE_VERSION}+${sha256Hex(JSON.stringify(hashes)).slice(0, 12)}`,
    builtAt: builtAt.toISOString().replace(/\.000Z$/, "Z"),
    formEndpoint: formEndpoint ?? "site.yaml",
    recipients: responders
      .filter((responder) => responder.receives_reports && responder.publicKey)
      .map((responder) => ({
        id: responder.id,
        name: responder.name,
        fingerprint: groupFingerprint(responder.publicKey?.fingerprint ?? ""),
        key: urls.key(responder.id),
        expires: responder.publicKey?.expires?.toISOString() ?? null,
      })),
    files: hashes,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Reads a manifest.
 *
 * @returns the manifest, or why it could not be read
 */
export function parseManifest(
  text: string,
): { kind: "manifest"; manifest: BuildManifest } | { kind: "invalid"; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { kind: "invalid", message: `not JSON (${(error as Error).message})` };
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: "invalid", message: `${issue?.path.join(".") || "the manifest"}: ${issue?.message}` };
  }
  return { kind: "manifest", manifest: parsed.data };
}
