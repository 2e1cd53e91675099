import { mkdir, open, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { PrivateKey } from "openpgp";
import { type Curve25519Key, readCurve25519Keys } from "../responder/curve25519-keys.ts";
import {
  DEFAULT_CONCURRENCY,
  type DecryptOutcome,
  GPG_CONCURRENCY,
  gpgDecryptor,
  keyDecryptor,
  type MessageDecryptor,
  readResponderKey,
  unlockResponderKey,
} from "../responder/decrypt-messages.ts";
import { decryptInOrder } from "../responder/decrypt-stream.ts";
import {
  describeLocation,
  type FoundMessage,
  findMessages,
  type SkippedEntry,
} from "../responder/find-messages.ts";
import { describeFileError, readInputs, readStream, STDIN } from "../responder/read-inputs.ts";
import {
  escapeControlCharacters,
  readDecrypted,
  renderReportMarkdown,
  renderReportText,
  reportFileName,
} from "../responder/render-report.ts";
import { parseCommandArgs, UsageError } from "./args.ts";
import { promptHidden } from "./prompt-hidden.ts";

export { decryptUsage } from "./decrypt-usage.ts";

/** Wrong passphrases accepted at the terminal before giving up. */
const PROMPT_ATTEMPTS = 3;

/**
 * `confide decrypt`: finds the encrypted reports in its inputs, decrypts them with a private key file
 * (read and unlocked once, messages decrypted concurrently) or with gpg, and prints or saves them.
 *
 * @returns the process exit code
 */
export async function decryptCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      key: { type: "string" },
      "passphrase-file": { type: "string" },
      out: { type: "string" },
      gpg: { type: "boolean" },
      content: { type: "string" },
    },
    { positionals: true },
  );
  const useGpg = values.gpg === true;
  if (useGpg && values.key !== undefined) {
    throw new UsageError("give either --key FILE or --gpg, not both.");
  }
  if (!useGpg && values.key === undefined) {
    throw new UsageError("say which key decrypts the reports: --key FILE (your private key), or --gpg.");
  }
  if (useGpg && values["passphrase-file"] !== undefined) {
    throw new UsageError(
      "--passphrase-file goes with --key: with --gpg, gpg's agent asks for the passphrase.",
    );
  }
  if (values.out === "") throw new UsageError("--out needs a folder name.");
  const inputs = positionals.length > 0 ? positionals : [STDIN];
  const fail = (message: string) => {
    process.stderr.write(`confide decrypt: ${message}\n`);
    return 1;
  };

  // The site's own wording of the questions, read before any passphrase is asked.
  let labels: Record<string, string> | undefined;
  if (values.content !== undefined) {
    const read = await siteLabels(values.content);
    if (read.kind === "error") return fail(read.message);
    labels = read.labels;
  }

  // A mistyped input is reported before any passphrase is asked.
  for (const input of inputs) {
    if (input === STDIN) continue;
    try {
      await stat(input);
    } catch (error) {
      return fail(`cannot read ${input}: ${describeFileError(error)}. Nothing was decrypted.`);
    }
  }

  let decryptor: MessageDecryptor;
  if (useGpg) {
    decryptor = gpgDecryptor();
  } else {
    const keys = await loadKey(values.key ?? "", values["passphrase-file"]);
    if (keys.kind === "error") return fail(keys.message);
    decryptor = keyDecryptor({
      keys: keys.keys,
      ...(keys.curve25519 === undefined ? {} : { curve25519: keys.curve25519 }),
    });
  }

  // Standard input is read after the passphrase prompt, which may need the same terminal.
  const read = await readInputs({
    inputs,
    readStdin: () => {
      if (process.stdin.isTTY) {
        process.stderr.write("Paste the encrypted reports, then press Ctrl+D on a line of its own.\n");
      }
      return readStream(process.stdin);
    },
  });
  if (read.kind === "unreadable")
    return fail(`cannot read ${read.input}: ${read.reason}. Nothing was decrypted.`);

  const messages: FoundMessage[] = [];
  const skipped: SkippedEntry[] = [];
  const problems: string[] = [];
  for (const { source, text } of read.texts) {
    const found = findMessages({ text, source });
    // One at a time: spreading an export's 130,000 messages into push() overflows the call stack.
    for (const message of found.messages) messages.push(message);
    for (const entry of found.skipped) skipped.push(entry);
    for (const problem of found.problems) problems.push(`${source}: ${problem}`);
  }
  if (messages.length === 0) {
    const notes = [
      ...skipped.map((entry) => `${describeLocation(entry)}: no encrypted report in it`),
      ...problems,
    ];
    for (const note of notes) process.stderr.write(`${escapeControlCharacters(note)}\n`);
    return fail(
      `no encrypted report was found in ${inputs.map((input) => (input === STDIN ? "standard input" : input)).join(", ")} ` +
        '(an encrypted report starts with "-----BEGIN PGP MESSAGE-----").',
    );
  }

  // Each report is written as soon as it and the ones before it are decrypted (in input order), so the
  // first appears at once and only a few plaintexts are held in memory at a time.
  let write: ReportWriter;
  if (values.out === undefined) {
    write = async (outcome) => {
      await writeOut(`${renderReportText(readDecrypted(outcome), { labels })}\n`);
      return { kind: "written" };
    };
  } else {
    const writer = await reportFileWriter(values.out, labels);
    if (writer.kind === "error") return fail(writer.message);
    write = writer.write;
  }
  const outcomes: Array<Exclude<DecryptOutcome, { kind: "decrypted" }>> = [];
  let decrypted = 0;
  let writeFailed = false;
  for await (const outcome of decryptInOrder({
    messages,
    decrypt: decryptor,
    // One gpg process per message: as many as there are cores. openpgp.js keys: many in flight.
    concurrency: useGpg ? GPG_CONCURRENCY : DEFAULT_CONCURRENCY,
  })) {
    if (outcome.kind === "unusable") {
      return fail(
        decrypted === 0
          ? `${outcome.reason}. Nothing was decrypted.`
          : `${outcome.reason}. Stopped after ${decrypted} decrypted reports; the others were not decrypted.`,
      );
    }
    if (outcome.kind !== "decrypted") {
      outcomes.push(outcome);
      continue;
    }
    decrypted++;
    const written = await write(outcome);
    if (written.kind === "error") {
      // Stop decrypting: what cannot be saved is better left encrypted.
      process.stderr.write(`confide decrypt: ${written.message}\n`);
      writeFailed = true;
      break;
    }
  }

  const count = (kind: DecryptOutcome["kind"]) => outcomes.filter((outcome) => outcome.kind === kind).length;
  const damaged = count("damaged");
  const refused = count("refused");
  const summary = [
    `decrypted ${decrypted}, not addressed to this key ${count("not-addressed")}, damaged ${damaged}`,
    ...(refused > 0 ? [`, refused ${refused}`] : []),
    ...(skipped.length > 0 ? [`, without an encrypted report ${skipped.length}`] : []),
  ].join("");
  const lines = [summary];
  for (const outcome of outcomes) lines.push(`  ${describeLocation(outcome.message)}: ${outcome.reason}`);
  for (const entry of skipped) lines.push(`  ${describeLocation(entry)}: no encrypted report in it, skipped`);
  for (const problem of problems) lines.push(`  ${problem}`);
  process.stderr.write(`${escapeControlCharacters(lines.join("\n"))}\n`);
  return decrypted > 0 && damaged === 0 && refused === 0 && !writeFailed ? 0 : 1;
}

