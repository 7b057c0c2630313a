"""Where the borderless tables are: each report section's lines cut into segments, a
table body with the header lines right above it.

A *value line* ends in numbers (or dashes); a run of value lines, with the label-only
lines among them (a wrapped label, the pieces of a merged label), is a table body, and
the lines right above it are its header.
"""

from __future__ import annotations

from ...model import Section
from ..continuation import alike
from .model import Line, Scale, Segment, rect


def section_blocks(lines: list[Line], sections: list[Section], heading_match: float) -> list[list[Line]]:
    """The lines of each report section (and those before the first), in reading order,
    the section headings themselves left out."""
    starts = sorted((s.page, s.top) for s in sections)
    blocks: list[list[Line]] = [[] for _ in range(len(starts) + 1)]
    for line in lines:
        if any(page == line.page and abs(top - line.top) < heading_match for page, top in starts):
            continue
        k = sum(1 for start in starts if (line.page, line.middle) >= start)
        blocks[k].append(line)
    return [b for b in blocks if b]


def _body_end(lines: list[Line], i: int, scale: Scale) -> int:
    """Where the body opened by value line ``i`` ends: at a line whose values reach
    into the labels, or a line of text that is no label (over the value columns, or
    starting right of where every label ends: the next table's header, a caption)."""
    values = lines[i].values
    left = min(rect(w).x0 for w in values)
    label_right = max((rect(w).x1 for w in lines[i].labels), default=-1.0)
    j = i + 1
    while j < len(lines):
        line = lines[j]
        more = line.values
        if more:
            if min(rect(w).x0 for w in more) < label_right:
                break
            left = min([left, *(rect(w).x0 for w in more)])
            label_right = max([label_right, *(rect(w).x1 for w in line.labels)])
        elif line.right > left - scale.over_values or (label_right > 0 and rect(line.words[0]).x0 > label_right):
            break
        else:
            label_right = max(label_right, line.right)
        j += 1
    return j


def segments(lines: list[Line], scale: Scale, header_similarity: float) -> list[Segment]:
    """The section's tables: each body with the header lines above it (up to a wide gap,
    ``header_lines`` lines, or a line repeating the header at the top of the next page)."""
    out: list[Segment] = []
    i, done = 0, 0
    while i < len(lines):
        if not lines[i].values:
            i += 1
            continue
        j = _body_end(lines, i, scale)
        header: list[Line] = []
        for line in reversed(lines[done:i]):
            below = header[0] if header else lines[i]
            apart = line.page == below.page and below.top - line.bottom > scale.header_gap
            repeated = line.page != lines[i].page and any(alike(line.text, h.text, header_similarity) for h in header)
            if apart or repeated or len(header) == scale.tuning.header_lines:
                break  # a header cut by a page break continues at the top of the next; one repeated there does not
            header.insert(0, line)
        out.append(Segment(header, lines[i:j]))
        i = done = j
    return out


def repeats_header(segment: Segment, prev: Segment, header_similarity: float) -> bool:
    """Whether a body's header repeats the header of the body before (the publisher's
    repeated header on a new page): every header line of its page, read alike."""
    own = [line for line in segment.header if line.page == segment.body[0].page]
    return bool(own) and alike("".join(line.text for line in own), "".join(line.text for line in prev.header[-len(own):]),
                               header_similarity)
