import * as openpgp from "openpgp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPagesHook, DEFAULT_MAX_BODY_BYTES, type HookEnv } from "../../src/hook/pages-hook.ts";
import { REFERENCE_PATTERN } from "../../src/report/report-reference.ts";
import { fixtureKey, NOW } from "../helpers/content-folder.ts";
import { type Recorder, startRecorder } from "../helpers/recorder.ts";
import { seededRandom } from "../helpers/seeded-random.ts";

/** Change the seed to explore; a failure prints the seed and the case's number and kind to replay it. */
const SEED = 0x5eed_c0de;
const CASES = 2_000;
const SITE = "https://conduct.tidewater.example";
const FORM_PATH = "/f/xdemoform";

let recorder: Recorder;
let env: HookEnv;

/** Every kind of message the hook must refuse, made once with openpgp. */
const made = {
  valid: "",
  validBytes: new Uint8Array() as Uint8Array,
  literalBytes: new Uint8Array() as Uint8Array,
  plaintexts: [] as string[],
  signed: [] as string[],
  keys: [] as string[],
  strangers: [] as string[],
  password: "",
};

beforeAll(async () => {
  recorder = await startRecorder();
  const roster = await openpgp.readKey({ armoredKey: (await fixtureKey("gpg-ed25519")).armored });
  const stranger = await openpgp.readKey({ armoredKey: (await fixtureKey("openpgpjs-rsa4096")).armored });
  const rosterKeyId = (await roster.getEncryptionKey(undefined, NOW)).getKeyID().toHex();
  env = {
    FORMSPREE_ENDPOINT: recorder.url,
    FORMSPREE_FORM_ID: "realform",
    // A real client sends a few posts; the fuzz sends many, and every one must meet the checks, not the limit.
    RATE_LIMIT_MAX: "1000000000",
    ASSETS: {
      fetch: async () =>
        new Response(JSON.stringify({ version: 1, receivingKeyIds: [rosterKeyId] }), {
          headers: { "content-type": "application/json" },
        }),
    },
  };

  const { privateKey: signer, publicKey: signerPublic } = await openpgp.generateKey({
    userIDs: [{ name: "Someone Else", email: "else@fixtures.example" }],
    date: NOW,
    format: "object",
  });
  const message = await openpgp.createMessage({ text: "What happened, in words.", date: NOW });
  const binaryMessage = await openpgp.createMessage({ binary: new Uint8Array([1, 2, 3, 4]), date: NOW });

  made.valid = await openpgp.encrypt({ message, encryptionKeys: roster, wildcard: true, date: NOW });
  made.validBytes = dearmor(made.valid);
  made.literalBytes = await binary(message);
  made.plaintexts = [
    message.armor(),
    binaryMessage.armor(),
    await armorOf(compress(message, openpgp.enums.compression.zip)),
    await armorOf(compress(message, openpgp.enums.compression.zlib)),
  ];
  made.signed = [
    await openpgp.sign({ message, signingKeys: signer, date: NOW }),
    await openpgp.sign({ message, signingKeys: signer, date: NOW, detached: true }),
    await openpgp.sign({
      message: await openpgp.createCleartextMessage({ text: "What happened." }),
      signingKeys: signer,
      date: NOW,
    }),
  ];
  const signedBinary = await openpgp.sign({ message, signingKeys: signer, date: NOW, format: "binary" });
  made.signed.push(openpgp.armor(openpgp.enums.armor.message, signedBinary as Uint8Array));
  made.keys = [
    roster.armor(),
    signerPublic.armor(),
    signer.armor(),
    // a key's packets dressed as a message
    openpgp.armor(openpgp.enums.armor.message, roster.write()),
    openpgp.armor(openpgp.enums.armor.message, signer.write()),
  ];
  made.strangers = [
    await openpgp.encrypt({ message, encryptionKeys: stranger, wildcard: false, date: NOW }),
    await openpgp.encrypt({ message, encryptionKeys: signerPublic, wildcard: false, date: NOW }),
    await openpgp.encrypt({ message, encryptionKeys: [roster, stranger], wildcard: false, date: NOW }),
  ];
  made.password = await openpgp.encrypt({ message, passwords: ["correct horse"], date: NOW });
});

