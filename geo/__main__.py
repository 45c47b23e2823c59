"""``python -m geo``: see :mod:`geo.cli` for the commands."""

import sys

import geo.cli_exports
import geo.cli_ingest  # noqa: F401  (registers ingest)
from geo.cli import main

sys.exit(main())
