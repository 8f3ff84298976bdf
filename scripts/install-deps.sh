#!/usr/bin/env bash
# Installs what BHYTKit needs on a fresh Debian machine: the C libraries (and tools
# the tests use) from Debian, and the Python test tools into ./.venv. Idempotent and
# quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(pkg-config binutils libqrencode-dev libpng-dev libjpeg-dev zlib1g-dev libzbar-dev libzxing-dev qrencode librsvg2-bin tmux time zbar-tools valgrind chromium chromium-driver wrk)
PY_PACKAGES=(pytest cbor2 cryptography zxing-cpp segno pillow jsonschema schemathesis selenium)

# Printing (BHYTPrint): cairo and pango with a font that has every Vietnamese letter; poppler
# reads the PDFs in the interop tests.
APT_PACKAGES+=(libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils)
# Check-in records (BHYTRecords, through GRDB): SQLite.
APT_PACKAGES+=(libsqlite3-dev)
# Check-in records in PostgreSQL: the tests start a throwaway server of their own (initdb, pg_ctl; psql comes with it).
APT_PACKAGES+=(postgresql)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing Debian packages: ${missing[*]}" >&2
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

stamp=.venv/.bhytkit-${#PY_PACKAGES[@]}-$(echo "${PY_PACKAGES[*]}" | cksum | cut -d' ' -f1)
if [[ ! -f $stamp ]]; then
  echo "install-deps: preparing .venv with ${PY_PACKAGES[*]}" >&2
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check "${PY_PACKAGES[@]}"
  touch "$stamp"
fi
