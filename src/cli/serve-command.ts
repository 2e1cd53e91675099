import { buildSite } from "../build/build-site.ts";
import { formatDiagnostic, isContentError, sortDiagnostics } from "../check/diagnostic.ts";
import { loadContent } from "../content/load-content.ts";
import { receiverCount, receivingKeyIds } from "../roster/receiving-key-ids.ts";
import { startDevServer } from "../server/dev-server.ts";
import { startSiteServer } from "../server/site-server.ts";
import { parseCommandArgs, parsePort, UsageError } from "./args.ts";

export { serveUsage } from "./serve-usage.ts";

/**
 * `confide serve`: builds, then serves the site and the local inbox on localhost until interrupted.
 *
 * @returns the exit code (only when the build fails; otherwise it runs until stopped)
 */
export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, {
    port: { type: "string" },
    content: { type: "string" },
    out: { type: "string" },
    inbox: { type: "string" },
    "no-build": { type: "boolean" },
    watch: { type: "boolean" },
  });
  const port = parsePort(values.port ?? process.env.PORT ?? "8080");
  const contentDir = values.content ?? process.env.CONFIDE_CONTENT ?? "content";
  const outDir = values.out ?? process.env.CONFIDE_OUT ?? "_site";
  const inboxDir = values.inbox ?? process.env.CONFIDE_INBOX ?? ".inbox";

  if (values.watch) {
    if (values["no-build"]) throw new UsageError("--watch builds on every save: leave out --no-build.");
    const preview = await startDevServer({ contentDir, outDir, inboxDir, port });
    console.log(`Live preview of ${contentDir} at ${preview.url}/ (Ctrl+C to stop): every save rebuilds it.`);
    console.log(`Reports sent with the form are stored, encrypted, in ${inboxDir}/`);
    await untilInterrupted(preview);
    return 0;
  }

  const { content, diagnostics } = await loadContent({ dir: contentDir });
  if (!content) {
    for (const diagnostic of sortDiagnostics(diagnostics))
      console.error(formatDiagnostic(diagnostic, contentDir));
    console.error(
      `\nThe content in ${contentDir} has problems; nothing was built. Run "npx confide check" after each fix.`,
    );
    return 1;
  }
  if (!values["no-build"]) {
    try {
      await buildSite({ contentDir, outDir, formEndpoint: "same-origin" });
    } catch (error) {
      if (isContentError(error)) {
        console.error(`\n${error.message} Run "npx confide check" after each fix.`);
        return 1;
      }
      throw error;
    }
  }

  const server = await startSiteServer({
    root: outDir,
    inboxDir,
    formId: content.site.form?.id,
    receivingKeyIds: receivingKeyIds(content.responders),
    maxRecipients: receiverCount(content.responders),
    port,
  });
  console.log(`Serving ${outDir} at ${server.url}/ (Ctrl+C to stop)`);
  console.log(`Reports sent with the form are stored, encrypted, in ${inboxDir}/`);
  await untilInterrupted(server);
  return 0;
}

/** Runs until Ctrl+C (or a TERM signal), then closes the server. */
function untilInterrupted(server: { close(): Promise<void> }): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => void server.close().then(resolve);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
