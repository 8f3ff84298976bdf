#!/usr/bin/env bash
# Prints docs/FORMAT.md's size table: for each sample card, the QR version (level M)
# of its legacy text and of its signed texts, as libqrencode (bhyt render --verbose) reports it.
set -euo pipefail
cd "$(dirname "$0")/.."
bhyt=${BHYT:-$(swift build --show-bin-path)/bhyt}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
version() { "$bhyt" render --verbose --ecc M --out "$tmp/x.png" - <<<"$1" 2>&1 | sed -n 's/.*QR version \([0-9]*\),.*/\1/p'; }
echo "| card | legacy bytes | legacy version | ES256 digits | ES256 version | EdDSA digits | EdDSA version | budget |"
echo "|---|---|---|---|---|---|---|---|"
for f in samples/legacy/*.txt; do
  n=$(basename "$f" .txt)
  legacy=$(head -n1 "$f"); es=$(head -n1 samples/signed/es256/$n.txt); ed=$(head -n1 samples/signed/eddsa/$n.txt)
  lv=$(version "$legacy"); ev=$(version "$es"); dv=$(version "$ed")
  verdict="ok"; ((ev <= lv && dv <= lv)) || verdict="over (see below)"
  echo "| $n | ${#legacy} | $lv | $((${#es} - 6)) | $ev | $((${#ed} - 6)) | $dv | $verdict |"
done
