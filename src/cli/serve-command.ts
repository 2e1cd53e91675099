import { createServer } from "node:http";
import { buildSite } from "../build/build-site.ts";
import { isContentError } from "../check/diagnostic.ts";
import { staticFiles } from "../server/static-files.ts";
import { parseCommandArgs, UsageError } from "./args.ts";

export const serveUsage = `confide serve [--port P] [--content DIR] [--no-build]

Builds the site and serves it at http://localhost:8080 (npm start runs this).

  --port P         the port (default: $PORT or 8080)
  --content DIR    the content folder (default: $CONFIDE_CONTENT or content)
  --out DIR        the built site's folder (default: $CONFIDE_OUT or _site)
  --no-build       serve what is already built`;

/**
 * `confide serve`: builds, then serves the site on localhost until interrupted.
 *
 * @returns the exit code (only when the build fails; otherwise it runs until stopped)
 */
export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, {
    port: { type: "string" },
    content: { type: "string" },
    out: { type: "string" },
    "no-build": { type: "boolean" },
  });
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`"${values.port ?? process.env.PORT}" is not a port number.`);
  const contentDir = values.content ?? process.env.CONFIDE_CONTENT ?? "content";
  const outDir = values.out ?? process.env.CONFIDE_OUT ?? "_site";

  if (!values["no-build"]) {
    try {
      await buildSite({ contentDir, outDir });
    } catch (error) {
      if (isContentError(error)) {
        console.error(`\n${error.message} Run "npx confide check" after each fix.`);
        return 1;
      }
      throw error;
    }
  }

  const server = createServer(staticFiles(outDir));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "localhost", resolve);
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  console.log(`Serving ${outDir} at http://localhost:${actualPort}/ (Ctrl+C to stop)`);
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return 0;
}
