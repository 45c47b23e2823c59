"""The command line, ``python -m geo``: one module per command group.

:mod:`geo.cli.core` holds the registry (:func:`subcommand`) and the store
commands (export, validate, import), :mod:`geo.cli.exports` the briefing and
exchange commands, :mod:`geo.cli.ingest` article ingest, :mod:`geo.cli.store`
migrate/history/audit, :mod:`geo.cli.accounts` user management. Importing this
package registers them all; :func:`main` runs one.
"""

# the command modules register their subcommands on import
from geo.cli import accounts, exports, ingest, store  # noqa: F401
from geo.cli.core import SUBCOMMANDS, UserError, main, subcommand

__all__ = [
    "SUBCOMMANDS",
    "UserError",
    "main",
    "subcommand",
]
