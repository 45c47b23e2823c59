#!/usr/bin/env bash
# Install what the dashboard needs, then start it: streamlit run app.py
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
exec .venv/bin/streamlit run app.py "$@"
