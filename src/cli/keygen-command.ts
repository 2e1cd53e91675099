import { execFile } from "node:child_process";
import { chmod, mkdir, readFile, realpath, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { formatRosterEntry, generateResponderKey, spacedFingerprint } from "../responder/generate-key.ts";
import { isoDate } from "../roster/inspect-key.ts";
import { rosterSchema } from "../roster/roster-schema.ts";
import { parseCommandArgs, UsageError } from "./args.ts";
import { promptHidden } from "./prompt-hidden.ts";

export { keygenUsage } from "./keygen-usage.ts";

/** The longest key lifetime accepted: a key that expires stops a lost or forgotten key by itself. */
const MAX_LIFETIME_YEARS = 10;
/** How often a mistyped (mismatched) passphrase may be asked again. */
const PASSPHRASE_ATTEMPTS = 3;

/** A problem that stops the command without a usage message: printed as it is, exit code 1. */
class Refusal extends Error {
  override name = "Refusal";
}

/**
 * `confide keygen`: makes a responder's key pair, saves both halves where they belong, and prints the
 * roster entry to paste.
 *
 * @returns the process exit code
 */
export async function keygenCommand(args: string[]): Promise<number> {
  try {
    return await keygen(args);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    console.error(`confide keygen: ${error.message}`);
    return 1;
  }
}

async function keygen(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, {
    id: { type: "string" },
    name: { type: "string" },
    email: { type: "string" },
    "private-out": { type: "string" },
    rsa: { type: "boolean" },
    expires: { type: "string" },
    "passphrase-file": { type: "string" },
    "no-passphrase": { type: "boolean" },
    content: { type: "string" },
  });
  const id = required(values.id, "--id", "the responder's id in the roster, e.g. --id ada");
  const name = required(values.name, "--name", 'the responder\'s name, e.g. --name "Ada Example"');
  const email = required(values.email, "--email", "the responder's address, e.g. --email ada@example.org");
  checkRosterFields(id, name, email);
  if (values["no-passphrase"] && values["passphrase-file"] !== undefined)
    throw new UsageError("give either --passphrase-file or --no-passphrase, not both.");
  const now = new Date();
  const expires = addLifetime(now, values.expires ?? "2y");

  const contentDir = resolve(values.content ?? process.env.CONFIDE_CONTENT ?? "content");
  if (!(await stat(contentDir).catch(() => null))?.isDirectory())
    throw new Refusal(
      `the content folder ${contentDir} does not exist. Run the command in the site's folder, or name the content folder with --content DIR.`,
    );
  const publicPath = join(contentDir, "keys", `${id}.asc`);
  if (await exists(publicPath))
    throw new Refusal(
      `${publicPath} already exists, and was left as it is. If ${id} needs a new key, delete or rename the old file first (and update the fingerprint in _data/roster.yaml), or choose another --id.`,
    );
  const privateOut = values["private-out"];
  const privatePath = resolve(
    privateOut === undefined
      ? join(homedir(), ".confide", `${id}.sec.asc`)
      : privateOut.replace(/^~(?=$|\/)/, homedir()),
  );
  await checkPrivatePath(privatePath, contentDir);

  const passphrase = await readPassphrase({
    file: values["passphrase-file"],
    none: values["no-passphrase"] === true,
  });
  if (passphrase === undefined) {
    console.error("Cancelled: no key was made.");
    return 130;
  }
  if (passphrase === null)
    console.error(
      "Warning: the private key is not protected by a passphrase. Anyone who gets a copy of the file can read every report sent to you: keep it only on an encrypted disk.",
    );

  const type = values.rsa ? "rsa4096" : "curve25519";
  console.error(`Making a ${type === "rsa4096" ? "RSA 4096" : "curve25519"} key for ${name} <${email}>…`);
  const key = await generateResponderKey({ name, email, passphrase, type, expires, now });

  await mkdir(dirname(privatePath), { recursive: true, mode: 0o700 });
  const folderMode = (await stat(dirname(privatePath))).mode & 0o777;
  if ((folderMode & 0o077) !== 0)
    console.error(
      `Note: ${dirname(privatePath)} can be listed by other users of this computer (mode ${folderMode.toString(8)}); the key file itself is readable only by you. "chmod 700 ${dirname(privatePath)}" hides it completely.`,
    );
  await writeFile(privatePath, key.armoredPrivateKey, { flag: "wx", mode: 0o600 });
  // The mode given to writeFile is masked by the umask; 0600 is set explicitly.
  await chmod(privatePath, 0o600);
  await mkdir(dirname(publicPath), { recursive: true });
  await writeFile(publicPath, key.armoredPublicKey, { flag: "wx" });

  const fingerprint = spacedFingerprint(key.facts.fingerprint);
  const shownPublic = displayPath(publicPath);
  console.log(`Made a key for ${name} <${email}>: ${key.facts.algorithm}, valid until ${isoDate(expires)}.

  Public key:   ${shownPublic}   (goes on the site)
  Private key:  ${privatePath}   (yours alone, readable only by you)
  Fingerprint:  ${fingerprint}

Paste this entry into ${displayPath(join(contentDir, "_data", "roster.yaml"))} under "responders:" (adjust the role), then run "npx confide check":

${formatRosterEntry({ id, name, email, fingerprint: key.facts.fingerprint })}

What to do next:
  1. Keep the private key safe. Never send it to anyone, never put it in the site's repository or a
     shared folder.${passphrase === null ? "" : " Never write the passphrase next to it."}
  2. Back it up: copy ${basename(privatePath)} to an encrypted USB stick kept somewhere safe. Without it
     (and its passphrase) nobody can read the reports sent to you, not even the organisers.
  3. Send only the public key (${basename(publicPath)}) to the organisers.
  4. Read the fingerprint aloud to an organiser, in person or on the phone, so they know the key on the
     site is yours:
       ${fingerprint}
  5. Read reports with: npx confide decrypt --key ${privatePath} .inbox/
     or import the key into GnuPG: gpg --import ${privatePath}`);
  return 0;
}

