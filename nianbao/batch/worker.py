"""The per-file function every executor runs: one input in, one picklable outcome out.

It is the same function in a local worker process and on a dask worker; what it returns
is plain data (the file's record, its document as JSON, its crops as PNG bytes), so the
process that owns the output directory can store it without sharing anything else.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..bounds import flag_out_of_bounds
from ..model import Document, Status, TextSource
from ..names import shown
from ..pipeline import extract
from ..settings import Settings
from ..store import FileRecord, document_to_json


@dataclass(frozen=True, slots=True)
class Job:
    """One input file: where it is, and its identity (content hash)."""

    path: str
    digest: str
    name: str
    """The file's own name, as the system gives it (``names.shown`` makes it printable)."""
    document: str = ""
    """The path the user knows it by (relative to a batch's input folder); ``name`` when empty."""


@dataclass(slots=True)
class Outcome:
    record: FileRecord
    document: dict | None = None
    crops: dict[str, bytes] = field(default_factory=dict)


def failed(job: Job, status: str, reason: str, seconds: float = 0.0) -> Outcome:
    """The outcome of a file its worker could not finish (crashed, killed, timed out)."""
    return Outcome(FileRecord(job.digest, shown(job.document or job.name), job.path, status, reason, seconds=round(seconds, 3)))


def source_kind(document: Document) -> str:
    """``digital``, ``scanned``, ``mixed``, ``text`` or ``markup`` (a web page, a Word
    file): how the pages' text was obtained."""
    sources = {p.text_source for p in document.pages}
    if TextSource.MARKUP in sources:
        return "markup"
    if sources == {TextSource.PLAIN_TEXT}:
        return "text"
    if sources == {TextSource.TEXT_LAYER}:
        return "digital"
    if sources and sources <= {TextSource.OCR, TextSource.NONE}:
        return "scanned"
    return "mixed" if sources else ""


def process_file(job: Job, settings: Settings) -> Outcome:
    """Extract one file. Never raises for a bad input: its status and reason say what went wrong."""
    started = time.perf_counter()
    document = extract(Path(job.path), settings)
    flag_out_of_bounds(document, settings)
    document.path = Path(shown(job.document or job.name))  # the path the user knows, not where a worker found it
    document.sha256 = job.digest
    record = FileRecord(
        hash=job.digest,
        name=shown(job.document or job.name),
        path=job.path,
        status=document.status,
        reason="; ".join(document.error_lines),
        pages=len(document.pages),
        kind=source_kind(document),
        seconds=round(time.perf_counter() - started, 3),
        flagged=sum(c.status == Status.FLAGGED for c in document.cells),
    )
    return Outcome(record, document_to_json(document), document.crops)


def process_bytes(job: Job, data: bytes, settings: Settings) -> Outcome:
    """``process_file`` for a worker on another machine, which gets the file's bytes."""
    with tempfile.TemporaryDirectory(prefix="nianbao-") as tmp:
        path = Path(tmp) / Path(job.name).name
        path.write_bytes(data)
        outcome = process_file(Job(str(path), job.digest, job.name, job.document), settings)
    outcome.record.path = job.path
    return outcome
