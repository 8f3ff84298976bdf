#!/usr/bin/env bash
# The main job on the bundled samples: sign the demo trust list with the demo root key, issue a
# signed card with the demo issuer key, render it to PNG, print it to PDF, read the PNG back, verify it against
# the signed trust list with the root pinned; then the legacy cards. (Every DEMO-ONLY key in
# samples/keys is public: never trust it outside demos and tests.)
set -euo pipefail
cd "$(dirname "$0")/.."
bhyt=$(swift build --show-bin-path)/bhyt
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
at=2025-07-01T09:00:00+07:00
root=samples/keys/DEMO-ONLY-root-eddsa
echo "== 0. Sign the trust list with the demo root key (valid 7 days from 2025-06-28) =="
"$bhyt" trust sign --key "$root.key.pem" --valid-for 7d --at 2025-06-28 --out "$out/trust.jws" samples/DEMO-ONLY-trust.json
"$bhyt" trust show --root "$root.pub.pem" "$out/trust.jws"
echo
echo "== 1. Issue (demo key, VN-79) =="
"$bhyt" issue --key samples/keys/DEMO-ONLY-VN-79-es256.key.pem --iss VN-79 --at 2025-07-01 samples/cards/d2021-k1.json > "$out/signed.txt"
echo "signed: $(cut -c1-60 "$out/signed.txt")… ($(wc -c < "$out/signed.txt") bytes)"
echo
echo "== 2. Render to PNG =="
"$bhyt" render --verbose --out "$out/card.png" - < "$out/signed.txt"
echo
echo "== 2b. Print the card: PDF, ID-1 page, front and back, fonts embedded =="
"$bhyt" card --back --out "$out/card.pdf" - < "$out/signed.txt"
if command -v pdfinfo >/dev/null; then
  pdfinfo "$out/card.pdf" | grep -E "^(Title|Pages|Page size):"
  pdffonts "$out/card.pdf" | tail -n +3 | awk '{ print "font " $1 ", embedded: " $(NF-4) }'
  # The printed front at 300 dpi, read back: its QR is the signed text.
  pdftoppm -r 300 -png -f 1 -l 1 -singlefile "$out/card.pdf" "$out/printed"
  "$bhyt" verify --root "$root.pub.pem" --trust "$out/trust.jws" --at "$at" "$out/printed.png"
else
  echo "card.pdf: $(wc -c < "$out/card.pdf") bytes"
fi
echo
echo "== 3. Read the PNG back and verify it (as of $at) =="
"$bhyt" verify --lang vi --root "$root.pub.pem" --trust "$out/trust.jws" --at "$at" --facility 06012 "$out/card.png"
echo
echo "== 3b. The patient's citizen ID (CCCD) with the card: the holder; then someone else with the same name =="
"$bhyt" inspect samples/cccd/hoang-thi-lua.txt
"$bhyt" verify --lang vi --root "$root.pub.pem" --trust "$out/trust.jws" --at "$at" --id "$(cat samples/cccd/hoang-thi-lua.txt)" "$out/signed.txt"
if "$bhyt" verify --lang vi --root "$root.pub.pem" --trust "$out/trust.jws" --at "$at" --id "$(cat samples/cccd/another-person.txt)" "$out/signed.txt"; then
  echo "unexpected: another person's ID matched the card" >&2; exit 1
fi
echo
echo "== 4. The same card altered by one digit =="
awk '{ d = (substr($0, 207, 1) + 1) % 10; print substr($0, 1, 206) d substr($0, 208) }' "$out/signed.txt" > "$out/forged.txt"
if "$bhyt" verify --root "$root.pub.pem" --trust "$out/trust.jws" --at "$at" "$out/forged.txt"; then echo "unexpected: forgery accepted" >&2; exit 1; fi
echo
echo "== 4b. Lists: an unsigned trust list with the root pinned is refused (exit 2); an old one degrades =="
set +e
"$bhyt" verify --root "$root.pub.pem" --trust samples/DEMO-ONLY-trust.json --at "$at" "$out/signed.txt"
[[ $? == 2 ]] || { echo "unexpected: unsigned trust list accepted with --root" >&2; exit 1; }
"$bhyt" verify --root "$root.pub.pem" --trust "$out/trust.jws" --at 2025-07-10 "$out/signed.txt"
[[ $? == 0 ]] || { echo "unexpected: a stale trust list refused the card" >&2; exit 1; }
"$bhyt" verify --root "$root.pub.pem" --trust "$out/trust.jws" --at 2025-08-10 "$out/signed.txt"
[[ $? == 3 ]] || { echo "unexpected: a trust list expired past --max-stale still made the card valid" >&2; exit 1; }
set -e
echo
echo "== 5. Legacy cards: readable, never more than UNVERIFIED =="
set +e
"$bhyt" verify --lang vi --at "$at" samples/legacy/d2021-k1.txt samples/legacy/quirks/telex-mangled-2021.txt
[[ $? == 3 ]] || { echo "unexpected exit status for legacy cards" >&2; exit 1; }
set -e
echo
echo "== Malformed input is refused with a reason (exit status 1 expected) =="
if "$bhyt" inspect samples/malformed/bad-date.txt samples/malformed/vni-ambiguous.txt; then echo "unexpected: malformed input accepted" >&2; exit 1; fi
