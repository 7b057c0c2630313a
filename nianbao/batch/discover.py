"""Find the inputs of a scraped folder: PDFs, images, text, web pages and Word files, also
inside .zip archives.

A saved web page's pictures (``NAME_files/`` beside ``NAME.html``) go with the page, not
as inputs of their own. Every other entry under the folder is accounted for: an input, or
a line in ``skipped`` saying why not (another format, a FIFO or device, a dangling symbolic link or a loop). The output
directory is never read back as input, even when it lies inside the input folder.
Files are identified by the hash of their content: the same report scraped twice under
two names is processed once.

Archives are unpacked into the output directory (``unpacked/``) within budgets
(``ArchiveLimits``: per member, per archive, per batch, and a depth for zips inside zips),
so a zip bomb or a path like ``../../etc`` costs nothing. Member paths are normalised and
made unique (``x.pdf`` and ``../x.pdf`` are two files); each member is written to a
temporary file renamed only when complete, so a batch killed mid-unpack never reuses half
a file; a bad member (bad CRC, a name too long) costs only itself. An archive is unpacked
into a folder named by its content hash: an archive updated in place is read again.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import shutil
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PurePosixPath

from ..atomic import commit, discard, open_temporary
from ..names import shown
from ..store import content_hash
from .worker import Job

INPUT_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".txt"}
INPUT_SUFFIXES.update({".bmp", ".webp"})  # images Pillow reads besides PNG, JPEG and TIFF
PAGE_SUFFIXES = (".html", ".htm")
INPUT_SUFFIXES.update({*PAGE_SUFFIXES, ".mht", ".mhtml", ".docx", ".doc", ".wps"})  # web pages, Word files
ARCHIVE_SUFFIX = ".zip"
UTF8_NAME_FLAG = 0x800
"""General-purpose bit 11 of a zip entry: its name is UTF-8."""
MEMBER_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, NotImplementedError, EOFError, ValueError)
"""What reading one member may raise (bad CRC, encryption, unknown compression, truncation)."""


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    """What unpacking may cost, in bytes written (never trusting the sizes a zip declares)."""

    member_bytes: int = 512 * 2**20
    """One member (reports are a few MB)."""
    archive_bytes: int = 2 * 2**30
    """All members of one archive, nested archives included."""
    batch_bytes: int = 8 * 2**30
    """All archives of one batch."""
    depth: int = 3
    """Zips inside zips are read this many levels down."""


@dataclass(slots=True)
class Inputs:
    jobs: list[Job] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    """(path, path of the file with the same content that is processed instead)."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(path, why it is not an input), paths ``shown``."""

    def skip(self, path: str, why: str) -> None:
        self.skipped.append((shown(path), why))


class _OverBudget(Exception):
    """A member grew past what may still be unpacked."""


def entry_problem(path: Path) -> str:
    """Why ``path`` is not a regular file to read (empty when it is one)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "dangling symbolic link" if path.is_symlink() else "file vanished"
    except OSError as exc:
        return "symbolic link loop" if exc.errno == errno.ELOOP else f"cannot read file: {exc.strerror}"
    if stat.S_ISREG(mode):
        return ""
    folder = "a folder behind a symbolic link, not followed" if path.is_symlink() else "a folder"
    kinds = ((stat.S_ISDIR, folder), (stat.S_ISFIFO, "a FIFO (named pipe)"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    return "not a regular file: " + next((what for test, what in kinds if test(mode)), "unknown kind")


def _entries(input_dir: Path, exclude: Path) -> Iterator[Path]:
    """Every non-folder entry under ``input_dir`` in a stable order, outside ``exclude``;
    symbolic links to folders are listed (and refused), never followed."""
    exclude = exclude.resolve()
    for root, dirs, files in os.walk(input_dir):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if (here / d).resolve() != exclude)
        links = [d for d in dirs if (here / d).is_symlink()]
        yield from (here / name for name in sorted(files + links))


def page_resources(paths: Sequence[PurePath]) -> set[PurePath]:
    """The files a browser saved beside a web page (``NAME_files/`` next to ``NAME.html``):
    the page's pictures, read with it, not reports of their own."""
    folders = {p.with_name(f"{p.stem}_files") for p in paths if p.suffix.lower() in PAGE_SUFFIXES}
    return {p for p in paths if any(folder in p.parents for folder in folders)}


