"""Library chatter goes to a log file in the output folder, not over the progress bar.

pdfminer warns once per odd font ("Could not get FontBBox…", a hundred lines for one
scraped report), HiGHS and onnxruntime print from C straight to the process's stdout and
stderr. None of it is for the person at the terminal. A command names the log file
(``OUTPUT_DIR/nianbao.log``); its own logging goes there, and every worker process it
spawns (which inherit the environment) points its file descriptors 1 and 2 there too, so
that even what C libraries print lands in the file. ``-v`` (INFO) or ``-vv`` (DEBUG)
keeps it all on the terminal as well, at that level in every process: a worker logs to
the same file at the level the command line chose, and echoes to the terminal.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOG_NAME = "nianbao.log"
LOG_ENV = "NIANBAO_LOG_FILE"
"""Set by the command for its worker processes: where their output goes."""
LEVEL_ENV = "NIANBAO_LOG_LEVEL"
"""Set by the command for its worker processes: the logging level of the command line."""
ECHO_ENV = "NIANBAO_LOG_ECHO"
"""Set (to 1) by a verbose command: its workers leave their output on the terminal too."""
_FORMAT = "%(asctime)s %(process)d %(name)s %(levelname)s %(message)s"
LEVELS = (logging.WARNING, logging.INFO, logging.DEBUG)
"""The logging level of no ``-v``, ``-v`` and ``-vv`` (or more)."""


def level_of(verbosity: int) -> int:
    """The logging level a number of ``-v`` asks for."""
    return LEVELS[min(max(verbosity, 0), len(LEVELS) - 1)]


def _handler(handler: logging.Handler) -> logging.Handler:
    handler.setFormatter(logging.Formatter(_FORMAT))
    return handler


def _file_handler(path: Path | str) -> logging.Handler:
    return _handler(logging.FileHandler(path, encoding="utf-8", errors="backslashreplace"))


@contextmanager
def routed_logs(out_dir: Path, verbosity: int = 0) -> Iterator[Path]:
    """For the block, send this process's logging, and its workers' output, to
    ``out_dir``'s log at the level ``verbosity`` (the count of ``-v``) asks for; when
    verbose, to the terminal as well (and leave the workers' output there). Everything is
    as before after the block."""
    path = out_dir / LOG_NAME
    level = level_of(verbosity)
    handlers = [_file_handler(path)] + ([_handler(logging.StreamHandler())] if verbosity else [])
    root, root_level = logging.getLogger(), logging.getLogger().level
    env = {name: os.environ.get(name) for name in (LOG_ENV, LEVEL_ENV, ECHO_ENV)}
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    os.environ.update({LOG_ENV: str(path), LEVEL_ENV: logging.getLevelName(level)})
    if verbosity:
        os.environ[ECHO_ENV] = "1"
    else:
        os.environ.pop(ECHO_ENV, None)
    try:
        yield path
    finally:
        for handler in handlers:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(root_level)
        for name, value in env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def worker_logs() -> None:
    """In a worker process: log at the command's level (``LEVEL_ENV``) to the command's
    log file (``LOG_ENV``). Unless the command was verbose (``ECHO_ENV``), its stdout and
    stderr become that file, so nothing a library prints reaches the terminal; when it
    was, the worker's logging goes to the terminal as well."""
    target = os.environ.get(LOG_ENV)
    if not target:
        return
    root = logging.getLogger()
    if os.environ.get(ECHO_ENV):
        with contextlib.suppress(OSError):  # the terminal only: a worker never fails over its log
            root.addHandler(_file_handler(target))
        root.addHandler(_handler(logging.StreamHandler()))
    else:
        try:
            fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError:
            return  # the terminal then: a worker never fails over its log
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)
        root.addHandler(_handler(logging.StreamHandler()))  # now the log file, through fd 2
    root.setLevel(os.environ.get(LEVEL_ENV, logging.getLevelName(logging.WARNING)))