/** The questions of a content folder's report.yaml, by id: the site's own wording. */
async function siteLabels(
  dir: string,
): Promise<{ kind: "labels"; labels: Record<string, string> } | { kind: "error"; message: string }> {
  const file = join(dir, "_data/report.yaml");
  // Loaded only for --content: the schema library and the YAML parser are most of the command's start-up.
  const [{ parseYamlSource }, { reportSchema }] = await Promise.all([
    import("../check/yaml-source.ts"),
    import("../report/report-fields.ts"),
  ]);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    return {
      kind: "error",
      message: `cannot read ${file}: ${describeFileError(error)}. Nothing was decrypted.`,
    };
  }
  const parsed = reportSchema.safeParse(parseYamlSource(file, text).source?.value);
  if (!parsed.success)
    return {
      kind: "error",
      message: `${file} is not a valid report.yaml: run confide check --content ${dir}. Nothing was decrypted.`,
    };
  return {
    kind: "labels",
    labels: Object.fromEntries(parsed.data.fields.map((field) => [field.id, field.label])),
  };
}

/** The keys that decrypt: openpgp.js's (maybe read only when first needed) and their Curve25519 keys. */
interface LoadedKeys {
  kind: "keys";
  keys: PrivateKey[] | (() => Promise<PrivateKey[]>);
  /** given when the keys are read later: the Curve25519 keys read without openpgp.js */
  curve25519?: Curve25519Key[];
}

