"""Output files written whole or not at all: a temporary file beside the target, fsync, rename.

A reader (Excel, a script, the next run) sees either the previous file or the new one,
never a truncated one: a SIGKILL, a full disk or an exception halfway through an export
leaves the previous CSVs as they were. The temporary file is in the same folder, so the
rename is atomic on every POSIX file system.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

TEMP_SUFFIX = ".partial"
"""Ending of a file being written; one left by a killed process is removed on the next write."""


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (its directory entry reaches the disk)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temporary_path(path: Path) -> Path:
    return path.with_name(f".{path.name}{TEMP_SUFFIX}")


def open_temporary(path: Path, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None) -> IO:
    """The temporary file that ``commit`` turns into ``path``."""
    return temporary_path(path).open(mode, encoding=None if "b" in mode else encoding, newline=newline)


def commit(handle: IO, path: Path) -> None:
    """Flush and fsync ``handle`` (from ``open_temporary(path)``), then rename it over ``path``."""
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()
    os.replace(temporary_path(path), path)
    _sync_folder(path.parent)


def discard(handle: IO, path: Path) -> None:
    """Close and remove the temporary file; ``path`` stays as it was."""
    handle.close()
    temporary_path(path).unlink(missing_ok=True)


@contextmanager
def atomic_open(path: Path, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None) -> Iterator[IO]:
    """Open ``path`` for writing as a temporary file that replaces it only when the block
    ends without an exception; on an exception the temporary file is removed."""
    handle = open_temporary(path, mode, encoding, newline)
    try:
        yield handle
    except BaseException:
        discard(handle, path)
        raise
    commit(handle, path)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` whole or not at all."""
    with atomic_open(path, "wb" if isinstance(data, bytes) else "w") as handle:
        handle.write(data)
