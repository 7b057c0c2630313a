"""Peak memory of ``nianbao extract`` on every hostile input, one command per input.

    python scripts/measure_hostile_rss.py [--keep DIR]

Builds the hostile corpus (samples/hostile_inputs.py) plus inputs made to exhaust memory:
80 huge blank pages to render, a 2 MB deflate bomb in a content stream, a 200 MB text
file, an 80-frame TIFF of A4 frames at 300 dpi. Each runs as its own ``nianbao extract`` and its
peak resident memory is read from the kernel (``wait4``: the largest of the command and
its worker process). Prints one line per input, after a good scanned report as the
reference, and the largest peak of the hostile ones; exits 1 when one is above 1.5 GB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samples import hostile_inputs  # noqa: E402

LIMIT_MB = 1536
REFERENCE = ROOT / "samples" / "scanned" / "seed002.pdf"
"""A good five-page scanned report, measured first as the peer of the hostile inputs."""


def hostile_extra(folder: Path) -> None:
    pdf = pdfium.PdfDocument.new()
    for _ in range(80):
        pdf.new_page(1990, 1990)  # each under the page-area bound, together 7 GB of pixels at 200 dpi
    pdf.save(folder / "80_huge_pages.pdf")
    pdf.close()
    (folder / "deflate_bomb_400MB.pdf").write_bytes(hostile_inputs.deflate_bomb(30 * 2**20))
    with (folder / "200MB.txt").open("wb") as handle:
        for _ in range(200):
            handle.write(b"1" * 2**20)
    frame = Image.fromarray(np.full((3508, 2480), 255, np.uint8))  # A4 at 300 dpi
    frame.save(folder / "80_a4_frames.tif", save_all=True, append_images=[frame] * 79, compression="tiff_deflate",
               dpi=(300, 300))


def peak_mb(path: Path, out: Path) -> tuple[float, float, str]:
    """(peak RSS in MB, seconds, the command's last line) of one extract."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "nianbao.cli", "extract", str(path), "--out", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    output = process.stdout.read().decode("utf-8", "replace")
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    lines = [line for line in output.splitlines() if not line.startswith("wrote ")]
    return usage.ru_maxrss / 1024, time.perf_counter() - started, (lines[-1] if lines else "")[:110]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the inputs here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp) / "in"
        hostile_inputs.build(folder)
        hostile_extra(folder)
        mb, seconds, line = peak_mb(REFERENCE, Path(tmp) / "out" / "reference")
        print(f"{mb:7.0f} MB {seconds:6.1f} s  (reference) {line}", flush=True)
        worst = 0.0
        for path in sorted(folder.iterdir(), key=lambda p: p.name):
            mb, seconds, line = peak_mb(path, Path(tmp) / "out" / path.name.encode("ascii", "replace").decode())
            worst = max(worst, mb)
            print(f"{mb:7.0f} MB {seconds:6.1f} s  {line}", flush=True)
    print(f"largest peak: {worst:.0f} MB (limit {LIMIT_MB} MB)")
    return 0 if worst < LIMIT_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
