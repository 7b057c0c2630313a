"""The orientation repair decided for every scanned page of a folder, to compare two versions of repair.

    python scripts/turns.py FOLDER [FOLDER ...] [--ocr-model tiny|small] > before.txt
    (change nianbao/scan/repair.py)
    python scripts/turns.py FOLDER [FOLDER ...] [--ocr-model tiny|small] > after.txt
    diff before.txt after.txt

Prints one line per page read from its pixels: the file, the page, the repairs noted on
it (turned a quarter, turned upside up, the skew angle) and the size and a digest of the
repaired image. A quarter turn one way or the other gives other pixels, so a cut which
changes any decision, or any pixel of what the later stages read, shows up in the diff. A last line gives the CPU seconds spent
in repair per page (compare runs only by it: the machine may be shared).
"""

from __future__ import annotations

import argparse
import hashlib
import time
from pathlib import Path

import numpy as np

from nianbao.ingest import load_document
from nianbao.ocr.engine import MODELS
from nianbao.scan.repair import repair_engine, repair_page
from nianbao.settings import Settings

INPUTS = (".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--ocr-model", choices=MODELS, default=Settings().ocr_model)
    args = parser.parse_args()
    settings = Settings(ocr_model=args.ocr_model)
    engine = repair_engine(settings)
    assert engine is not None, 'no OCR engine installed'
    pages, seconds = 0, 0.0
    for folder in args.folders:
        for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in INPUTS):
            document = load_document(path, settings)
            turns = 0  # as repair_pages: a page that cannot tell takes the turn of the one before
            for page in (p for p in document.pages if p.needs_ocr):
                start = time.process_time()
                turns = repair_page(page, settings, engine, turns)
                seconds += time.process_time() - start
                pages += 1
                image = page.pixels
                digest = hashlib.sha1(np.ascontiguousarray(image).tobytes()).hexdigest()[:12]
                print(f"{folder.name}/{path.name} p{page.number}: [{'; '.join(page.repairs)}] {image.shape[1]}x{image.shape[0]} {digest}", flush=True)
                page.image = None  # free the page's pixels
    print(f"# {pages} pages, repair {seconds / max(pages, 1):.3f} CPU s/page ({getattr(engine, 'model', engine.name)})")


if __name__ == "__main__":
    main()
