"""``--format xlsx`` and ``--format parquet``: the same outputs for Excel and for programs.

``nianbao.xlsx`` has three sheets, ``cells`` (as ``cells.csv``), ``panel`` (as
``reports.csv``) and ``codebook``; it is written row by row (openpyxl's write-only mode),
so a batch of any size fits in memory. A number is written as a number when the cell
holds exactly that number (a count; an amount a float holds exactly), otherwise as text;
every text is spreadsheet-safe (``safe``). ``cells.parquet`` and ``panel.parquet`` are the
typed frames of ``nianbao.frames``. Both need an extra: ``pip install 'nianbao[analysis]'``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import astuple
from decimal import Decimal
from pathlib import Path

from ..atomic import atomic_open
from ..model import Document
from ..template import Template
from .panel import COUNT_COLUMNS
from .safe import safe_text

XLSX_NAME = "nianbao.xlsx"
_INTEGER = re.compile(r"-?\d{1,15}")
_DECIMAL = re.compile(r"-?\d+\.\d+")
CELL_NUMBER_COLUMNS = frozenset({"value", "page", "score"})


def _needs(module: str) -> None:
    try:
        __import__(module)
    except ImportError as exc:
        raise ImportError(f"this format needs {module}: pip install 'nianbao[analysis]'") from exc


def sheet_value(text: str, numeric: bool) -> object:
    """What a sheet cell holds for ``text``: None when empty, a number when ``numeric`` and
    the number is exact in a spreadsheet, else the text made safe."""
    if not text:
        return None
    if numeric and _INTEGER.fullmatch(text):
        return int(text)
    if numeric and _DECIMAL.fullmatch(text) and Decimal(repr(float(text))) == Decimal(text):
        return float(text)
    return safe_text(text)


def _values(record: dict[str, str], columns: list[str], numeric: Callable[[str], bool]) -> list[object]:
    return [sheet_value(record[c], numeric(c)) for c in columns]


def write_xlsx(documents: Iterable[Document], out_dir: Path, template: Template) -> list[Path]:
    """``nianbao.xlsx``: sheets cells, panel and codebook. The documents are read once;
    the panel's rows are kept (one small row per document) until the cells are written."""
    _needs("openpyxl")
    from openpyxl import Workbook

    from ..codebook import CODEBOOK_COLUMNS, codebook
    from . import CELL_COLUMNS, REPORT_COLUMNS, cell_record, report_record

    keys = template.all_keys()
    book = Workbook(write_only=True)
    cells, panel, codes = (book.create_sheet(name) for name in ("cells", "panel", "codebook"))
    cells.append(CELL_COLUMNS)
    panel_records = []
    for document in documents:
        for cell in document.cells:
            cells.append(_values(cell_record(document, cell), CELL_COLUMNS, CELL_NUMBER_COLUMNS.__contains__))
        panel_records.append(report_record(document, template))
    panel_columns, numbers = [*REPORT_COLUMNS, *keys], {"year", *COUNT_COLUMNS, *keys}
    panel.append(panel_columns)
    for record in panel_records:
        panel.append(_values(record, panel_columns, numbers.__contains__))
    codes.append(CODEBOOK_COLUMNS)
    for entry in codebook(template):
        codes.append([safe_text(str(v)) for v in astuple(entry)])
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / XLSX_NAME
    with atomic_open(path, "wb") as handle:
        book.save(handle)
    return [path]


def write_parquet(documents: list[Document], out_dir: Path, template: Template) -> list[Path]:
    """``cells.parquet`` and ``panel.parquet``: the typed frames (amounts as decimals)."""
    _needs("pyarrow")
    from ..frames import cells_frame, panel_frame

    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in (("cells", cells_frame(documents, template)), ("panel", panel_frame(documents, template))):
        path = out_dir / f"{name}.parquet"
        with atomic_open(path, "wb") as handle:
            frame.to_parquet(handle, index=False)
        paths.append(path)
    return paths
