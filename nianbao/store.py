"""The durable state of an output directory: one SQLite file, ``nianbao.sqlite``.

``extract`` and ``batch`` write every finished document here (its cells as JSON, keyed by
the input's content hash) and ``review`` writes every decision a person makes. CSVs are
views rebuilt from it, so a crash between two files, or between two decisions, loses
nothing that was finished: each is committed on its own before the next begins.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from .atomic import write_atomic
from .bounds import flag_out_of_bounds
from .model import Box, Cell, Document, ErrorItem, ErrorKind, GridCell, Page, Section, Status, TableGrid, TextSource
from .names import name_bytes, shown
from .settings import DEFAULT_SETTINGS, Settings

STORE_NAME = "nianbao.sqlite"
ERROR_LOG = "errors.log"
"""Tracebacks of the stages that raised, appended per file, beside the store."""
CROPS_DIR = "crops"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    hash TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    path TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    pages INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL DEFAULT '',
    seconds REAL NOT NULL DEFAULT 0,
    flagged INTEGER NOT NULL DEFAULT 0,
    finished TEXT NOT NULL,
    document TEXT,
    raw_path BLOB
);
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    hash TEXT NOT NULL,
    key TEXT NOT NULL,
    action TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL DEFAULT '',
    time TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0
);
"""