afterAll(async () => {
  await recorder?.close();
});

/** mulberry32: small, fast and seedable; the same seed gives the same cases on every machine. */
function random(seed: number) {
  const next = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    int,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T,
    bytes: (length: number) => Uint8Array.from({ length }, () => int(0, 255)),
    text: (length: number) => String.fromCharCode(...Array.from({ length }, () => int(0x20, 0x7e))),
  };
}
type Random = ReturnType<typeof random>;

function dearmor(armored: string): Uint8Array {
  const body = armored
    .trim()
    .split("\n")
    .slice(2, -1)
    .filter((line) => !line.startsWith("="))
    .join("");
  return Uint8Array.from(atob(body), (char) => char.charCodeAt(0));
}

function armorBytes(bytes: Uint8Array): string {
  return openpgp.armor(openpgp.enums.armor.message, bytes);
}

/** A compressed plaintext. Message#compress exists at run time but is missing from openpgp's typings. */
function compress(message: openpgp.Message<string>, algorithm: openpgp.enums.compression) {
  return (message as unknown as { compress(algorithm: number): openpgp.Message<string> }).compress(algorithm);
}

/** openpgp returns a stream for messages it built in memory; read it to the end. */
async function binary(message: openpgp.Message<string | Uint8Array>): Promise<Uint8Array> {
  const written: unknown = message.write();
  if (written instanceof Uint8Array) return written;
  const reader = (written as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  const bytes = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

async function armorOf(message: openpgp.Message<string | Uint8Array>): Promise<string> {
  return armorBytes(await binary(message));
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

/** A reference that looks plausible but does not match REFERENCE_PATTERN. */
function badReference(r: Random): string {
  for (;;) {
    const candidate = r.pick([
      () => r.text(r.int(0, 20)),
      () => `R-${r.text(4)}-${r.text(4)}`,
      () => `r-${"ABCD"}-${r.int(1000, 9999)}`,
      () => `R-0000-000${r.pick(["", "00", "I", "O", "U"])}`,
      () => `../${r.text(6)}`,
    ])();
    if (!REFERENCE_PATTERN.test(candidate)) return candidate;
  }
}

function goodReference(r: Random): string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const part = () => Array.from({ length: 4 }, () => r.pick([...alphabet])).join("");
  return `R-${part()}-${part()}`;
}

/** One case: what it is, and how to send it. */
interface Case {
  kind: string;
  body: BodyInit | (() => BodyInit);
  contentType?: string;
  /** no Content-Length: the body is streamed */
  streamed?: boolean;
}

function json(r: Random, fields: Record<string, unknown>): string {
  return JSON.stringify({ ciphertext: made.valid, reference: goodReference(r), version: "1", ...fields });
}

/** The case mix: each entry is a weight and a maker. Every case must be refused with a 4xx. */
const KINDS: Array<[weight: number, kind: string, make: (r: Random) => Case]> = [
  [8, "random bytes as the body", (r) => ({ kind: "", body: r.bytes(r.int(0, 4096)) })],
  [
    8,
    "random bytes armored",
    (r) => ({ kind: "", body: json(r, { ciphertext: armorBytes(r.bytes(r.int(1, 4096))) }) }),
  ],
  [
    5,
    "random text as the ciphertext",
    (r) => ({ kind: "", body: json(r, { ciphertext: r.text(r.int(1, 3000)) }) }),
  ],
  [
    8,
    "armor truncated inside its body",
    (r) => {
      const lines = made.valid.trim().split("\n");
      const body = lines
        .slice(2, -1)
        .filter((line) => !line.startsWith("="))
        .join("");
      const cut = body.slice(0, r.int(1, body.length - 5));
      const wrapped = cut.match(/.{1,64}/g) ?? [];
      return {
        kind: "",
        body: json(r, { ciphertext: [lines[0], "", ...wrapped, lines.at(-1), ""].join("\n") }),
      };
    },
  ],
  [
    5,
    "armor cut short",
    (r) => ({
      kind: "",
      body: json(r, { ciphertext: made.valid.slice(0, r.int(1, made.valid.length - 28)) }),
    }),
  ],
  [
    5,
    "armor doubled",
    (r) => ({
      kind: "",
      body: json(r, { ciphertext: made.valid + r.pick(["", "\n", "\r\n"]) + made.valid }),
    }),
  ],
  [
    5,
    "two messages in one armor",
    (r) => ({
      kind: "",
      body: json(r, { ciphertext: armorBytes(concat(made.validBytes, made.validBytes)) }),
    }),
  ],
  [
    6,
    "plaintext literal packets",
    (r) => ({ kind: "", body: json(r, { ciphertext: r.pick(made.plaintexts) }) }),
  ],
  [
    5,
    "an encrypted message with plaintext appended or prepended",
    (r) => {
      const bytes = r.int(0, 1)
        ? concat(made.validBytes, made.literalBytes)
        : concat(made.literalBytes, made.validBytes);
      return { kind: "", body: json(r, { ciphertext: armorBytes(bytes) }) };
    },
  ],
  [6, "signed-only messages", (r) => ({ kind: "", body: json(r, { ciphertext: r.pick(made.signed) }) })],
  [6, "keys instead of messages", (r) => ({ kind: "", body: json(r, { ciphertext: r.pick(made.keys) }) })],
  [6, "wrong recipients", (r) => ({ kind: "", body: json(r, { ciphertext: r.pick(made.strangers) }) })],
  [3, "password-encrypted", (r) => ({ kind: "", body: json(r, { ciphertext: made.password }) })],
  [
    3,
    "armor headers or text around the armor",
    (r) => {
      const [begin, ...rest] = made.valid.split("\n");
      const ciphertext = r.pick([
        () => [begin, `Comment: ${r.text(20)}`, ...rest].join("\n"),
        () => `${r.text(r.int(1, 40))}\n${made.valid}`,
        () => `${made.valid}${r.text(r.int(1, 40))}`,
      ])();
      return { kind: "", body: json(r, { ciphertext }) };
    },
  ],
  [
    1,
    "huge bodies",
    (r) => {
      const size = r.int(DEFAULT_MAX_BODY_BYTES + 1, 2 * DEFAULT_MAX_BODY_BYTES);
      const streamed = r.int(0, 1) === 1;
      return {
        kind: "",
        streamed,
        body: () => json(r, { ciphertext: made.valid + " ".repeat(size) }),
      };
    },
  ],
  [
    7,
    "wrong content types",
    (r) => ({
      kind: "",
      body: json(r, {}),
      contentType: r.pick([
        "",
        "text/plain",
        "text/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=----x",
        "application/json; charset=iso-8859-1",
        "application/json; charset=utf-16",
        "application/jsonp",
        "application/ld+json",
        r.text(r.int(1, 30)),
      ]),
    }),
  ],
  [
    7,
    "deep JSON",
    (r) => {
      const depth = r.int(9, 20_000);
      const open = Array.from({ length: depth }, () => r.pick(["[", '{"a":']));
      const close = open.map((token) => (token === "[" ? "]" : "}")).reverse();
      const body = r.int(0, 1)
        ? `${open.join("")}1${close.join("")}`
        : `{"ciphertext":${open.join("")}"x"${close.join("")},"reference":"R-0000-0000","version":"1"}`;
      return { kind: "", body };
    },
  ],
  [
    8,
    "wrongly shaped JSON",
    (r) => ({
      kind: "",
      body: r.pick([
        () => JSON.stringify(r.pick([null, 0, r.int(-9, 9), true, "text", r.text(10), [], [made.valid]])),
        () => json(r, { [r.text(r.int(1, 12))]: r.text(5) }),
        () => json(r, { _replyto: "reporter@example.org" }),
        () => json(r, { ciphertext: r.pick([null, 1, true, [made.valid], { armored: made.valid }]) }),
        () => json(r, { reference: r.pick([null, 7, ["R-0000-0000"]]) }),
        () => json(r, { version: r.pick([1, null, ["1"]]) }),
        () => json(r, { _gotcha: r.pick([null, 0, false, {}]) }),
        () => JSON.stringify({ reference: goodReference(r), version: "1" }),
        () => JSON.stringify({ ciphertext: made.valid, version: "1" }),
        () => `${json(r, {}).slice(0, r.int(1, 200))}`,
        () => "",
      ])(),
    }),
  ],
  [
    4,
    "bad references and versions",
    (r) => ({
      kind: "",
      body: r.int(0, 1)
        ? json(r, { reference: badReference(r) })
        : json(r, { version: r.pick(["0", "3", "1.0", "2.0", "", " 1", r.text(3)]) }),
    }),
  ],
  [3, "a filled honeypot", (r) => ({ kind: "", body: json(r, { _gotcha: r.text(r.int(1, 30)) }) })],
  [1, "an empty ciphertext", (r) => ({ kind: "", body: json(r, { ciphertext: "" }) })],
];

function makeCase(r: Random): Case {
  const total = KINDS.reduce((sum, [weight]) => sum + weight, 0);
  let roll = r.int(1, total);
  for (const [weight, kind, make] of KINDS) {
    roll -= weight;
    if (roll <= 0) return { ...make(r), kind };
  }
  throw new Error("unreachable");
}

function toRequest(testCase: Case): Request {
  const body = typeof testCase.body === "function" ? testCase.body() : testCase.body;
  const headers: Record<string, string> = { origin: SITE, "cf-connecting-ip": "203.0.113.5" };
  headers["content-type"] = testCase.contentType ?? "application/json";
  if (testCase.contentType === "") delete headers["content-type"];
  if (!testCase.streamed) {
    // Announced, as a browser announces it.
    headers["content-length"] = String(
      typeof body === "string" ? new TextEncoder().encode(body).length : (body as Uint8Array).length,
    );
    return new Request(`${SITE}${FORM_PATH}`, { method: "POST", headers, body });
  }
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : (body as Uint8Array);
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + 65_536));
      offset += 65_536;
    },
  });
  return new Request(`${SITE}${FORM_PATH}`, {
    method: "POST",
    headers,
    body: stream,
    duplex: "half",
  } as RequestInit);
}

