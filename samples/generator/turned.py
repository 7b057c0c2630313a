"""Turned pages of a digital report, as publishers' PDFs have them.

    python -m samples.generator.turned SRC.pdf OUT.pdf --angle 90 --pages 2 3 [--against]

Two ways a page comes with ``/Rotate``:

- *drawn for it* (default): the content is drawn turned back by the angle, so the page
  reads upright in a viewer. A Word landscape section exports so: a portrait page with
  ``/Rotate 90`` and the table drawn sideways on it.
- *against it* (``--against``): the content stays as drawn and the page is shown turned:
  a table page printed sideways, its text running down or up the screen.

The truth of the source report is the truth of the result: what is printed is unchanged.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pypdf import PdfWriter, Transformation


def turn_pages(source: Path, target: Path, angle: int, pages: list[int] | None, against: bool) -> None:
    """Write ``source`` to ``target`` with the given pages (numbered from 1; all when None)
    turned by ``angle`` (90, 180 or 270) degrees."""
    writer = PdfWriter(clone_from=source)
    for number, page in enumerate(writer.pages, start=1):
        if pages and number not in pages:
            continue
        if not against:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            shift = {90: (height, 0.0), 180: (width, height), 270: (0.0, width)}[angle]
            page.add_transformation(Transformation().rotate(angle).translate(*shift))
            size = (width, height) if angle == 180 else (height, width)
            for box in (page.mediabox, page.cropbox):
                box.lower_left, box.upper_right = (0, 0), size
        page.rotate(angle)
    writer.write(target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--angle", type=int, choices=(90, 180, 270), default=90)
    parser.add_argument("--pages", type=int, nargs="*", help="pages to turn, from 1 (default: all)")
    parser.add_argument("--against", action="store_true", help="turn the page against its content (text runs sideways)")
    args = parser.parse_args()
    turn_pages(args.source, args.target, args.angle, args.pages, args.against)


if __name__ == "__main__":
    main()
