"""Print written reports to PDF with the programs publishers print them with: LibreOffice
for .docx (``soffice --headless --convert-to pdf``, a private profile per run so parallel
runs do not share one) and headless Chromium for .html (``--print-to-pdf``, no header or
footer). Both are Debian packages, absent on CI: ``missing()`` names what is not installed,
for the callers and tests to skip on.

A Word export keeps a landscape page as a portrait page turned by ``/Rotate`` with its
content drawn sideways; LibreOffice writes a landscape page instead, so
``store_landscape_rotated`` rewrites its landscape pages that way.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

SOFFICE = "soffice"
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT = 300  # seconds for one print job; a batch of 40 documents takes about 60 s
TABLE_WINDOW = (900, 4000)  # CSS px a table is drawn in before it is cropped to its ink
TABLE_SCALE = 2  # device pixels per CSS px: a picture of a table as sites post them, sharp enough to read


def chromium() -> str | None:
    return next((path for name in CHROMIUM if (path := shutil.which(name))), None)


def missing() -> list[str]:
    """The printing programs not installed here."""
    out = [] if shutil.which(SOFFICE) else [SOFFICE]
    return out + ([] if chromium() else ["chromium"])


def docx_to_pdf(sources: list[Path], out_dir: Path) -> list[Path]:
    """Print every .docx in ``sources`` into ``out_dir`` with one LibreOffice run."""
    with tempfile.TemporaryDirectory(prefix="lo-") as profile:
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(out_dir), *map(str, sources)],
            check=True, capture_output=True, timeout=TIMEOUT,
        )
    targets = [out_dir / f"{source.stem}.pdf" for source in sources]
    lost = [t.name for t in targets if not t.exists()]
    if lost:
        raise RuntimeError(f"LibreOffice printed no {', '.join(lost)}")
    return targets


def _chromium(*args: str) -> None:
    binary = chromium()
    if binary is None:
        raise RuntimeError("chromium is not installed")
    subprocess.run([binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
                   check=True, capture_output=True, timeout=TIMEOUT)


def html_to_pdf(source: Path, target: Path) -> Path:
    _chromium("--no-pdf-header-footer", f"--print-to-pdf={target}", source.resolve().as_uri())
    if not target.exists():
        raise RuntimeError(f"Chromium printed no {target.name}")
    return target


def screenshot_table(markup: str, css: str) -> bytes:
    """A PNG of one table's markup as a browser draws it, cropped to its ink."""
    with tempfile.TemporaryDirectory(prefix="table-") as tmp:
        page = Path(tmp) / "table.html"
        page.write_text(f'<html><head><meta charset="utf-8"><style>{css}body {{ margin: 8px; }}</style></head>'
                        f"<body>{markup}</body></html>", encoding="utf-8")
        shot = Path(tmp) / "table.png"
        width, height = TABLE_WINDOW
        _chromium(f"--screenshot={shot}", f"--window-size={width},{height}",
                  f"--force-device-scale-factor={TABLE_SCALE}", page.as_uri())
        image = Image.open(shot).convert("L")
    ink = np.argwhere(np.asarray(image) < 200)
    (top, left), (bottom, right) = ink.min(0), ink.max(0)
    pad = 6 * TABLE_SCALE
    crop = image.crop((max(0, left - pad), max(0, top - pad), right + pad, bottom + pad))
    buffer = io.BytesIO()
    crop.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def store_landscape_rotated(path: Path, degrees: int) -> list[int]:
    """Rewrite each landscape page of ``path`` as a portrait page whose content is drawn
    sideways and which ``/Rotate degrees`` (90 or 270) turns upright for the reader; return
    the numbers (from 1) of the pages rewritten. What the page shows does not change."""
    from pypdf import PdfWriter, Transformation

    writer = PdfWriter(clone_from=path)
    turned = []
    for number, page in enumerate(writer.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        if width <= height:
            continue
        # Draw the content turned against the /Rotate that turns it back: a quarter
        # counter-clockwise for /Rotate 90 (clockwise), clockwise for 270.
        if degrees == 90:
            turn = Transformation().rotate(90).translate(height, 0)
        else:
            turn = Transformation().rotate(-90).translate(0, width)
        page.add_transformation(turn)
        for box in (page.mediabox, page.cropbox):
            box.lower_left, box.upper_right = (0, 0), (height, width)
        page.rotation = degrees
        turned.append(number)
    with path.open("wb") as out:
        writer.write(out)
    return turned
