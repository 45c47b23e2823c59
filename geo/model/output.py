"""Where output goes: crash-safe files, special files written through, spreadsheet-safe cells.

:func:`atomic_path` is the temp-file-then-``os.replace`` pattern every writer
uses, so a failed write never leaves a half-written file. A target that is not
a regular file is never replaced: a named pipe or a character device (a
terminal, ``/dev/stdout``) is written through once the output is complete; a
directory, a block device or a socket is refused with a message.

:func:`spreadsheet_safe` and :func:`spreadsheet_restore` neutralise CSV cells
that a spreadsheet would evaluate as a formula (OWASP "CSV injection": a cell
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading apostrophe) and undo it exactly on import: a cell that already starts
with apostrophes before such a character gets one more, so the round trip
keeps every text as it was.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

#: Characters that make a spreadsheet evaluate a cell (OWASP CSV injection guidance).
FORMULA_START = "=+-@\t\r"
_NEEDS_GUARD = re.compile(r"'*[=+\-@\t\r]", re.DOTALL)
_GUARDED = re.compile(r"'+[=+\-@\t\r]", re.DOTALL)


class OutputPathError(OSError):
    """The output path cannot be written (a directory, a block device, a socket)."""


def output_kind(target: Path) -> str:
    """``"regular"`` (or missing), ``"stream"`` (FIFO or character device) or ``"unusable"``."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return "regular"
    if stat.S_ISREG(mode):
        return "regular"
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return "stream"
    return "unusable"


def check_output_path(target: Path) -> str:
    """The kind of ``target`` (see :func:`output_kind`), raising :class:`OutputPathError` when unusable."""
    if target.is_dir():
        raise OutputPathError(f"{target} is a directory; give a file name")
    kind = output_kind(target)
    if kind == "unusable":
        raise OutputPathError(f"{target} is neither a regular file, a named pipe nor a character device; "
                              "give a file name")
    return kind


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a fresh temp path for the caller to create; the output reaches ``target`` only on success.

    A regular (or new) ``target`` is replaced atomically (``os.replace`` beside it). A named
    pipe or character device is written through, never replaced. On any exception the temp
    file (and any SQLite side files) are removed and ``target`` is untouched.
    """
    target = Path(target)
    kind = check_output_path(target)
    if kind == "stream":
        folder = Path(tempfile.mkdtemp(prefix="border-monitor-out-"))
        tmp = folder / f"output{target.suffix}"
        try:
            yield tmp
            with tmp.open("rb") as source, target.open("wb") as sink:
                shutil.copyfileobj(source, sink)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    os.unlink(name)  # GDAL wants to create the file itself
    tmp = Path(name)
    try:
        yield tmp
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, *(Path(f"{tmp}{s}") for s in ("-journal", "-wal", "-shm"))):
            leftover.unlink(missing_ok=True)


def spreadsheet_safe(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + text if _NEEDS_GUARD.match(text) else text


def spreadsheet_restore(text: str) -> str:
    """The text :func:`spreadsheet_safe` was given (its exact inverse)."""
    return text[1:] if _GUARDED.match(text) else text
