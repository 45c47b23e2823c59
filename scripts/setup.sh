#!/usr/bin/env bash
# Create .venv and install the pinned runtime requirements (idempotent).
# Usage: bash scripts/setup.sh [--dev]   (--dev adds test/lint tools)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
req=requirements.txt
[ "${1:-}" = "--dev" ] && req=requirements-dev.txt
# Skip pip when the requirements file has not changed since the last install.
stamp=.venv/.installed-$(sha256sum "$req" requirements.txt | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "$req"
  touch "$stamp"
fi
