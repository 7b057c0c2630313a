"""Library chatter goes to a log file in the output folder, not over the progress bar.

pdfminer warns once per odd font ("Could not get FontBBox…", a hundred lines for one
scraped report), HiGHS and onnxruntime print from C straight to the process's stdout and
stderr. None of it is for the person at the terminal. A command names the log file
(``OUTPUT_DIR/nianbao.log``); its own logging goes there, and every worker process it
spawns (which inherit the environment) points its file descriptors 1 and 2 there too, so
that even what C libraries print lands in the file. ``-v`` keeps it all on the terminal.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOG_NAME = "nianbao.log"
LOG_ENV = "NIANBAO_LOG_FILE"
"""Set by the command for its worker processes: where their output goes."""
_FORMAT = "%(asctime)s %(process)d %(name)s %(levelname)s %(message)s"


@contextmanager
def routed_logs(out_dir: Path, verbose: bool = False) -> Iterator[Path]:
    """For the block, send this process's logging, and its workers' output, to
    ``out_dir``'s log; with ``verbose``, to the terminal as well (and leave the workers'
    output there). Everything is as before after the block."""
    path = out_dir / LOG_NAME
    handlers: list[logging.Handler] = [logging.FileHandler(path, encoding="utf-8", errors="backslashreplace")]
    handlers[0].setFormatter(logging.Formatter(_FORMAT))
    if verbose:
        handlers.append(logging.StreamHandler())
    root, level, env = logging.getLogger(), logging.getLogger().level, os.environ.get(LOG_ENV)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    if not verbose:
        os.environ[LOG_ENV] = str(path)
    try:
        yield path
    finally:
        for handler in handlers:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)
        if env is None:
            os.environ.pop(LOG_ENV, None)
        else:
            os.environ[LOG_ENV] = env


def quiet_libraries() -> None:
    """In a worker process: when the command asked for it (``LOG_ENV``), its stdout and
    stderr become the log file, so nothing a library prints reaches the terminal."""
    target = os.environ.get(LOG_ENV)
    if not target:
        return
    try:
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError:
        return  # the terminal then: a worker never fails over its log
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    handler = logging.StreamHandler()  # now the log file, through fd 2
    handler.setFormatter(logging.Formatter(_FORMAT))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.WARNING)
