import { resolve } from "node:path";
import { startInbox } from "../inbox/inbox-server.ts";
import { parseCommandArgs, parsePort, UsageError } from "./args.ts";

export { inboxUsage } from "./inbox-usage.ts";

/**
 * `confide inbox`: serves the local inbox until interrupted (Ctrl+C, SIGTERM).
 *
 * @returns the exit code, once stopped
 */
export async function inboxCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, {
    port: { type: "string" },
    dir: { type: "string" },
    "form-id": { type: "string" },
    host: { type: "string" },
    "allow-origin": { type: "string", multiple: true },
  });
  const port = parsePort(values.port ?? process.env.PORT ?? "8081");
  const formId = values["form-id"];
  if (formId !== undefined && !/^[\w-]+$/.test(formId))
    throw new UsageError(`"${formId}" is not a form id: use letters, digits, "-" and "_" only.`);
  const dir = values.dir ?? process.env.CONFIDE_INBOX ?? ".inbox";
  const allowedOrigins = (values["allow-origin"] ?? []).map((text) => {
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      // answered below
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== text.replace(/\/$/, ""))
      throw new UsageError(`"${text}" is not an origin: write it as https://host or http://host:port.`);
    return url.origin;
  });

  const inbox = await startInbox({
    port,
    dir,
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(formId === undefined ? {} : { formId }),
    ...(allowedOrigins.length > 0 ? { allowedOrigins } : {}),
  });
  console.log(
    `Inbox listening at ${inbox.url}/f/${formId ?? "<form id>"}, storing reports in ${resolve(dir)} (Ctrl+C to stop)`,
  );
  await new Promise<void>((done) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      done();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await inbox.close();
  console.log("Inbox stopped.");
  return 0;
}
