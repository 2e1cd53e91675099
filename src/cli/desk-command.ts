import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, join, resolve } from "node:path";
import { deskApi, type UnlockMode } from "../desk/desk-api.ts";
import { type DeskIdentity, unlockGpg, unlockKeyFile } from "../desk/desk-identity.ts";
import { startDeskServer } from "../desk/desk-server.ts";
import { createDeskSession } from "../desk/desk-session.ts";
import { loadDeskSite } from "../desk/desk-site.ts";
import { deskStrings } from "../desk/desk-strings.ts";
import { writeOpenerPage } from "../desk/opener-page.ts";
import { buildDeskPage } from "../desk/page-bundle.ts";
import { describeFileError, type InputText, readInputs } from "../responder/read-inputs.ts";
import { parseCommandArgs, parsePort, UsageError } from "./args.ts";

export { deskUsage } from "./desk-usage.ts";

/**
 * `confide desk`: loads the site, prepares the unlock mode, bundles the page, serves it on 127.0.0.1
 * with a fresh token and opens the browser.
 *
 * @returns the process exit code
 */
export async function deskCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      content: { type: "string" },
      cases: { type: "string" },
      key: { type: "string" },
      "passphrase-file": { type: "string" },
      gpg: { type: "boolean" },
      port: { type: "string" },
      lang: { type: "string" },
      "no-open": { type: "boolean" },
    },
    { positionals: true },
  );
  if (values.gpg && values.key !== undefined)
    throw new UsageError("give either --key FILE or --gpg, not both.");
  if (values["passphrase-file"] !== undefined && values.key === undefined) {
    throw new UsageError("--passphrase-file goes with --key FILE.");
  }
  const port = values.port === undefined ? 0 : parsePort(values.port);
  const fail = (message: string) => {
    process.stderr.write(`confide desk: ${message}\n`);
    return 1;
  };

  const loaded = await loadDeskSite({ dir: values.content ?? "content", now: new Date() });
  if (loaded.kind === "error") return fail(loaded.message);
  const { site } = loaded;
  const casesDir = resolve(values.cases ?? join(homedir(), ".confide", "cases"));

  let pending: InputText[] = [];
  if (positionals.length > 0) {
    const read = await readInputs({ inputs: positionals, readStdin: async () => "" });
    if (read.kind === "unreadable") return fail(`cannot read ${read.input}: ${read.reason}.`);
    pending = read.texts;
  }

  const session = createDeskSession({ site, casesDir });
  let mode: UnlockMode;
  let identity: DeskIdentity | null = null;
  if (values.gpg) {
    const unlocked = await unlockGpg({ team: site.team });
    if (unlocked.kind === "refused") return fail(unlocked.reason);
    identity = unlocked.identity;
    mode = { kind: "unlocked" };
  } else if (values.key !== undefined) {
    const path = values.key;
    let key: Uint8Array;
    try {
      key = await readFile(path);
    } catch (error) {
      return fail(`cannot read the key file ${path}: ${describeFileError(error)}.`);
    }
    let passphrase: string | undefined;
    if (values["passphrase-file"] !== undefined) {
      try {
        passphrase = (await readFile(values["passphrase-file"], "utf8")).split(/\r?\n/)[0] ?? "";
      } catch (error) {
        return fail(`cannot read ${values["passphrase-file"]}: ${describeFileError(error)}.`);
      }
    }
    const first = await unlockKeyFile({ key, ...(passphrase === undefined ? {} : { passphrase }) });
    if (first.kind === "refused") return fail(`${path}: ${first.reason}.`);
    if (first.kind === "wrong-passphrase")
      return fail(`the passphrase from ${values["passphrase-file"]} does not unlock ${path}.`);
    if (first.kind === "unlocked") {
      identity = first.identity;
      mode = { kind: "unlocked" };
    } else {
      mode = {
        kind: "key-path",
        name: basename(path),
        unlock: (typed) => unlockKeyFile({ key, passphrase: typed }),
      };
    }
  } else {
    mode = { kind: "choose-key", unlock: (key, typed) => unlockKeyFile({ key, passphrase: typed }) };
  }

  if (identity) {
    await session.unlock(identity);
    if (pending.length > 0) {
      const imported = await session.importTexts(pending);
      pending = [];
      if (imported.kind === "unusable") return fail(imported.reason);
      process.stderr.write(`confide desk: new cases brought in: ${imported.summary.added.length}.\n`);
    }
  }

  const { lang, strings } = deskStrings(values.lang ?? site.languages[0] ?? "en");
  const token = randomBytes(32).toString("base64url");
  const desk = await startDeskServer({
    token,
    page: await buildDeskPage(),
    api: deskApi({ session, mode, strings, lang, pending }),
    port,
  });
  // Listen for Ctrl+C and TERM before saying the desk is open: whoever reads that line may stop it at once.
  const stopped = new Promise<void>((done) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      void desk.close().then(done);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  const address = `${desk.origin}/#token=${token}`;
  const casesInfo = await stat(casesDir).catch(() => null);
  console.log(`The desk is open at ${address}`);
  console.log(
    `Case files: ${casesDir}${casesInfo ? "" : " (created when you unlock)"}. Stop the desk with Ctrl+C.`,
  );
  // The browser is started on a forwarding file, never on the address: a command line is public to
  // every user of this computer (opener-page.ts). Without a temporary folder, the printed address remains.
  const opener = values["no-open"] ? null : await writeOpenerPage({ address }).catch(() => null);
  if (opener) openBrowser(opener.url);
  await stopped;
  await opener?.remove();
  return 0;
}

/**
 * Opens an address (the forwarding file's, never the desk's own) in the default browser; when none can
 * be started, the printed address remains.
 */
function openBrowser(address: string): void {
  const [program, ...args] =
    process.platform === "darwin"
      ? ["open", address]
      : process.platform === "win32"
        ? ["cmd", "/c", "start", "", address]
        : ["xdg-open", address];
  try {
    const child = spawn(program ?? "xdg-open", args, { stdio: "ignore", detached: true });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    // The address is printed above.
  }
}
