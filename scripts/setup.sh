#!/usr/bin/env bash
# Install what Border Monitor needs on Debian (idempotent; quick when nothing changed).
#
#   bash scripts/setup.sh          # .venv with the pinned runtime requirements
#   bash scripts/setup.sh --dev    # also test/lint tools, plus Debian chromium, poppler-utils, gdal-bin,
#                                  # postgresql-15 and postgresql-15-postgis-3 (for the PostGIS tests)
#
# Works from any directory. Debian packages are installed only when missing, as root
# or through sudo; `apt-get update` runs only when the package lists are empty or an
# install fails with the lists as they are.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-python3}
dev=false
case "${1:-}" in
  --dev) dev=true ;;
  "") ;;
  *) echo "usage: bash scripts/setup.sh [--dev]" >&2; exit 2 ;;
esac

log() { echo "[setup] $*"; }

# Run a command as root: directly, through sudo, or not at all (returns 1).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    if [ -t 0 ]; then sudo "$@"; else sudo -n "$@"; fi
  else
    return 1
  fi
}

# apt_install PKG...: install the Debian packages given (callers pass only missing ones).
apt_install() {
  [ "$#" -gt 0 ] || return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    log "no apt-get here: install these yourself: $*"
    return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  local apt=(apt-get install -y -q --no-install-recommends "$@")
  log "installing Debian packages: $*"
  if ! compgen -G "/var/lib/apt/lists/*Packages*" >/dev/null; then
    as_root apt-get update -q || return 1
  fi
  if ! as_root "${apt[@]}"; then
    log "install failed with the current package lists; running apt-get update and retrying"
    as_root apt-get update -q && as_root "${apt[@]}"
  fi
}

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  apt_install python3 python3-venv || { echo "[setup] error: $PYTHON not found" >&2; exit 1; }
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "[setup] error: Python 3.11 or newer is needed; $PYTHON is $("$PYTHON" -V 2>&1)" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  # Debian ships venv's pip bootstrap separately (python3-venv / python3.X-venv).
  if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    version=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    apt_install "python${version}-venv" || apt_install python3-venv || {
      echo "[setup] error: '$PYTHON -m venv' needs the Debian package python3-venv" >&2; exit 1; }
  fi
  log "creating .venv"
  rm -rf .venv
  "$PYTHON" -m venv .venv
fi

# pip runs only when a requirement file or the interpreter changed since the last install:
# a stamp named after their hash marks each completed install (the dev one implies runtime).
stamp_of() { echo ".venv/.installed-$(cat "$@" <(.venv/bin/python -VV) | sha256sum | cut -c1-16)"; }
runtime_stamp=$(stamp_of requirements.txt)
dev_stamp=$(stamp_of requirements-dev.txt requirements.txt)
req=requirements.txt stamp=$runtime_stamp
$dev && req=requirements-dev.txt stamp=$dev_stamp
if [ ! -f "$stamp" ]; then
  export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
  log "pip install -r $req"
  rm -f .venv/.installed-*
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "$req"
  touch "$stamp" "$runtime_stamp"
fi

if $dev; then
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  # ogrinfo checks the field types of GeoPackage exports as GDAL reports them
  command -v ogrinfo >/dev/null 2>&1 || missing+=(gdal-bin)
  # the PostGIS store tests start a throwaway server (tests/pgserver.py)
  [ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
  [ -f /usr/share/postgresql/15/extension/postgis.control ] || missing+=(postgresql-15-postgis-3)
  if [ "${#missing[@]}" -gt 0 ] && ! apt_install "${missing[@]}"; then
    log "warning: could not install ${missing[*]} (not root and no sudo?); browser/PDF/PostGIS tests will fail in CI and skip locally"
  fi
fi
log "ready: $(.venv/bin/python -V), $(.venv/bin/python -m streamlit version 2>/dev/null || echo 'streamlit missing')"
