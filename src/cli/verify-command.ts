import { formatDiagnostic, isContentError, sortDiagnostics } from "../check/diagnostic.ts";
import type { Finding, Verification } from "../verify/verify-site.ts";
import { parseCommandArgs, UsageError } from "./args.ts";

export { verifyUsage } from "./verify-usage.ts";

/** How each kind of difference is labelled, padded to one width. */
const LABELS: Record<Finding["kind"], string> = {
  key: "changed key",
  script: "changed script",
  style: "changed style",
  page: "changed page",
  header: "changed header",
  file: "changed file",
  manifest: "manifest",
};

/**
 * `confide verify URL`: compares a deployed site with a local build of the same content.
 *
 * @returns the process exit code
 */
export async function verifyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      content: { type: "string" },
      "form-endpoint": { type: "string" },
      "ignore-headers": { type: "boolean" },
    },
    { positionals: true },
  );
  if (positionals.length !== 1)
    throw new UsageError("Give the deployed site's address, e.g. https://conduct.example.org.");
  const url = siteAddress(positionals[0] ?? "");
  const endpoint = values["form-endpoint"];
  if (endpoint !== undefined && endpoint !== "same-origin") siteAddress(endpoint, "--form-endpoint");
  const contentDir = values.content ?? process.env.CONFIDE_CONTENT ?? "content";

  let result: Verification;
  try {
    // Loaded after the command line is read: it brings the whole build (Eleventy), about a second, which
    // a mistyped command should not wait for.
    const { verifySite } = await import("../verify/verify-site.ts");
    result = await verifySite({
      url,
      contentDir,
      formEndpoint: endpoint,
      checkHeaders: values["ignore-headers"] !== true,
    });
  } catch (error) {
    if (isContentError(error)) {
      for (const diagnostic of sortDiagnostics(error.diagnostics))
        console.error(formatDiagnostic(diagnostic, contentDir));
      console.error(`\n${contentDir} cannot be built, so nothing was compared. Run "npx confide check".`);
      return 1;
    }
    throw error;
  }

  const { findings, notes, build, compared } = result;
  const posts =
    build.formEndpoint === "same-origin"
      ? "the site's own origin"
      : build.formEndpoint === "site.yaml"
        ? "site.yaml's endpoint"
        : build.formEndpoint;
  const from = { option: "--form-endpoint", manifest: "the deployed manifest", "site.yaml": "site.yaml" }[
    build.formEndpointFrom
  ];
  console.log(`confide verify ${url} against a build of ${contentDir}`);
  console.log(`Built at ${build.builtAt}, with the form posting to ${posts} (from ${from}).\n`);
  const width = Math.max(...Object.values(LABELS).map((label) => label.length)) + 2;
  for (const finding of findings) {
    console.log(`${LABELS[finding.kind].padEnd(width)}${finding.path}`);
    console.log(`${" ".repeat(width)}${finding.message}`);
  }
  for (const note of notes) console.log(`note: ${note}`);
  if (findings.length === 0) {
    console.log(
      `Identical: ${compared.files} files${compared.headers ? `, the headers they are served with,` : ""} and ${compared.recipients} responders' keys match the build.`,
    );
    return 0;
  }
  console.log(
    `\n${findings.length} difference${findings.length === 1 ? "" : "s"}: the deployed site is not this build of ${contentDir}. ` +
      "Someone changed it, or it was built from other content or another version of Confide: find out which before anyone reports through it.",
  );
  return 1;
}

/** A site's address from the command line: http(s), nothing after the origin. */
function siteAddress(text: string, option = "URL"): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${option}: "${text}" is not an address such as https://conduct.example.org.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new UsageError(`${option}: "${text}" is not an http(s) address.`);
  if (option === "URL" && (url.pathname !== "/" || url.search || url.hash))
    throw new UsageError(
      `URL: give the site's origin (${url.origin}): a Confide site lives at the root of its address.`,
    );
  return option === "URL" ? url.origin : text;
}
