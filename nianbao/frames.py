"""pandas frames of nianbao's outputs, typed: the long one (a row per cell) and the wide
panel (a row per document).

They are built from the documents themselves, not by parsing the CSVs back, so nothing
of the spreadsheet-safety prefix (``export.safe``) or of CSV's all-text columns gets in:
counts are nullable integers (``Int64``: an unread cell is ``<NA>``, never 0), amounts in
the panel are exact ``decimal.Decimal`` in the template's ``panel_unit`` (万元), text is
pandas ``string``. pandas is an optional dependency (``pip install 'nianbao[analysis]'``);
it is imported on first use.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from .export import CELL_COLUMNS, REPORT_COLUMNS, cell_record, report_record
from .export.panel import COUNT_COLUMNS, amount_keys
from .model import Document
from .template import Template

if TYPE_CHECKING:
    import pandas

def _pandas():
    try:
        import pandas
    except ImportError as exc:  # the extra is not installed
        raise ImportError("nianbao's data frames need pandas: pip install 'nianbao[analysis]'") from exc
    return pandas


def _integer(text: str) -> int | None:
    return int(text) if text.lstrip("-").isdigit() and text.isascii() else None


def cells_frame(documents: Iterable[Document], template: Template) -> pandas.DataFrame:
    """One row per cell: the columns of ``cells.csv`` plus ``key``, and ``number``, the
    value of a count cell as a nullable integer (amounts stay decimal text in ``value``,
    with their printed ``unit``)."""
    pd = _pandas()
    amounts = amount_keys(template)
    rows = []
    for document in documents:
        for cell in document.cells:
            row: dict[str, object] = dict(cell_record(document, cell))
            row |= {"page": cell.page, "score": cell.score, "key": cell.key,
                    "number": None if cell.key in amounts else _integer(cell.value)}
            rows.append(row)
    frame = pd.DataFrame(rows, columns=[*CELL_COLUMNS, "key", "number"])
    typed = {column: "string" for column in CELL_COLUMNS}
    return frame.astype(typed | {"page": "Int64", "score": "Float64", "key": "string", "number": "Int64"})


def panel_frame(documents: Iterable[Document], template: Template) -> pandas.DataFrame:
    """One row per document: the columns of ``reports.csv``, counts as ``Int64``, amounts
    as exact ``Decimal`` in the template's ``panel_unit``, empty cells ``<NA>``."""
    pd = _pandas()
    amounts = amount_keys(template)
    keys = template.all_keys()
    columns = [*REPORT_COLUMNS, *keys]
    records = [report_record(document, template) for document in documents]
    frame = pd.DataFrame(records, columns=columns)
    integers = ["year", *COUNT_COLUMNS, *(k for k in keys if k not in amounts)]
    for column in integers:
        frame[column] = pd.array([_integer(v) for v in frame[column]], dtype="Int64")
    for column in (k for k in keys if k in amounts):
        frame[column] = pd.Series([Decimal(v) if v else pd.NA for v in frame[column]], dtype=object)
    texts = [c for c in REPORT_COLUMNS if c not in integers]
    return frame.astype({c: "string" for c in texts})
