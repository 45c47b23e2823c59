"""``python -m geo``: see :mod:`geo.cli` for the commands."""

import sys

from geo.cli import main

sys.exit(main())
