"""Hostile inputs built from the committed samples: every odd file a scraped folder holds.

``build(folder)`` writes them next to a good report and returns, per entry name, the word
its status or reason must contain (``EXPECTED``); ``mutations(source, count, seed)``
yields fuzzed variants (truncations, byte flips, odd sizes) for the longer fuzz mode.
Everything is made with the standard library, numpy and Pillow, so CI can build it.
"""

from __future__ import annotations

import io
import os
import random
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent
GOOD = ROOT / "digital" / "seed000.pdf"
OTHER = ROOT / "digital" / "gen07_001.pdf"
ZIPPED = ROOT / "digital" / "gen07_002.pdf"
ZIPPED_NEXT_TO_BAD = ROOT / "digital" / "gen07_003.pdf"
LONG_NUMBER = ROOT / "hostile" / "long_number.pdf"
ROTATED = ROOT / "pieces" / "turned_against270.pdf"
"""A digital report whose table pages carry /Rotate 270 over upright content (issue 13)."""
GBK_NAME = os.fsdecode("报告".encode("gbk") + b".pdf")
"""A file name in GBK bytes, not valid UTF-8 (a folder copied from Windows)."""
ESCAPE_NAME = "evil\x1b[2J\x1b[31m.pdf"
"""A file name holding terminal escape sequences."""


PAGE_DPI = 200
"""Resolution the page pictures are tagged with: the OCR resolution, so none is resampled."""


def page_image() -> np.ndarray:
    """A small grey page-like picture: dark text-like bars on white (cheap to OCR)."""
    page = np.full((300, 240), 255, np.uint8)
    for row in range(40, 260, 40):
        page[row:row + 12, 30:210] = 30
    return page


def _zip_with_utf8_flag_on_gbk(path: Path, data: bytes) -> None:
    """A zip whose member name is GBK bytes flagged as UTF-8 (a common writer's bug)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("PLACEHOLDER.pdf", data)
    raw = bytearray(buffer.getvalue().replace(b"PLACEHOLDER.pdf", "年报".encode("gbk") + b"2021_01.pdf"))
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        raw[raw.find(signature) + flag_at + 1] |= 0x08  # bit 11 of the flags: "the name is UTF-8"
    path.write_bytes(bytes(raw))


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (numbered from 1; 1 is the catalog), with its xref."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def deflate_bomb(lines: int = 3 * 2**20) -> bytes:
    """One page whose content stream inflates to ``lines`` drawing operators (14 bytes
    each: the default makes 44 MB from 150 KB)."""
    stream = zlib.compress(b"0 0 m 1 1 l S\n" * lines, 9)
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ])


def _bad_crc_zip(path: Path) -> None:
    """One member with a broken CRC next to a good report: only the first is lost."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("crc/broken.pdf", b"%PDF-1.4 " + b"x" * 2000)
        zf.write(ZIPPED_NEXT_TO_BAD, "crc/good_member.pdf")
    raw = bytearray(path.read_bytes())
    at = raw.find(b"x" * 2000)
    raw[at + 100] ^= 0xFF
    path.write_bytes(bytes(raw))


