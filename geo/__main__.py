"""``python -m geo``: see :mod:`geo.cli` for the commands."""

import sys

import geo.cli_accounts  # registers user
import geo.cli_exports
import geo.cli_ingest  # registers ingest
import geo.cli_store  # noqa: F401  (registers migrate, history, audit; noqa on the last geo.cli_* import)
from geo.cli import main

sys.exit(main())
