"""Group words into printed lines: shared by cell text, title reading and page-break checks."""

from __future__ import annotations

from .model import Word


def group_lines(words: list[Word], overlap: float = 0.5) -> list[list[Word]]:
    """Lines top to bottom, each left to right. A word joins a line when its centre lies
    within ``overlap`` of its own height from the line's first word's centre."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.center[1]):
        height = word.box[3] - word.box[1]
        if lines and abs(lines[-1][0].center[1] - word.center[1]) < height * overlap:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.box[0]) for line in lines]
