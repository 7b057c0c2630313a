"""Text that a spreadsheet shows as text, never runs as a formula (CSV injection).

Excel, LibreOffice and Google Sheets evaluate a cell that begins with ``=``, ``+``, ``-``
or ``@`` (and, after a tab or carriage return, what follows); a scraped file named
``=1+2.pdf`` or a label printed as ``-（一）…`` would become a formula. The OWASP rule is
applied to every field nianbao writes for a spreadsheet (CSV, xlsx): such a field gets a
leading apostrophe, which the spreadsheet hides. A field that is a plain number (``-3``,
``24252.311082``) is left as it is, so that numbers stay numbers. The JSON and parquet
outputs, read by programs, keep the text exactly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet cell a formula (OWASP CSV injection)."""
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def safe_text(text: str) -> str:
    """``text``, prefixed with ``'`` when a spreadsheet would take it for a formula."""
    if text.startswith(TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def safe_row(row: Mapping[str, object]) -> dict[str, object]:
    """A CSV row with every text field made safe; other values as they are."""
    return {key: safe_text(value) if isinstance(value, str) else value for key, value in row.items()}
