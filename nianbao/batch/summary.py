"""The batch summary: what became of every file, and hints across the years of a publisher.

Breaks between consecutive years (this year's 上年结转 against last year's 结转下年度, the
现行有效件数 chain) are listed as hints for a person; publishers break them often, so they
never change a number.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_atomic
from ..model import Document, Status
from ..reconcile.correct import TRUSTED
from ..store import FileRecord
from ..template import Template, YearLink

SLOWEST = 10


@dataclass(frozen=True, slots=True)
class YearBreak:
    body: str
    year: int
    link: str
    binding: str
    this_side: int
    other_side: int
    documents: tuple[str, str]

    def describe(self) -> str:
        return (f"{self.body} {self.year - 1}→{self.year}: {self.link} [{self.binding}]: "
                f"{self.this_side} ≠ {self.other_side} ({self.documents[1]} vs {self.documents[0]})")


@dataclass(frozen=True, slots=True)
class PanelRow:
    """What the summary keeps of one document: small, so a batch of any size fits."""

    name: str
    body: str
    year: int | None
    values: dict[str, int]
    """Trusted whole numbers by key (read, corrected or reviewed; never flagged)."""
    flagged: int
    source_errors: tuple[str, ...]
    unplaced: str = ""
    """Why the panel cannot place or wholly hold this document (no body or year in the
    title, cells lost), empty when it can."""


def unplaced(document: Document) -> str:
    """Why the document's row of the panel is incomplete: body or year not in the title,
    or (a partial document) how many cells were lost and why; empty when it is whole."""
    why = []
    if not document.body or document.year is None:
        lacking = " and ".join(n for n, v in (("body", document.body), ("year", document.year)) if v in ("", None))
        why.append(f"no {lacking} in the title ({document.title!r})" if document.title else f"no {lacking}: no title found")
    if document.status == "partial":
        lost = sum(c.status == Status.MISSING for c in document.cells)
        why.append(f"partial: {lost} cells lost" + (f" ({'; '.join(document.error_lines)})" if document.errors else ""))
    return "; ".join(why)


def panel_row(document: Document) -> PanelRow:
    values = {c.key: int(c.value) for c in document.cells
              if c.status in TRUSTED and c.value.isascii() and c.value.lstrip("-").isdigit()}
    body = unicodedata.normalize("NFKC", document.body).replace(" ", "")
    flagged = sum(c.status == Status.FLAGGED for c in document.cells)
    listed = document.status in ("failed", "no_report")  # already among the problems
    return PanelRow(document.identity, body, document.year, values, flagged, tuple(document.source_errors),
                    "" if listed else unplaced(document))


def _bindings(link: YearLink, keys: set[str]) -> set[str]:
    """Values the ``*`` of a link's first term takes among ``keys``."""
    pattern = link.lhs[0][2]
    if "*" not in pattern:
        return {""}
    regex = re.compile(re.escape(pattern).replace(r"\*", "([^.]+)"))
    return {m.group(1) for k in keys if (m := regex.fullmatch(k))}


def _side(terms: tuple[tuple[int, str, str], ...], binding: str, years: dict[str, dict[str, int]]) -> int | None:
    total = 0
    for sign, year, pattern in terms:
        value = years[year].get(pattern.replace("*", binding))
        if value is None:
            return None
        total += sign * value
    return total


def year_breaks(rows: list[PanelRow], template: Template) -> list[YearBreak]:
    """Every year link (of ``template``) broken between two consecutive years of one body in the panel."""
    panel: dict[tuple[str, int], PanelRow] = {}
    for row in rows:
        if row.body and row.year is not None:
            panel.setdefault((row.body, row.year), row)
    breaks = []
    for (body, year), this in sorted(panel.items()):
        last = panel.get((body, year - 1))
        if last is None:
            continue
        years = {"this": this.values, "last": last.values}
        for link in template.year_links:
            for binding in sorted(_bindings(link, set(years["this"]) | set(years["last"]))):
                left, right = _side(link.lhs, binding, years), _side(link.rhs, binding, years)
                if left is not None and right is not None and left != right:
                    breaks.append(YearBreak(body, year, link.name, binding, left, right, (last.name, this.name)))
    return breaks


def summarize(records: list[FileRecord], rows: list[PanelRow], duplicates: list[tuple[str, str]],
              skipped: list[tuple[str, str]], template: Template) -> dict:
    """The batch summary as plain data (written as summary.json and summary.md)."""
    by_status = Counter(r.status for r in records)
    slowest = sorted(records, key=lambda r: -r.seconds)[:SLOWEST]
    return {
        "files": len(records),
        "by_status": dict(sorted(by_status.items())),
        "pages": sum(r.pages for r in records),
        "flagged_cells": sum(r.flagged for r in rows),
        "source_errors": {r.name: list(r.source_errors) for r in rows if r.source_errors},
        "problems": {r.name: f"{r.status}: {r.reason}" for r in records if r.status in ("failed", "timed_out", "no_report")},
        "unplaced": {r.name: r.unplaced for r in rows if r.unplaced},
        "slowest": [{"name": r.name, "seconds": r.seconds, "pages": r.pages, "kind": r.kind} for r in slowest],
        "year_breaks": [b.describe() for b in year_breaks(rows, template)],
        "duplicates": [{"path": p, "same_as": q} for p, q in duplicates],
        "skipped": [{"path": p, "reason": why} for p, why in skipped],
    }


def _markdown(summary: dict) -> str:
    lines = ["# nianbao batch summary", "", f"{summary['files']} files, {summary['pages']} pages, "
             f"{summary['flagged_cells']} flagged cells.", "", "| status | files |", "|---|---|"]
    lines += [f"| {status} | {n} |" for status, n in summary["by_status"].items()]
    sections = [
        ("Files that failed, timed out or held no report", [f"{k}: {v}" for k, v in summary["problems"].items()]),
        ("Documents the panel holds in part (body or year unread, cells lost)",
         [f"{k}: {v}" for k, v in summary.get("unplaced", {}).items()]),
        ("Publishers' own arithmetic errors", [f"{k}: {e}" for k, errs in summary["source_errors"].items() for e in errs]),
        ("Breaks between consecutive years (hints, not fixes)", summary["year_breaks"]),
        ("Slowest files", [f"{s['name']}: {s['seconds']:.1f} s, {s['pages']} pages, {s['kind']}" for s in summary["slowest"]]),
        ("Duplicates (same content, processed once)", [f"{d['path']} = {d['same_as']}" for d in summary["duplicates"]]),
        ("Not inputs", [f"{s['path']}: {s['reason']}" for s in summary["skipped"]]),
    ]
    for title, items in sections:
        if items:
            lines += ["", f"## {title}", ""] + [f"- {item}" for item in items]
    return "\n".join(lines) + "\n"


def write_summary(summary: dict, out_dir: Path) -> list[Path]:
    json_path, md_path = out_dir / "summary.json", out_dir / "summary.md"
    write_atomic(json_path, json.dumps(summary, ensure_ascii=False, indent=1))
    write_atomic(md_path, _markdown(summary))
    return [json_path, md_path]
