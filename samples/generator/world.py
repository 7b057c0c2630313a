"""Corpora made the way publishers make reports: written as .docx (word.py) or .html
(web.py), printed by LibreOffice or Chromium (print.py), then kept digital or scanned.

The truth of each file is the sample's (what is printed does not change by being printed)
plus how it was made: the renderer and its style, where the printer broke table 三
(pages.py), the scan profile. A partial photo shows only some of table 三's rows (and
table 四 when it is whole on the page): its truth holds only the cells it shows, and no
body or year, since it has no title.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
from pathlib import Path

from .pages import photo_box, print_facts
from .print import docx_to_pdf, html_to_pdf, store_landscape_rotated
from .report import Sample, grid
from .scan import WORLD_PROFILES, photograph_part, scan_pdf
from .web import random_web_style, write_html
from .word import random_word_style, write_docx

CORPUS_PROFILES = WORLD_PROFILES + ("partial_photo",)
TIFF_EVERY = 10  # every tenth scan is a TIFF, as in the reportlab corpora


def write_source(sample: Sample, folder: Path, renderer: str, pictures: float = 0.0, style=None) -> tuple[Path, dict]:
    """Write the sample's .docx or .html into ``folder``; return its path and record."""
    rng = random.Random(f"{renderer}{sample.name}")
    if renderer == "word":
        style = style or random_word_style(rng)
        path = folder / f"{sample.name}.docx"
        return path, write_docx(sample, path, style, random.Random(sample.name))
    style = style or random_web_style(rng)
    if rng.random() < pictures:
        style.table_images = rng.choice(["files", "data"])
    path = folder / f"{sample.name}.html"
    return path, write_html(sample, path, style, random.Random(sample.name))


def print_sources(sources: list[Path], records: list[dict], folder: Path) -> list[Path]:
    """Print every source to a PDF in ``folder``, Word's landscape pages stored turned."""
    word = [s for s in sources if s.suffix == ".docx"]
    pdfs = {s: p for s, p in zip(word, docx_to_pdf(word, folder) if word else [], strict=True)}
    for source in sources:
        if source.suffix == ".html":
            pdfs[source] = html_to_pdf(source, folder / f"{source.stem}.pdf")
    for source, record in zip(sources, records, strict=True):
        rotate = record.get("word_style", {}).get("rotate")
        if rotate:
            record["rotated_pages"] = store_landscape_rotated(pdfs[source], rotate)
    return [pdfs[s] for s in sources]


def partial_truth(truth: dict, rows: list[str], with_appeals: bool) -> dict:
    """The truth of a photo showing table 三's ``rows`` (and 四 when ``with_appeals``)."""
    def shown(key: str) -> bool:
        table, row = key.split(".")[:2]
        return (table == "applications" and row in rows) or (with_appeals and table == "appeals")

    truth["cells"] = {k: v for k, v in truth["cells"].items() if shown(k)}
    truth["forms"] = {t: f for t, f in truth["forms"].items() if t == "applications" or (with_appeals and t == "appeals")}
    truth["publisher_errors"] = [k for k in truth["publisher_errors"] if k in truth["cells"]]
    truth["body"], truth["year"] = "", None  # as a Document without a title has them
    truth["units"] = {}
    return truth


def finish(sample: Sample, pdf: Path, out: Path, truth: dict, profile: str, index: int, dpi: int | None = None) -> dict:
    """Put the printed ``pdf`` in ``out`` as it is, or scanned with ``profile`` (at
    ``dpi`` when given); complete and return its truth."""
    spec = grid(sample, "applications")
    truth["print"] = print_facts(pdf, spec)
    rng = random.Random(f"scan{sample.name}")
    if profile == "partial_photo":
        framed = photo_box(pdf, spec, rng)
        if framed is not None:
            page, box, rows, with_appeals = framed
            truth["scan"] = photograph_part(pdf, out / f"{sample.name}.jpg", page, box, rng)
            return partial_truth(truth, rows, with_appeals)
        profile = "photo"  # tables as pictures: no text layer to frame them by
    if profile:
        target = out / f"{sample.name}.{'tif' if index % TIFF_EVERY == TIFF_EVERY - 1 else 'pdf'}"
        truth["scan"] = scan_pdf(pdf, target, profile, rng, dpi)
    else:
        shutil.copyfile(pdf, out / f"{sample.name}.pdf")
    return truth


def write_truth(out: Path, truth: dict) -> None:
    (out / f"{truth['document']}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")


def write_world(samples: list[Sample], out: Path, renderer: str, scanned: bool = False, sources: bool = False,
                pictures: float = 0.0, profiles: list[str] | None = None) -> int:
    """Write ``samples`` into ``out`` by ``renderer`` (word or web): as sources, printed
    PDFs, or scans cycling through ``profiles``; return how many were written."""
    out.mkdir(parents=True, exist_ok=True)
    cycle = profiles or list(CORPUS_PROFILES)
    with tempfile.TemporaryDirectory(prefix="world-") as tmp:
        folder = out if sources else Path(tmp)
        written = [write_source(sample, folder, renderer, pictures) for sample in samples]
        records = [record for _, record in written]
        if sources:
            for sample, (path, record) in zip(samples, written, strict=True):
                write_truth(out, sample.truth() | record | {"source": path.suffix[1:]})
            return len(samples)
        pdfs = print_sources([path for path, _ in written], records, Path(tmp))
        for i, (sample, pdf, record) in enumerate(zip(samples, pdfs, records, strict=True)):
            profile = cycle[i % len(cycle)] if scanned else ""
            write_truth(out, finish(sample, pdf, out, sample.truth() | record, profile, i))
    return len(samples)