def _member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its writer meant it: a name not flagged UTF-8 is taken as UTF-8,
    else GB18030 (Chinese Windows), before the cp437 zipfile assumes."""
    name = info.filename
    if not info.flag_bits & UTF8_NAME_FLAG:
        raw = name.encode("cp437")
        for encoding in ("utf-8", "gb18030"):
            try:
                name = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    return name.replace("\\", "/")


def _without_utf8_flags(data: bytes) -> bytes:
    """The archive with every entry's UTF-8 flag cleared (central and local headers), for
    a zip that flags as UTF-8 names which are not (GBK bytes, a common writer's bug)."""
    out = bytearray(data)
    end = data.rfind(b"PK\x05\x06")
    if end < 0:
        raise zipfile.BadZipFile("no end of central directory")
    count, _, offset = struct.unpack_from("<HII", data, end + 10)
    pos = offset
    for _ in range(count):
        if data[pos:pos + 4] != b"PK\x01\x02":
            raise zipfile.BadZipFile("bad central directory")
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, pos + 28)
        local = struct.unpack_from("<I", data, pos + 42)[0]
        for flag_at in (pos + 8, local + 6):
            struct.pack_into("<H", out, flag_at, struct.unpack_from("<H", out, flag_at)[0] & ~UTF8_NAME_FLAG)
        pos += 46 + name_len + extra_len + comment_len
    return bytes(out)


class _Unpacker:
    """Unpacks the archives of one batch within its budgets, noting what it could not."""

    def __init__(self, into: Path, limits: ArchiveLimits, inputs: Inputs) -> None:
        self.into, self.limits, self.inputs = into, limits, inputs
        self.batch_left = limits.batch_bytes

    def _open(self, archive: Path) -> zipfile.ZipFile:
        try:
            return zipfile.ZipFile(archive)
        except UnicodeDecodeError:
            if archive.stat().st_size > self.limits.member_bytes:
                raise
            return zipfile.ZipFile(io.BytesIO(_without_utf8_flags(archive.read_bytes())))

    def _target(self, archive: Path, label: str) -> Path:
        """The archive's folder, named by its label and content; older folders of the same
        label (the archive before it was updated) are removed."""
        prefix = f"{archive.stem[:40]}-{hashlib.sha256(label.encode('utf-8', 'surrogateescape')).hexdigest()[:8]}-"
        target = self.into / f"{prefix}{content_hash(archive)[:16]}"
        if self.into.is_dir():
            for old in self.into.glob(f"{prefix}*"):
                if old != target:
                    shutil.rmtree(old, ignore_errors=True)
        return target

    def unpack(self, archive: Path, label: str, depth: int = 1, left: list[int] | None = None) -> list[tuple[Path, str]]:
        """The input files of ``archive`` (and of archives inside it), unpacked, each with
        its label (``archive.zip/member``)."""
        left = left if left is not None else [self.limits.archive_bytes]
        found: list[tuple[Path, str]] = []
        try:
            target = self._target(archive, label)
            with self._open(archive) as zf:
                claimed: set[PurePosixPath] = set()
                resources = page_resources([PurePosixPath(_member_name(info)) for info in zf.infolist()])
                for info in zf.infolist():
                    name = _member_name(info)
                    suffix = PurePosixPath(name).suffix.lower()
                    resource = PurePosixPath(name) in resources
                    if info.is_dir() or (suffix not in INPUT_SUFFIXES and suffix != ARCHIVE_SUFFIX and not resource):
                        continue
                    where = f"{label}/{name}"
                    if suffix == ARCHIVE_SUFFIX and depth >= self.limits.depth:
                        self.inputs.skip(where, f"archive nested deeper than {self.limits.depth} levels")
                        continue
                    member = _unique(_relative(name), claimed)
                    path = self._member(zf, info, target / member, where, left)
                    if path is not None and suffix == ARCHIVE_SUFFIX and not resource:
                        found += self.unpack(path, where, depth + 1, left)
                    elif path is not None and not resource:
                        found.append((path, f"{label}/{member}"))  # two members of one name stay two
        except (*MEMBER_ERRORS, UnicodeDecodeError) as exc:
            self.inputs.skip(label, f"unreadable archive: {exc}")
        return found

    def _member(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path, where: str, left: list[int]) -> Path | None:
        """Unpack one member to ``dest`` (or reuse it, whole from an earlier run); None,
        and a note, when it is over a budget or unreadable."""
        budget, why = min(
            (self.limits.member_bytes, f"archive member larger than {_size(self.limits.member_bytes)}"),
            (left[0], f"archive unpacks to more than {_size(self.limits.archive_bytes)}"),
            (self.batch_left, f"the batch's archives unpack to more than {_size(self.limits.batch_bytes)}"),
        )
        try:
            if not (dest.is_file() and dest.stat().st_size == info.file_size):
                if info.file_size > budget:
                    raise _OverBudget
                dest.parent.mkdir(parents=True, exist_ok=True)
                _copy(zf, info, dest, budget)
            size = dest.stat().st_size
            if size > budget:
                raise _OverBudget
        except _OverBudget:
            self.inputs.skip(where, why)
            return None
        except MEMBER_ERRORS as exc:
            self.inputs.skip(where, f"unreadable archive member: {exc}")
            return None
        left[0] -= size
        self.batch_left -= size
        return dest