/** Reads the key file and unlocks it: the passphrase from the file, the environment, or the terminal. */
async function loadKey(
  path: string,
  passphraseFile: string | undefined,
): Promise<LoadedKeys | { kind: "error"; message: string }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return { kind: "error", message: `cannot read the key file ${path}: ${describeFileError(error)}.` };
  }
  // A key without a passphrase whose every decrypting key is Curve25519 (what keygen and gpg make) is
  // read without openpgp.js, which then loads only if a message needs it (issue 11: start-up).
  const curve25519 = readCurve25519Keys({ key: bytes });
  if (curve25519.keys.length > 0 && curve25519.others === 0) {
    const readLater = async () => {
      const read = await readResponderKey({ key: bytes });
      // Every key that can decrypt was read unprotected above; a locked one here only signs.
      return read.kind === "private" ? read.keys.filter((key) => key.isDecrypted()) : [];
    };
    return { kind: "keys", keys: readLater, curve25519: curve25519.keys };
  }
  const key = await readResponderKey({ key: bytes });
  if (key.kind === "invalid") {
    return {
      kind: "error",
      message: `${path} is not an OpenPGP key (${key.reason}). Give --key your private key, exported with gpg --export-secret-keys --armor YOUR-EMAIL, or the file confide keygen wrote.`,
    };
  }
  if (key.kind === "public") {
    return {
      kind: "error",
      message: `${path} holds only a public key, which can encrypt but not decrypt. Give --key your private key (gpg --export-secret-keys --armor YOUR-EMAIL > private.asc, or the file confide keygen wrote), or use --gpg to decrypt with your GnuPG keyring.`,
    };
  }
  if (!key.locked) return { kind: "keys", keys: key.keys };

  const given =
    passphraseFile !== undefined
      ? await readPassphraseFile(passphraseFile)
      : process.env.CONFIDE_PASSPHRASE !== undefined
        ? {
            kind: "passphrase" as const,
            passphrase: process.env.CONFIDE_PASSPHRASE,
            from: "$CONFIDE_PASSPHRASE",
          }
        : undefined;
  if (given?.kind === "error") return given;
  if (given) {
    const unlocked = await unlockResponderKey({ keys: key.keys, passphrase: given.passphrase });
    if (unlocked.kind === "unlocked") return { kind: "keys", keys: unlocked.keys };
    return {
      kind: "error",
      message: `the passphrase from ${given.from} does not unlock ${path}. Nothing was decrypted.`,
    };
  }

  for (let attempt = 1; attempt <= PROMPT_ATTEMPTS; attempt++) {
    const answer = await promptHidden(`Passphrase for ${path}: `);
    if (answer.kind === "no-terminal") {
      return {
        kind: "error",
        message: `${path} is protected by a passphrase, and there is no terminal to ask it on: give --passphrase-file FILE or set CONFIDE_PASSPHRASE.`,
      };
    }
    if (answer.kind === "cancelled") return { kind: "error", message: "cancelled; nothing was decrypted." };
    const unlocked = await unlockResponderKey({ keys: key.keys, passphrase: answer.answer });
    if (unlocked.kind === "unlocked") return { kind: "keys", keys: unlocked.keys };
    process.stderr.write(
      attempt < PROMPT_ATTEMPTS ? "That passphrase does not unlock the key. Try again.\n" : "",
    );
  }
  return { kind: "error", message: `the passphrase does not unlock ${path}. Nothing was decrypted.` };
}

async function readPassphraseFile(
  path: string,
): Promise<{ kind: "passphrase"; passphrase: string; from: string } | { kind: "error"; message: string }> {
  try {
    const text = await readFile(path, "utf8");
    // The first line, as gpg's --passphrase-file reads it.
    return {
      kind: "passphrase",
      passphrase: text.split(/\r?\n/)[0] ?? "",
      from: `--passphrase-file ${path}`,
    };
  } catch (error) {
    return {
      kind: "error",
      message: `cannot read the passphrase file ${path}: ${describeFileError(error)}.`,
    };
  }
}

/** Writes one decrypted report, to standard output or a file. */
type ReportWriter = (
  outcome: Extract<DecryptOutcome, { kind: "decrypted" }>,
) => Promise<{ kind: "written" } | { kind: "error"; message: string }>;

/** Writes to standard output, waiting when the reader (a pager, a pipe) is behind. */
function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once("drain", () => resolve());
  });
}

/**
 * Creates `dir` (mode 0700) before anything is decrypted, and returns a writer that puts each decrypted
 * report in its own file there, in input order, and prints each file's path. Files are created 0600
 * and never replace an existing file: a second report with the same name gets `-2`, `-3`, … before `.md`.
 */
async function reportFileWriter(
  dir: string,
  labels: Readonly<Record<string, string>> | undefined,
): Promise<{ kind: "writer"; write: ReportWriter } | { kind: "error"; message: string }> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const mode = (await stat(dir)).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      process.stderr.write(
        `confide decrypt: note: ${dir} can be read by other users of this computer (mode ${mode.toString(8)}); chmod 700 ${dir} to keep the reports private.\n`,
      );
    }
  } catch (error) {
    return {
      kind: "error",
      message: `cannot create ${dir}: ${describeFileError(error)}. Nothing was decrypted.`,
    };
  }
  return {
    kind: "writer",
    write: async (outcome) => {
      const readable = readDecrypted(outcome);
      try {
        const path = await createExclusive(
          dir,
          reportFileName(readable),
          renderReportMarkdown(readable, { labels }),
        );
        await writeOut(`${path}\n`);
        return { kind: "written" };
      } catch (error) {
        return { kind: "error", message: `cannot write into ${dir}: ${describeFileError(error)}.` };
      }
    },
  };
}

/** Creates `name` in `dir` (or `name-2`, `name-3`, … when taken) with mode 0600, and returns its path. */
async function createExclusive(dir: string, name: string, text: string): Promise<string> {
  const stem = name.replace(/\.md$/, "");
  for (let n = 1; ; n++) {
    const path = join(dir, n === 1 ? name : `${stem}-${n}.md`);
    let file: Awaited<ReturnType<typeof open>>;
    try {
      file = await open(path, "wx", 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw error;
    }
    try {
      await file.writeFile(text);
    } finally {
      await file.close();
    }
    return path;
  }
}
