"""Corpora of the inputs a scraped folder holds besides PDFs drawn by reportlab (issue 15):
web pages, Word files, Word files whose tables were pasted as pictures, and digital PDFs
whose tables are pictures, among them one whose table 三 is two pictures on two pages.

    python -m samples.generator.inputs OUT_DIR --kind KIND --count 10 --seed 15 [--numbers thousands] [--error-share 0.1]

Kinds: ``html`` (tables as markup, the first page GBK-encoded), ``html-pictures`` (tables
as pictures beside the page or as data: URIs), ``docx`` (the national template's merged
cells), ``docx-pictures`` (each table replaced by a screenshot of it), ``pdf-pictures``
(the pictured web pages printed by Chromium: a text layer, tables as images),
``pdf-split`` (the same, table 三 cut in two pictures, one per page). The writers are
web.py and word.py, the printing print.py; ``--numbers`` prints the counts with
thousands separators, in full-width digits or zero as a dash (render.printed_number).
"""

from __future__ import annotations

import argparse
import io
import random
import tempfile
from pathlib import Path

import docx
from docx.shared import Emu

from .__main__ import inject_publisher_error, random_sample
from .print import html_to_pdf, screenshot_table
from .report import Sample, grid
from .web import _css, random_web_style, table_html
from .word import random_word_style
from .world import write_source, write_truth

KINDS = ("html", "html-pictures", "docx", "docx-pictures", "pdf-pictures", "pdf-split")
TABLE_ORDER = ("active_disclosure", "applications", "appeals")
"""The template tables in the order a report prints them (as the .docx holds them)."""


def paste_tables_as_pictures(sample: Sample, path: Path) -> None:
    """Replace every table of the .docx at ``path`` by a screenshot of it, as wide as the
    text: a Word file whose tables were pasted as pictures."""
    document = docx.Document(str(path))
    style = random_web_style(random.Random(f"picture{sample.name}"))
    width = document.sections[0].page_width - document.sections[0].left_margin - document.sections[0].right_margin
    for name, table in zip(TABLE_ORDER, list(document.tables), strict=False):
        png = screenshot_table(table_html(grid(sample, name), sample, style), _css(style))
        paragraph = document.add_paragraph()
        paragraph.add_run().add_picture(io.BytesIO(png), width=Emu(int(width)))
        table._tbl.addprevious(paragraph._p)
        table._tbl.getparent().remove(table._tbl)
    document.save(str(path))


def write_sample(sample: Sample, kind: str, out: Path, index: int) -> dict:
    """Write one sample of ``kind`` into ``out``; return its truth."""
    if kind.startswith("docx"):
        path, record = write_source(sample, out, "word", style=random_word_style(random.Random(f"word{sample.name}")))
        if kind == "docx-pictures":
            paste_tables_as_pictures(sample, path)
            record["tables_as_pictures"] = True
        return sample.truth() | record | {"source": "docx"}
    style = random_web_style(random.Random(f"web{sample.name}"))
    if kind == "html" and index == 0:
        style.encoding = "gbk"
    if kind != "html":
        style.table_images = "split" if kind == "pdf-split" else ("files", "data")[index % 2]
    if not kind.startswith("pdf"):
        _, record = write_source(sample, out, "web", style=style)
        return sample.truth() | record | {"source": "html"}
    with tempfile.TemporaryDirectory(prefix="inputs-") as tmp:
        source, record = write_source(sample, Path(tmp), "web", style=style)
        html_to_pdf(source, out / f"{sample.name}.pdf")
    return sample.truth() | record | {"source": "pdf"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--kind", choices=KINDS, required=True)
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--numbers", choices=["", "thousands", "fullwidth", "dash"], default="")
    parser.add_argument("--error-share", type=float, default=0.1, help="share of samples with a publisher error")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    prefix = args.kind.replace("-", "") + (args.numbers[:2] if args.numbers else "")
    for i in range(args.count):
        sample = random_sample(f"{prefix}{args.seed:02d}_{i:03d}", rng)
        sample.style.numbers = args.numbers
        if rng.random() < args.error_share:
            inject_publisher_error(sample, rng)
        write_truth(args.out, write_sample(sample, args.kind, args.out, i))
    print(f"wrote {args.count} {args.kind} samples to {args.out}")


if __name__ == "__main__":
    main()