def _size(n: int) -> str:
    return f"{n >> 20} MB" if n >= 2**20 else f"{n:,} bytes"


def _relative(name: str) -> PurePosixPath:
    """A member path with nothing that climbs out or is absolute: ``../../x`` is ``x``."""
    parts = [p for p in PurePosixPath(name).parts if p not in ("..", ".", "/", "")]
    return PurePosixPath(*parts) if parts else PurePosixPath("unnamed")


def _unique(rel: PurePosixPath, claimed: set[PurePosixPath]) -> PurePosixPath:
    """``rel``, or ``stem~2.pdf``, ``stem~3.pdf``… when another member already took it."""
    candidate, n = rel, 1
    while candidate in claimed:
        n += 1
        candidate = rel.with_name(f"{rel.stem}~{n}{rel.suffix}")
    claimed.add(candidate)
    return candidate


def _copy(zf: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path, budget: int) -> None:
    """Write a member to ``dest`` whole or not at all, stopping past ``budget`` bytes."""
    written = 0
    handle = open_temporary(dest, "wb")
    try:
        with zf.open(info) as src:
            while block := src.read(1 << 20):
                written += len(block)
                if written > budget:
                    raise _OverBudget
                handle.write(block)
    except BaseException:
        discard(handle, dest)
        raise
    commit(handle, dest)


def find_inputs(input_dir: Path, unpack_dir: Path, exclude: Path | None = None,
                limits: ArchiveLimits = ArchiveLimits()) -> Inputs:
    """Every input under ``input_dir`` (recursively, archives unpacked), one job per content.
    ``exclude`` (the output directory) is not looked into."""
    inputs = Inputs()
    unpacker = _Unpacker(unpack_dir, limits, inputs)
    seen: dict[str, str] = {}
    candidates: list[tuple[Path, str]] = []
    entries = list(_entries(input_dir, exclude or unpack_dir))
    resources = page_resources(entries)
    for path in entries:
        label = path.relative_to(input_dir).as_posix()
        suffix = path.suffix.lower()
        if path in resources:
            continue  # read with its page
        if problem := entry_problem(path):
            inputs.skip(label, problem)
        elif suffix == ARCHIVE_SUFFIX:
            candidates.extend(unpacker.unpack(path, label))
        elif suffix in INPUT_SUFFIXES:
            candidates.append((path, label))
        else:
            inputs.skip(label, f"not a PDF, image, text, web page or Word file ({suffix or 'no suffix'})")
    for path, label in candidates:
        try:
            digest = content_hash(path)
        except OSError as exc:
            inputs.skip(label, f"cannot read file: {exc.strerror or exc}")
            continue
        if digest in seen:
            inputs.duplicates.append((shown(label), shown(seen[digest])))
            continue
        seen[digest] = label
        inputs.jobs.append(Job(str(path), digest, path.name, label))
    return inputs
