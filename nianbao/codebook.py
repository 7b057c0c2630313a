"""The codebook: every canonical key with its table, Chinese labels, forms, kind and unit.

An analyst reading ``reports.csv`` needs to know what ``applications.results_total.total``
is as printed (the labels of the national template), in which form(s) it exists, whether
it is a count or an amount, and in which unit the panel holds it. All of it is in the
template TOML shipped in the package; this module lays it out one row per key.
"""

from __future__ import annotations

import csv
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import TextIO

from .atomic import atomic_open
from .export.safe import safe_text
from .template import Label, Template

LABEL_JOIN = "｜"
"""Between the labels a key has in different forms, when they differ."""


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    table: str
    table_heading: str
    row: str
    row_label: str
    column: str
    column_label: str
    forms: str
    """The forms holding the key, e.g. ``2019;2021``."""
    kind: str
    """``count``, ``signed`` or ``amount``."""
    unit: str
    """The unit of the panel's column: 万元 for amounts, empty for counts."""


CODEBOOK_COLUMNS = [f.name for f in fields(Entry)]


def _printed(label: Label) -> str:
    return f"{label.group} / {label.label}" if label.group else label.label


def _joined(labels: list[str]) -> str:
    return LABEL_JOIN.join(dict.fromkeys(labels))


def codebook(template: Template) -> list[Entry]:
    """One entry per canonical key, in template order."""
    seen: dict[str, list[tuple[str, Label, Label]]] = {}
    for table in template.tables:
        for form in table.forms:
            for row, col in form.cells:
                seen.setdefault(f"{table.key}.{row}.{col}", []).append((form.form, form.row(row), form.column(col)))
    entries = []
    for key, uses in seen.items():
        table_key, row, col = key.split(".")
        table = template.table(table_key)
        kind = uses[0][2].kind
        entries.append(Entry(
            key=key, table=table_key, table_heading=f"{table.section}、{table.heading}", row=row,
            row_label=_joined([_printed(r) for _, r, _ in uses]), column=col,
            column_label=_joined([_printed(c) for _, _, c in uses]), forms=";".join(f for f, _, _ in uses),
            kind=kind, unit=template.panel_unit if kind == "amount" else "",
        ))
    return entries


def write_codebook(path: Path, template: Template, encoding: str = "utf-8-sig") -> int:
    """The codebook as a spreadsheet-safe CSV; return the number of keys."""
    entries = codebook(template)
    with atomic_open(path, "w", encoding, "") as handle:
        writer = csv.writer(handle)
        writer.writerow(CODEBOOK_COLUMNS)
        writer.writerows([safe_text(str(v)) for v in astuple(e)] for e in entries)
    return len(entries)


def print_codebook(out: TextIO, template: Template) -> None:
    """The codebook for a person: one line per key, grouped under its table."""
    heading = ""
    for e in codebook(template):
        if e.table_heading != heading:
            heading = e.table_heading
            print(f"\n{heading} ({e.table})", file=out)
        unit = f" [{e.unit}]" if e.unit else ""
        print(f"  {e.key}  {e.kind}{unit}  forms {e.forms}  {e.row_label} × {e.column_label}", file=out)
