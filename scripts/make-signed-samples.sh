#!/usr/bin/env bash
# Signs every sample card with the DEMO-ONLY issuer keys in samples/keys (creating
# them and the demo trust list if missing). Demo keys are public: never trust them
# outside tests and demos.
set -euo pipefail
cd "$(dirname "$0")/.."
bhyt=${BHYT:-$(swift build --show-bin-path)/bhyt}
keys=samples/keys
at=2025-01-01T08:00:00+07:00
if [[ ! -f $keys/DEMO-ONLY-VN-79-es256.key.pem ]]; then
  "$bhyt" keygen --alg ES256 --out $keys/DEMO-ONLY-VN-79-es256 >/dev/null
  "$bhyt" keygen --alg EdDSA --out $keys/DEMO-ONLY-VN-56-eddsa >/dev/null
  rm -f samples/DEMO-ONLY-trust.json
  "$bhyt" trust add --trust samples/DEMO-ONLY-trust.json --iss VN-79 $keys/DEMO-ONLY-VN-79-es256.pub.pem >/dev/null
  "$bhyt" trust add --trust samples/DEMO-ONLY-trust.json --iss VN-56 $keys/DEMO-ONLY-VN-56-eddsa.pub.pem >/dev/null
fi
for card in samples/cards/*.json; do
  name=$(basename "$card" .json)
  "$bhyt" issue --key $keys/DEMO-ONLY-VN-79-es256.key.pem --iss VN-79 --at $at "$card" > samples/signed/es256/$name.txt
  "$bhyt" issue --key $keys/DEMO-ONLY-VN-56-eddsa.key.pem --iss VN-56 --at $at "$card" > samples/signed/eddsa/$name.txt
done