describe("the Pages hook under fuzzing", () => {
  it(`refuses ${CASES} seeded malformed, unencrypted and hostile submissions with a 4xx and forwards none`, async () => {
    const hook = createPagesHook({ log: () => {} });
    const context = { waitUntil: () => {} };

    // The control: a well-formed report is forwarded, so "nothing forwarded" below means something.
    const control = await hook.handle(
      toRequest({ kind: "control", body: json(random(1), {}) }),
      env,
      context,
    );
    expect(control.status).toBe(200);
    expect(recorder.requests).toHaveLength(1);
    recorder.reset();

    const r = random(SEED);
    const wrong: string[] = [];
    const kinds = new Map<string, number>();
    const statuses = new Map<number, number>();
    for (let i = 0; i < CASES; i++) {
      const testCase = makeCase(r);
      kinds.set(testCase.kind, (kinds.get(testCase.kind) ?? 0) + 1);
      const response = await hook.handle(toRequest(testCase), env, context);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const answer = await response.text();
      const shaped = (() => {
        try {
          return Array.isArray(JSON.parse(answer).errors);
        } catch {
          return false;
        }
      })();
      if (response.status < 400 || response.status > 499 || !shaped || recorder.requests.length > 0)
        wrong.push(`seed ${SEED} case ${i} (${testCase.kind}): ${response.status} ${answer.slice(0, 200)}`);
    }

    expect(wrong).toEqual([]);
    expect(recorder.requests).toEqual([]);
    // Every kind of case was made, and the refusals came from several checks, not one.
    expect([...kinds.keys()].sort()).toEqual(KINDS.map(([, kind]) => kind).sort());
    expect([...statuses.keys()].sort()).toEqual([400, 413, 415, 422]);
  });
});
