"""File names of any bytes: kept as the system gives them, shown escaped.

A name copied from Windows or unpacked from a zip may hold GBK bytes that are not UTF-8;
Python keeps them as lone surrogates (``surrogateescape``), which neither SQLite, JSON
nor a terminal accepts. Everything a person reads (CSV, summary, log, screen) gets the
``shown`` form: undecodable bytes as ``\\xNN``, control characters (terminal escapes
among them) as ``\\x1b``-style escapes. The exact bytes are kept in the store.
"""

from __future__ import annotations

import os


def name_bytes(name: str) -> bytes:
    """The name's bytes exactly as on disk."""
    return os.fsencode(name)


def shown(name: str) -> str:
    """``name`` as printable UTF-8 text: bad bytes and control characters escaped."""
    text = name_bytes(name).decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
