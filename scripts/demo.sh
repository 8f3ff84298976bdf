#!/usr/bin/env bash
# The main job on the bundled samples: read every sample card and show it.
set -euo pipefail
cd "$(dirname "$0")/.."
bhyt=$(swift build --show-bin-path)/bhyt
echo "== Legacy QR samples (both generations) =="
"$bhyt" inspect samples/legacy/*.txt
echo
echo "== Scanner quirks, read tolerantly (incl. Telex/VNI repair) =="
"$bhyt" inspect --lang en samples/legacy/quirks/*.txt
echo
echo "== Malformed input is refused with a reason (exit status 1 expected) =="
if "$bhyt" inspect samples/malformed/*.txt; then echo "unexpected: malformed input accepted" >&2; exit 1; fi