def content_hash(path: Path) -> str:
    """SHA-256 of the file's bytes: the identity of an input, whatever its name or folder."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _box(values: Sequence[float]) -> Box:
    """A box read back from JSON (a list of four numbers)."""
    x0, top, x1, bottom = values
    return (float(x0), float(top), float(x1), float(bottom))


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(slots=True)
class FileRecord:
    """What a batch records about one input file, whatever became of it."""

    hash: str
    name: str
    """The document as the user knows it: its path relative to the batch folder (as given to
    ``extract``); the bare file name in stores written before issue 17."""
    path: str
    status: str
    """``done``, ``partial``, ``no_report``, ``failed`` or ``timed_out``."""
    reason: str = ""
    pages: int = 0
    kind: str = ""
    """``digital``, ``scanned``, ``mixed``, ``text`` or empty when unread."""
    seconds: float = 0.0
    flagged: int = 0


@dataclass(slots=True)
class Decision:
    """One cell settled by a person."""

    hash: str
    key: str
    action: str
    """``accept`` (the proposal), ``value`` (typed) or ``as_printed`` (a publisher error)."""
    old_value: str
    new_value: str
    reason: str = ""
    reviewer: str = ""
    time: str = ""
    id: int = 0


def document_to_json(document: Document) -> dict:
    """Everything export, review and the check report need of a document, without its pixels."""
    return {
        "path": str(document.path),
        "sha256": document.sha256,
        "title": document.title,
        "body": document.body,
        "year": document.year,
        "forms": document.forms,
        "errors": [asdict(e) for e in document.errors],
        # what the error log writes (``_log_failures``), as stores before structured errors had it
        "failures": [{"stage": f.stage, "kind": f.exception, "message": f.message, "traceback": f.traceback} for f in document.failures],
        "source_errors": document.source_errors,
        "pages": [
            {"number": p.number, "width": p.width, "height": p.height, "text_source": str(p.text_source),
             "problem": p.problem, "repairs": p.repairs}
            for p in document.pages
        ],
        "sections": [asdict(s) for s in document.sections],
        "cells": [asdict(c) for c in document.cells],
        "grids": [grid_to_json(g) for g in document.grids],
    }


def grid_to_json(grid: TableGrid) -> dict:
    """A recovered grid's geometry, for the check report's outlines (its words are in the cells)."""
    return {
        "n_rows": grid.n_rows, "n_cols": grid.n_cols, "pages": grid.pages, "col_lines": grid.col_lines,
        "cells": [[c.row, c.col, c.rowspan, c.colspan, c.page, *c.box] for c in grid.cells],
    }


def grid_from_json(data: dict) -> TableGrid:
    cells = [GridCell(row, col, rowspan, colspan, (x0, top, x1, bottom), page)
             for row, col, rowspan, colspan, page, x0, top, x1, bottom in data["cells"]]
    return TableGrid(data["n_rows"], data["n_cols"], cells, data["pages"], data["col_lines"])


def errors_from_json(data: dict) -> list[ErrorItem]:
    """The stored errors. A store written before errors were structured holds their lines
    (and, apart, the stages that raised): those come back with the kind their line tells."""
    items = []
    failures = {f"{f['stage']} failed: {f['kind']}: {f['message']}": f for f in data.get("failures", [])}
    for raw in data["errors"]:
        if isinstance(raw, dict):
            items.append(ErrorItem(**(raw | {"kind": ErrorKind(raw["kind"]), "pages": tuple(raw["pages"])})))
        elif raw in failures:
            f = failures[raw]
            items.append(ErrorItem(f["stage"], ErrorKind.RAISED, f["message"], exception=f["kind"], traceback=f.get("traceback", "")))
        else:
            kind = ErrorKind.NO_REPORT if raw == "no report tables found" else ErrorKind.UNREADABLE
            items.append(ErrorItem("", kind, raw))
    return items


def document_from_json(data: dict) -> Document:
    """The stored document as it was saved (``Store`` checks its values against their bounds,
    ``bounds``, whatever wrote it)."""
    pages = [
        Page(p["number"], p["width"], p["height"], text_source=TextSource(p["text_source"]), problem=p["problem"], repairs=p["repairs"])
        for p in data["pages"]
    ]
    cells = []
    for raw in data["cells"]:
        cell = Cell(**raw)
        cell.status, cell.source = Status(cell.status), TextSource(cell.source)
        cell.box = None if cell.box is None else _box(cell.box)
        cell.alternatives = tuple(tuple((str(t), float(p)) for t, p in alts) for alts in cell.alternatives)
        cells.append(cell)
    document = Document(
        path=Path(data["path"]), pages=pages, title=data["title"], body=data["body"], year=data["year"],
        forms=data["forms"], cells=cells, errors=errors_from_json(data), source_errors=data["source_errors"],
        sections=[Section(**raw) for raw in data.get("sections", [])],
        grids=[grid_from_json(raw) for raw in data.get("grids", [])],  # absent in stores written before the report
        sha256=data.get("sha256", ""),
    )
    return document


class StoreError(Exception):
    """An output directory whose store is missing, empty or damaged; one line for the user."""


def make_output_folder(out_dir: Path) -> None:
    """Create the output folder (and its parents); StoreError when a file has its name."""
    if out_dir.exists() and not out_dir.is_dir():
        raise StoreError(f"output folder {out_dir} is a file, not a folder")
    out_dir.mkdir(parents=True, exist_ok=True)


class Store:
    """The SQLite state of one output directory. Every write is its own transaction.

    ``create=False`` (export, review) refuses a directory without a store, with an empty
    store file, or with a damaged one, rather than make one up: that would turn the
    reviewed values into empty CSVs. SQLite's temporary tables stay in memory, so nothing
    is written outside the output directory.

    ``settings`` are those the documents were read with: their template gives each
    column's kind, by which every document loaded is checked against the value bounds
    (a store written by an older version may hold a number no report prints)."""

    def __init__(self, out_dir: Path, create: bool = True, settings: Settings = DEFAULT_SETTINGS) -> None:
        self.path = out_dir / STORE_NAME
        self.settings = settings
        if create:
            make_output_folder(out_dir)
        elif not self.path.is_file():
            raise StoreError(f"{out_dir} holds no nianbao output (no {STORE_NAME}): run extract or batch first")
        elif self.path.stat().st_size == 0:
            raise StoreError(f"{self.path} is empty (0 bytes): nothing to export or review; run extract or batch again")
        try:
            self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        try:
            self._db.execute("PRAGMA temp_store=MEMORY")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            if (check := self._db.execute("PRAGMA quick_check").fetchone()[0]) != "ok":
                raise sqlite3.DatabaseError(check)
            self._db.executescript(_SCHEMA)
            if "raw_path" not in {row[1] for row in self._db.execute("PRAGMA table_info(files)")}:
                self._db.execute("ALTER TABLE files ADD COLUMN raw_path BLOB")  # a store of an older version
        except sqlite3.Error as exc:
            self._db.close()
            why = "cannot be written" if isinstance(exc, sqlite3.OperationalError) else "is damaged"
            raise StoreError(f"{self.path} {why} ({exc}); restore it or run into a new folder") from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # files ---------------------------------------------------------------

    def status(self, digest: str) -> str | None:
        row = self._db.execute("SELECT status FROM files WHERE hash = ?", (digest,)).fetchone()
        return None if row is None else row[0]

    def stage_failed(self, digest: str) -> bool:
        """True when a stage raised on the stored document (its cells stand, flagged)."""
        document = self.document(digest)
        return document is not None and bool(document.failures)

    def crop_path(self, digest: str, key: str) -> Path:
        """Where the row crop of one cell of one document is kept (it may not exist)."""
        return self.path.parent / CROPS_DIR / digest[:16] / f"{key}.png"

    def save(self, record: FileRecord, document: dict | None = None, crops: dict[str, bytes] | None = None) -> None:
        """Record one finished file: its document (``document_to_json``) when it was read
        at all, and its cells' crops. Crops are written first: a row in ``files`` means
        everything of that file is on disk. Names are stored ``shown``, the path's exact
        bytes beside them (``raw_path``)."""
        for key, png in (crops or {}).items():
            path = self.crop_path(record.hash, key)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, png)
        if document is not None and document.get("failures"):
            self._log_failures(record, document["failures"])
        payload = None if document is None else json.dumps(document, ensure_ascii=False)
        fields = asdict(record) | {"name": shown(record.name), "path": shown(record.path), "finished": now(),
                                   "document": payload, "raw_path": name_bytes(record.path)}
        columns = ", ".join(fields)
        marks = ", ".join("?" for _ in fields)
        self._db.execute(f"INSERT OR REPLACE INTO files ({columns}) VALUES ({marks})", tuple(fields.values()))

    def _log_failures(self, record: FileRecord, failures: list[dict]) -> None:
        with (self.path.parent / ERROR_LOG).open("a", encoding="utf-8", errors="backslashreplace") as log:
            for failure in failures:
                log.write(f"{now()} {record.path} ({record.hash[:16]}): {failure['stage']} failed\n{failure['traceback']}\n")

    def records(self) -> list[FileRecord]:
        names = [f for f in FileRecord.__dataclass_fields__]
        rows = self._db.execute(f"SELECT {', '.join(names)} FROM files ORDER BY name, path")
        return [FileRecord(*row) for row in rows]

    def documents(self) -> Iterator[tuple[str, Document]]:
        """(hash, document) of every file read, in a stable order (name, then path)."""
        rows = self._db.execute("SELECT hash, name, document FROM files WHERE document IS NOT NULL ORDER BY name, path")
        for digest, name, payload in rows:
            document = self._loaded(name, payload)
            document.sha256 = digest  # the key it is stored under, in stores of any version
            yield digest, document

    def document(self, digest: str) -> Document | None:
        row = self._db.execute("SELECT name, document FROM files WHERE hash = ?", (digest,)).fetchone()
        if row is None or row[1] is None:
            return None
        document = self._loaded(*row)
        document.sha256 = digest
        return document

    def _loaded(self, name: str, payload: str) -> Document:
        try:
            document = document_from_json(json.loads(payload))
            flag_out_of_bounds(document, self.settings)
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{self.path}: the stored document of {name} is damaged ({type(exc).__name__}: {exc})") from exc
        return document

    # decisions -----------------------------------------------------------

    def decide(self, decision: Decision) -> int:
        cursor = self._db.execute(
            "INSERT INTO decisions (hash, key, action, old_value, new_value, reason, reviewer, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (decision.hash, decision.key, decision.action, decision.old_value, decision.new_value,
             decision.reason, decision.reviewer, decision.time or now()),
        )
        if cursor.lastrowid is None:
            raise StoreError("the decision was not stored")
        return cursor.lastrowid

    def undo_last(self) -> Decision | None:
        """Take back the latest standing decision; it stays in the log, marked undone."""
        last = self._decisions("WHERE undone = 0 ORDER BY id DESC LIMIT 1")
        if not last:
            return None
        self._db.execute("UPDATE decisions SET undone = 1 WHERE id = ?", (last[0].id,))
        return last[0]

    def decisions(self) -> list[Decision]:
        """Standing decisions, oldest first (a later one for the same cell wins)."""
        return self._decisions("WHERE undone = 0 ORDER BY id")

    def _decisions(self, where: str) -> list[Decision]:
        rows = self._db.execute(
            f"SELECT hash, key, action, old_value, new_value, reason, reviewer, time, id FROM decisions {where}"
        )
        return [Decision(*row) for row in rows]
