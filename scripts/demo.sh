#!/usr/bin/env bash
# The main job on the bundled samples: read the legacy cards, issue a signed card with
# the demo key, render it to PNG, read the PNG back, and show what it says.
set -euo pipefail
cd "$(dirname "$0")/.."
bhyt=$(swift build --show-bin-path)/bhyt
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
echo "== Legacy QR samples (both generations) =="
"$bhyt" inspect samples/legacy/dn-2016.txt samples/legacy/d2021-open.txt
echo
echo "== Scanner quirks, read tolerantly (incl. Telex/VNI repair) =="
"$bhyt" inspect --json samples/legacy/quirks/*.txt | cut -c1-110
echo
echo "== Issue → render → read back =="
"$bhyt" issue --key samples/keys/DEMO-ONLY-VN-79-es256.key.pem --iss VN-79 --at 2025-07-01 samples/cards/d2021-k1.json > "$out/signed.txt"
echo "signed: $(cut -c1-60 "$out/signed.txt")… ($(wc -c < "$out/signed.txt") bytes)"
"$bhyt" render --verbose --out "$out/card.png" - < "$out/signed.txt"
"$bhyt" inspect "$out/card.png"
echo
echo "== Malformed input is refused with a reason (exit status 1 expected) =="
if "$bhyt" inspect samples/malformed/bad-date.txt samples/malformed/vni-ambiguous.txt; then echo "unexpected: malformed input accepted" >&2; exit 1; fi