def build(folder: Path) -> dict[str, str]:
    """Write the hostile entries into ``folder``; return name → a word its line must hold."""
    folder.mkdir(parents=True, exist_ok=True)
    good = GOOD.read_bytes()
    expected: dict[str, str] = {}

    def put(name: str, data: bytes, word: str) -> None:
        (folder / name).write_bytes(data)
        expected[name] = word

    put("good.pdf", good, "done")
    put("long_number.pdf", LONG_NUMBER.read_bytes(), "done")
    put("rotated.pdf", ROTATED.read_bytes(), "done")
    put("cut_in_half.pdf", good[: len(good) // 2], "failed")
    put("zero.pdf", b"", "0 bytes")
    put("deflate_bomb.pdf", deflate_bomb(), "decompression bomb")
    put(GBK_NAME, OTHER.read_bytes(), "done")
    put(ESCAPE_NAME, b"<html>404</html>", "not a PDF")
    put("notepad.txt", "一、本年新收政府信息公开申请数量 5\n".encode("utf-16"), "no report tables found")
    put("huge.txt", b"1" * (17 * 2**20), "larger than")

    page = page_image()
    buffer = io.BytesIO()
    Image.fromarray(page.astype(np.uint16) * 257).save(buffer, "PNG", dpi=(PAGE_DPI, PAGE_DPI))
    put("grey16.png", buffer.getvalue(), "")
    rgba = np.zeros((*page.shape, 4), np.uint8)
    rgba[..., 3] = 255 - page  # black ink on transparent paper
    buffer = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buffer, "PNG", dpi=(PAGE_DPI, PAGE_DPI))
    put("transparent.png", buffer.getvalue(), "")
    for fmt, name in (("BMP", "page.bmp"), ("WEBP", "page.webp")):
        buffer = io.BytesIO()
        Image.fromarray(page).save(buffer, fmt, dpi=(PAGE_DPI, PAGE_DPI))
        put(name, buffer.getvalue(), "")
    buffer = io.BytesIO()
    Image.fromarray(np.zeros((40000, 1), np.uint8)).save(buffer, "PNG")
    put("strip.png", buffer.getvalue(), "too narrow")
    buffer = io.BytesIO()
    frames = [Image.new("1", (80, 110), 1) for _ in range(200)]
    frames[0].save(buffer, "TIFF", save_all=True, append_images=frames[1:])
    put("200_pages.tif", buffer.getvalue(), "200 pages")

    with zipfile.ZipFile(folder / "collide.zip", "w") as zf:
        zf.write(ZIPPED, "x.pdf")
        zf.writestr("../x.pdf", b"%PDF-1.4 not really")
    expected["x.pdf"] = "done"
    expected["x~2.pdf"] = "failed"
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("deep/inner_report.pdf", good[:5000])
    with zipfile.ZipFile(folder / "nested.zip", "w") as zf:
        zf.writestr("inner.zip", inner.getvalue())
    expected["inner_report.pdf"] = "failed"
    _bad_crc_zip(folder / "bad_crc.zip")
    expected["crc/broken.pdf"] = "unreadable archive member"
    expected["good_member.pdf"] = "done"
    _zip_with_utf8_flag_on_gbk(folder / "flagged_utf8.zip", b"%PDF-1.4 broken member")
    expected["年报2021_01.pdf"] = "failed"

    os.mkfifo(folder / "pipe.pdf")
    expected["pipe.pdf"] = "FIFO"
    (folder / "dangling.pdf").symlink_to(folder / "no_such_file.pdf")
    expected["dangling.pdf"] = "dangling"
    (folder / "loop_a.pdf").symlink_to(folder / "loop_b.pdf")
    (folder / "loop_b.pdf").symlink_to(folder / "loop_a.pdf")
    expected["loop_a.pdf"] = expected["loop_b.pdf"] = "loop"
    return expected


def mutations(source: Path, count: int, seed: int) -> Iterator[tuple[str, bytes]]:
    """Fuzzed variants of ``source``: cut at a random length, random bytes flipped, a
    block repeated or dropped; named by what was done, reproducible from ``seed``."""
    data = source.read_bytes()
    rng = random.Random(seed)
    for i in range(count):
        kind = rng.choice(["cut", "flip", "repeat", "drop"])
        at = rng.randrange(len(data))
        if kind == "cut":
            mutated = data[:at]
        elif kind == "flip":
            buf = bytearray(data)
            for j in rng.sample(range(len(data)), rng.randint(1, 200)):
                buf[j] = rng.randrange(256)
            mutated = bytes(buf)
        elif kind == "repeat":
            mutated = data[:at] + data[at:at + 4096] * rng.randint(2, 50) + data[at:]
        else:
            mutated = data[:at] + data[at + rng.randint(1, 4096):]
        yield f"{source.stem}_{kind}_{i:03d}{source.suffix}", mutated
