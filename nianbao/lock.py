"""One writer per output directory: a lock file held while a command writes the CSVs.

Two batches on one folder would do every file twice and interleave their rows in the
live CSVs. ``flock`` is released by the kernel when the holder exits, however it exits,
so a killed batch never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = "nianbao.lock"


class Locked(Exception):
    """Another process writes to the output directory; one line for the user."""


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold the output directory's lock for the block, or raise ``Locked`` at once. A
    folder that does not exist has no writer to exclude (the command will refuse it or
    create it)."""
    if not out_dir.is_dir():
        yield
        return
    fd = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise Locked(f"another nianbao command (pid {holder}) is writing to {out_dir}; "
                         "wait for it to finish, or use another output folder") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)
