"""Decide whether a page's text layer can be trusted.

Scraped reports often carry a text layer that is worse than none: fonts without a
ToUnicode map come out as ``(cid:123)``, symbol fonts as private-use code points, broken
encodings as runs of Latin-1 accents. Such a page must go to OCR, never into the table.
"""

from __future__ import annotations

import unicodedata

_PRIVATE_USE = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))


def _is_unreadable(char: str) -> bool:
    if char.startswith("(cid:"):
        return True
    if len(char) != 1:
        return False
    code = ord(char)
    if code == 0xFFFD or any(lo <= code <= hi for lo, hi in _PRIVATE_USE):
        return True
    category = unicodedata.category(char)
    if category in ("Cc", "Co", "Cn", "Cs"):
        return True
    # Mojibake of GBK read as Latin-1 lands in Latin-1 Supplement / Latin Extended letters.
    return 0x00C0 <= code <= 0x024F


def text_layer_problem(chars: list[str], garbled_share: float) -> str | None:
    """Why this page's characters cannot be trusted, or None when they can."""
    if not chars:
        return "no text layer"
    cids = sum(1 for c in chars if c.startswith("(cid:"))
    unreadable = sum(1 for c in chars if _is_unreadable(c))
    share = unreadable / len(chars)
    if share <= garbled_share:
        return None
    if cids >= unreadable / 2:
        return f"text layer is font codes without a Unicode map ({cids} of {len(chars)} characters are (cid:N))"
    return f"text layer is garbled ({unreadable} of {len(chars)} characters unreadable)"
