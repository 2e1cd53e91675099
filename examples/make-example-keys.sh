#!/usr/bin/env bash
# Regenerates the demo keys and the placeholder photos of the two example content folders in
# examples/ (rebuilt from real published procedures, with fictional people):
#
#   bash examples/make-example-keys.sh
#
# DEMO KEYS ONLY, like demo/make-demo-keys.sh: their private halves are published in
# demo/private-keys/<example>-<id>.sec.asc on purpose, and demo/demo-keys.json lists them, so the
# build accepts them only in a site whose site.yaml says `demo: true`.
#
# Each key is an openpgp.js curve25519 v4 key (ed25519 + cv25519), no passphrase, created
# 2026-11-01 and expiring 2036-11-01, made by tests/fixtures/keys/make-openpgpjs-keys.mjs.
# The photos are plain coloured squares made with sharp: they stand in for people's photos.
set -euo pipefail
shopt -s inherit_errexit

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
helper="$repo/tests/fixtures/keys/make-openpgpjs-keys.mjs"
sec_dir="$repo/demo/private-keys"

# example/id|Name|email (the key's user id; people without an email get one at the example's domain)
people=(
  "helsinki-python/aino|Aino Virtanen|aino@helsinki-python.example"
  "helsinki-python/mikko|Mikko Laine|mikko@helsinki-python.example"
  "helsinki-python/sara|Sara Nyström|sara@helsinki-python.example"
  "helsinki-python/olli|Olli Heikkinen|olli@helsinki-python.example"
  "pycon-th/nok|Nok Srisuk|nok@pycon-th.example"
  "pycon-th/daniel|Daniel Ashford|daniel@pycon-th.example"
  "pycon-th/ploy|Ploy Chaiyaporn|ploy@pycon-th.example"
)

for person in "${people[@]}"; do
  IFS='|' read -r path name email <<<"$person"
  example="${path%%/*}"
  id="${path##*/}"
  mkdir -p "$here/$example/keys"
  node "$helper" generate --type ecc --user-id "$name <$email>" \
    --created 2026-11-01T00:00:00Z --expires 2036-11-01T00:00:00Z \
    --pub "$here/$example/keys/$id.asc" --sec "$sec_dir/$example-$id.sec.asc"
done

# demo/demo-keys.json: the example site's keys (kept) plus these.
node --input-type=module - "$repo" "${people[@]}" <<'JS'
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readKey } from "openpgp";
const [repo, ...people] = process.argv.slice(2);
const file = join(repo, "demo/demo-keys.json");
const ids = people.map((person) => person.split("|")[0].replace("/", "-"));
const kept = JSON.parse(readFileSync(file, "utf8")).filter((entry) => !ids.includes(entry.id));
for (const person of people) {
  const [path] = person.split("|");
  const [example, id] = path.split("/");
  const key = await readKey({ armoredKey: readFileSync(join(repo, "examples", example, "keys", `${id}.asc`), "utf8") });
  kept.push({ id: `${example}-${id}`, fingerprint: key.getFingerprint().toUpperCase() });
}
writeFileSync(file, `${JSON.stringify(kept, null, 2)}\n`);
JS

# Placeholder photos for the PyCon TH example's responders.
node --input-type=module - "$here/pycon-th/photos" <<'JS'
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
const [dir] = process.argv.slice(2);
mkdirSync(dir, { recursive: true });
const colours = { nok: "#b5523b", daniel: "#2f6f8f", ploy: "#6b8f2f" };
for (const [id, colour] of Object.entries(colours)) {
  await sharp({ create: { width: 600, height: 450, channels: 3, background: colour } })
    .jpeg({ quality: 80 })
    .toFile(join(dir, `${id}.jpg`));
}
JS
echo "Wrote the example keys, demo/demo-keys.json and the photos; print fingerprints with:"
echo "  node $helper fingerprints ..."
