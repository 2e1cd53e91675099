#!/usr/bin/env bash
# Regenerates the demo responder keys of the example site
# ("Tidewater Tech Days 2027"):
#
#   bash demo/make-demo-keys.sh
#
# DEMO KEYS ONLY. Their private halves are published in this repository on
# purpose, so anyone can try the whole journey locally (build the site, send
# a report, decrypt it). Never use them for real reports; the build refuses
# their public halves unless site.yaml declares `demo: true`.
#
# Files written (none of the keys has a passphrase; all are created
# 2026-11-01T00:00:00Z and expire 2036-11-01T00:00:00Z):
#   content/keys/ada.asc              public key, Adaeze Okafor: GnuPG ed25519
#                                     primary + cv25519 encryption subkey
#   content/keys/tomas.asc            public key, Tomás Rivera: GnuPG RSA 3072
#                                     primary + RSA 3072 encryption subkey
#   content/keys/mei.asc              public key, Mei Lin Chen: openpgp.js v6,
#                                     curve25519Legacy (ed25519 + cv25519, v4)
#   demo/private-keys/<id>.sec.asc    the matching private keys
#   demo/demo-keys.json               [{ "id", "fingerprint" }] read back from
#                                     the public keys
#
# Needs gpg (GnuPG 2.2+), node 20+ and `npm install` (openpgp v6); uses the
# openpgp.js helper tests/fixtures/keys/make-openpgpjs-keys.mjs. Works in a
# throwaway GNUPGHOME (removed on exit); never touches ~/.gnupg. Ends by
# verifying every key (openpgp.js readKey, gpg --import, and each private key
# decrypts messages encrypted to its public key by openpgp.js and by gpg).
set -euo pipefail
shopt -s inherit_errexit

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
helper="$repo/tests/fixtures/keys/make-openpgpjs-keys.mjs"
pub_dir="$repo/content/keys"
sec_dir="$here/private-keys"

if [[ ! -f "$repo/node_modules/openpgp/package.json" ]]; then
  echo "make-demo-keys.sh: run npm install first (node_modules/openpgp missing)" >&2
  exit 1
fi

GNUPGHOME="$(mktemp -d)"
export GNUPGHOME
cleanup() {
  gpgconf --kill gpg-agent >/dev/null 2>&1 || true
  rm -rf "$GNUPGHOME"
}
trap cleanup EXIT

CREATED='20261101T000000'   # fixed creation time (UTC)
EXPIRES='20361101T000000'   # expiry (UTC midnight)

gpgq() {
  gpg --batch --no-tty --quiet --trust-model always --no-auto-check-trustdb "$@"
}
# Empty passphrase (= unprotected keys); user ids are UTF-8 ("Tomás").
gpgb() {
  gpgq --pinentry-mode loopback --passphrase '' --display-charset utf-8 "$@" \
    2> >(grep -v 'WARNING: running with faked system time' >&2)
}

# gpg_demo_key ID UID PRIMARY_ALGO SUBKEY_ALGO
gpg_demo_key() {
  local id="$1" uid="$2" email fpr
  email="${uid##*<}"
  email="${email%>}"
  gpgb --faked-system-time "$CREATED!" --quick-gen-key "$uid" "$3" sign,cert "$EXPIRES"
  fpr="$(gpgq --with-colons --list-keys "<$email>" | awk -F: '$1 == "fpr" { print $10; exit }')"
  [[ -n "$fpr" ]] || { echo "make-demo-keys.sh: no key made for $uid" >&2; exit 1; }
  gpgb --faked-system-time "$CREATED!" --quick-add-key "$fpr" "$4" encr "$EXPIRES"
  gpgq --armor --export "$fpr" >"$pub_dir/$id.asc"
  gpgb --armor --export-secret-keys "$fpr" >"$sec_dir/$id.sec.asc"
}

iso() { date -u -d "${1:0:4}-${1:4:2}-${1:6:2}T${1:9:2}:${1:11:2}:${1:13:2}Z" +%Y-%m-%dT%H:%M:%SZ; }

mkdir -p "$pub_dir" "$sec_dir"
rm -f "$pub_dir"/{ada,tomas,mei}.asc "$sec_dir"/{ada,tomas,mei}.sec.asc "$here/demo-keys.json"

gpg_demo_key ada 'Adaeze Okafor (Tidewater demo key, do not use) <ada@tidewater.example>' ed25519 cv25519
gpg_demo_key tomas 'Tomás Rivera (Tidewater demo key, do not use) <tomas@tidewater.example>' rsa3072 rsa3072
node "$helper" generate --type ecc \
  --user-id 'Mei Lin Chen (Tidewater demo key, do not use) <mei@tidewater.example>' \
  --created "$(iso "$CREATED")" --expires "$(iso "$EXPIRES")" \
  --pub "$pub_dir/mei.asc" --sec "$sec_dir/mei.sec.asc"

node "$helper" fingerprints ada="$pub_dir/ada.asc" tomas="$pub_dir/tomas.asc" mei="$pub_dir/mei.asc" \
  >"$here/demo-keys.json.tmp"
mv "$here/demo-keys.json.tmp" "$here/demo-keys.json"

node "$helper" verify \
  "$pub_dir/ada.asc:$sec_dir/ada.sec.asc" \
  "$pub_dir/tomas.asc:$sec_dir/tomas.sec.asc" \
  "$pub_dir/mei.asc:$sec_dir/mei.sec.asc"
echo "make-demo-keys.sh: demo keys written to $pub_dir and $sec_dir" >&2
