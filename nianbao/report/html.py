"""The pieces every report page is made of: the page shell, the status legend, bar charts.

Plain HTML and CSS with one small script, all relative links: the report opens from a
file:// URL and keeps working when its folder is copied elsewhere; nothing is fetched.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape

from ..model import Status

STATUS_ORDER = (Status.FLAGGED, Status.MISSING, Status.CORRECTED, Status.REVIEWED, Status.BLANK, Status.OK)
"""Statuses from the one that most needs a person to the one that least does."""
STATUS_NAMES = {
    Status.OK: "ok 正常", Status.BLANK: "blank 空白（按0）", Status.CORRECTED: "corrected 已更正",
    Status.FLAGGED: "flagged 待核", Status.MISSING: "missing 未读到", Status.REVIEWED: "reviewed 已复核",
}


def shell(title: str, body: str, root: str = "") -> str:
    """A whole HTML page; ``root`` is the relative way back to the report folder."""
    return (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        f'<link rel="stylesheet" href="{root}report.css"><script src="{root}report.js" defer></script>'
        f"</head><body>\n{body}\n</body></html>\n"
    )


def json_script(element_id: str, data: object) -> str:
    """Data for the script, inert inside the page (``</`` cannot close the element)."""
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/json" id="{element_id}">{payload}</script>'


def legend(counts: Mapping[str, int] | None = None) -> str:
    """The status colours, each with its count when counts are given."""
    items = []
    for status in STATUS_ORDER:
        n = "" if counts is None else f" <b>{counts.get(status, 0)}</b>"
        items.append(f'<span class="chip st-{status}">{escape(STATUS_NAMES[status])}{n}</span>')
    return f'<div class="legend">{"".join(items)}</div>'


def bars(items: list[tuple[str, float, str]], unit: str = "") -> str:
    """A horizontal bar chart in plain HTML: (label, amount, css class) per bar."""
    top = max((amount for _, amount, _ in items), default=0) or 1
    rows = []
    for label, amount, css in items:
        shown = f"{amount:g}{unit}"
        rows.append(
            f'<div class="bar-row"><span class="bar-label">{escape(label)}</span>'
            f'<span class="bar-track"><span class="bar {css}" style="width:{100 * amount / top:.1f}%"></span></span>'
            f'<span class="bar-value">{escape(shown)}</span></div>'
        )
    return f'<div class="bars">{"".join(rows)}</div>'


def items_list(items: list[str], empty: str) -> str:
    if not items:
        return f'<p class="none">{escape(empty)}</p>'
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"