function required(value: string | undefined, option: string, example: string): string {
  if (value === undefined || value.trim() === "") throw new UsageError(`${option} is required: ${example}.`);
  return value.trim();
}

/** Checks id, name and email with the roster's own schema, so the printed entry passes `confide check`. */
function checkRosterFields(id: string, name: string, email: string): void {
  const fields = rosterSchema.shape.responders.element.shape;
  if (!fields.id.safeParse(id).success)
    throw new UsageError(`"${id}" cannot be a responder id: use ${fields.id.description}.`);
  if (!fields.email.safeParse(email).success) throw new UsageError(`"${email}" is not an email address.`);
  if (/[<>]/.test(name) || /[\n\r]/.test(name))
    throw new UsageError(`"${name}" cannot be a name in a key: leave out "<", ">" and line breaks.`);
}

/**
 * The moment a key made now with a lifetime such as "2y", "18m", "365d", "8w" or "30" (days) expires.
 * Months and years are calendar months and years.
 */
export function addLifetime(now: Date, text: string): Date {
  const match = /^(\d+)\s*(d|days?|w|weeks?|m|months?|y|years?)?$/i.exec(text.trim());
  const amount = Number(match?.[1]);
  if (!match || amount < 1)
    throw new UsageError(`"${text}" is not a key lifetime: write e.g. 2y (years), 18m (months), 365d or 8w.`);
  const unit = (match[2] ?? "d").toLowerCase()[0];
  const expires = new Date(now);
  if (unit === "y") expires.setUTCFullYear(expires.getUTCFullYear() + amount);
  else if (unit === "m") expires.setUTCMonth(expires.getUTCMonth() + amount);
  else expires.setUTCDate(expires.getUTCDate() + amount * (unit === "w" ? 7 : 1));
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_LIFETIME_YEARS);
  if (expires > limit)
    throw new UsageError(
      `"${text}" is too long a lifetime: choose at most ${MAX_LIFETIME_YEARS}y. A key that expires stops working by itself if it is ever lost; you can extend it later.`,
    );
  return expires;
}

/**
 * Refuses a private key path that could be published: inside the content folder, inside the site's
 * build output, or inside a git work tree (unless git ignores the path), and an existing file.
 */
