"""Find the inputs of a scraped folder: PDFs, images, text, web pages and Word files, also
inside .zip archives. A saved web page's pictures (``NAME_files/``) go with the page.

Archives are unpacked into the output directory (``unpacked/``), member by member and
within a size budget, so a zip bomb or a path like ``../../etc`` in an archive costs
nothing. Files are identified by the hash of their content: the same report scraped twice
under two names is processed once.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PurePosixPath

from ..store import content_hash
from .worker import Job

INPUT_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".txt", ".html", ".htm", ".mht", ".mhtml", ".docx", ".doc", ".wps"}
PAGE_SUFFIXES = (".html", ".htm")
MAX_MEMBER_BYTES = 512 * 2**20
"""An archive member larger than this, unpacked, is skipped (reports are a few MB)."""


@dataclass(slots=True)
class Inputs:
    jobs: list[Job] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    """(path, path of the file with the same content that is processed instead)."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(path, why it is not an input)."""


def page_resources(paths: list[PurePath]) -> set[PurePath]:
    """The files a browser saved beside a web page (``NAME_files/`` next to ``NAME.html``):
    the page's pictures, read with it, not reports of their own."""
    folders = {p.with_name(f"{p.stem}_files") for p in paths if p.suffix.lower() in PAGE_SUFFIXES}
    return {p for p in paths if any(folder in p.parents for folder in folders)}


def _unpack(archive: Path, root: Path, into: Path, inputs: Inputs) -> list[Path]:
    """Extract the input members of one archive; bad archives and members are noted."""
    label = archive.relative_to(root).as_posix()
    digest = hashlib.sha256(label.encode()).hexdigest()[:8]
    target = into / f"{archive.stem}-{digest}"
    found = []
    try:
        with zipfile.ZipFile(archive) as zf:
            resources = page_resources([PurePosixPath(info.filename) for info in zf.infolist()])
            for info in zf.infolist():
                member = PurePosixPath(info.filename)
                if info.is_dir() or (member.suffix.lower() not in INPUT_SUFFIXES and member not in resources):
                    continue
                if info.file_size > MAX_MEMBER_BYTES:
                    inputs.skipped.append((f"{label}/{member}", f"archive member larger than {MAX_MEMBER_BYTES >> 20} MB"))
                    continue
                safe = target.joinpath(*(part for part in member.parts if part not in ("..", "/", "")))
                safe.parent.mkdir(parents=True, exist_ok=True)
                if not safe.exists():
                    with zf.open(info) as src, safe.open("wb") as dst:
                        while block := src.read(1 << 20):
                            dst.write(block)
                if member not in resources:
                    found.append(safe)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:  # RuntimeError: encrypted member
        inputs.skipped.append((label, f"unreadable archive: {exc}"))
    return found


def find_inputs(input_dir: Path, unpack_dir: Path) -> Inputs:
    """Every input under ``input_dir`` (recursively, archives unpacked), one job per content."""
    inputs = Inputs()
    seen: dict[str, str] = {}
    candidates: list[Path] = []
    paths = sorted(p for p in input_dir.rglob("*") if p.is_file())
    resources = page_resources(paths)
    for path in paths:
        suffix = path.suffix.lower()
        if path in resources:
            continue  # read with its page
        if suffix == ".zip":
            candidates.extend(_unpack(path, input_dir, unpack_dir, inputs))
        elif suffix in INPUT_SUFFIXES:
            candidates.append(path)
        else:
            inputs.skipped.append((path.relative_to(input_dir).as_posix(), f"not a PDF, image, text, web page or Word file ({suffix or 'no suffix'})"))
    for path in candidates:
        try:
            digest = content_hash(path)
        except OSError as exc:
            inputs.skipped.append((str(path), f"cannot read file: {exc}"))
            continue
        if digest in seen:
            inputs.duplicates.append((str(path), seen[digest]))
            continue
        seen[digest] = str(path)
        inputs.jobs.append(Job(str(path), digest, path.name))
    return inputs