async function checkPrivatePath(path: string, contentDir: string): Promise<void> {
  if (await exists(path))
    throw new Refusal(
      `${path} already exists, and was left as it is: it may be a private key you still need. Choose another file with --private-out FILE.`,
    );
  const target = await realTarget(path);
  const inside = (dir: string) => {
    const rel = relative(dir, target);
    return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
  };
  const content = await realpath(contentDir);
  if (inside(content))
    throw new Refusal(
      `refusing to save the private key in the content folder (${path}): everything there is published with the site, and whoever has the private key can read every report sent to you. Save it outside, e.g. --private-out ~/.confide/${basename(path)} (the default).`,
    );
  const siteOut = await realpath(resolve(process.env.CONFIDE_OUT ?? "_site")).catch(() => null);
  if (siteOut && inside(siteOut))
    throw new Refusal(
      `refusing to save the private key in the site's build output (${path}): that folder is uploaded as it is. Save it outside, e.g. --private-out ~/.confide/${basename(path)} (the default).`,
    );

  const folder = await nearestFolder(dirname(target));
  const top = await git(folder, ["rev-parse", "--show-toplevel"]);
  if (top.code !== 0) return;
  const workTree = top.stdout.trim();
  const ignored = await git(workTree, ["check-ignore", "--quiet", "--", target]);
  if (ignored.code === 0) return;
  throw new Refusal(
    `refusing to save the private key inside the git repository ${workTree} (${path}): a commit would publish it, and whoever has it can read every report sent to you. Save it outside the repository, e.g. --private-out ~/.confide/${basename(path)} (the default), or in a folder listed in the repository's .gitignore.`,
  );
}

/** The path with its existing part resolved through symbolic links (the rest does not exist yet). */
async function realTarget(path: string): Promise<string> {
  const missing: string[] = [];
  let existing = path;
  while (!(await exists(existing))) {
    const parent = dirname(existing);
    if (parent === existing) break;
    missing.unshift(basename(existing));
    existing = parent;
  }
  return join(await realpath(existing), ...missing);
}

async function nearestFolder(path: string): Promise<string> {
  let folder = path;
  while (!(await stat(folder).catch(() => null))?.isDirectory()) folder = dirname(folder);
  return folder;
}

function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Runs git in a folder; a missing git binary reads as "not a repository". */
function git(cwd: string, args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((done) => {
    execFile("git", args, { cwd }, (error, stdout) => {
      const code = error ? (typeof error.code === "number" ? error.code : 128) : 0;
      done({ code, stdout });
    });
  });
}

/** A path relative to the working folder when it is inside it, for shorter messages. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

/**
 * The passphrase for the new key: from a file, asked twice on the terminal without echo, or null
 * for none (--no-passphrase). Undefined when the person cancelled at the prompt.
 */
async function readPassphrase(options: {
  file: string | undefined;
  none: boolean;
}): Promise<string | null | undefined> {
  if (options.none) return null;
  if (options.file !== undefined) {
    const text = await readFile(options.file, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new Refusal(`cannot read the passphrase file ${options.file}: ${error.code ?? error.message}.`);
    });
    const passphrase = text.split(/\r?\n/)[0] ?? "";
    if (passphrase === "") throw new Refusal(emptyPassphrase(`the passphrase file ${options.file} is empty`));
    return passphrase;
  }
  const noTerminal = new Refusal(
    "there is no terminal to ask for a passphrase. Give one with --passphrase-file FILE (its first line), or run the command in a terminal.",
  );
  // keygen reads nothing from standard input: when it is not a terminal this is a script, and a prompt
  // on /dev/tty would wait for nobody.
  if (!process.stdin.isTTY) throw noTerminal;
  console.error(
    "Choose a passphrase for the private key: long and memorable, e.g. five random words. It is not shown as you type.",
  );
  for (let attempt = 1; attempt <= PASSPHRASE_ATTEMPTS; attempt++) {
    const first = await promptHidden("Passphrase: ");
    if (first.kind === "no-terminal") throw noTerminal;
    if (first.kind === "cancelled") return undefined;
    if (first.answer === "") throw new Refusal(emptyPassphrase("the passphrase is empty"));
    const second = await promptHidden("Passphrase again: ");
    if (second.kind === "no-terminal") throw noTerminal;
    if (second.kind === "cancelled") return undefined;
    if (first.answer === second.answer) return first.answer;
    console.error(
      attempt < PASSPHRASE_ATTEMPTS
        ? "The two passphrases differ. Try again."
        : "The two passphrases differ.",
    );
  }
  throw new Refusal("the passphrases did not match; no key was made.");
}

function emptyPassphrase(what: string): string {
  return `${what}: a private key without a passphrase can be used by anyone who gets a copy of the file. Choose a passphrase, or give --no-passphrase if the key stays on an encrypted disk.`;
}
