"""Shared fixtures: the committed samples, so no test needs LibreOffice, fonts or a network."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the samples package (generator, simulated OCR slips)
DIGITAL = ROOT / "samples" / "digital"
SCANNED = ROOT / "samples" / "scanned"
BAD = ROOT / "samples" / "bad"


def truth(name: str, folder: Path = DIGITAL) -> dict:
    return json.loads((folder / f"{name}.truth.json").read_text(encoding="utf-8"))


def scanned_names() -> list[str]:
    return [p.name.removesuffix(".truth.json") for p in sorted(SCANNED.glob("*.truth.json"))]


def sample_names(predicate=lambda t: True) -> list[str]:
    names = [p.name.removesuffix(".truth.json") for p in sorted(DIGITAL.glob("*.truth.json"))]
    return [n for n in names if predicate(truth(n))]


@pytest.fixture(scope="session")
def extracted():
    """Extract each committed sample at most once per test session."""
    from nianbao.pipeline import extract

    cache: dict[str, object] = {}

    def get(name: str):
        if name not in cache:
            cache[name] = extract(DIGITAL / f"{name}.pdf")
        return cache[name]

    return get


@pytest.fixture(scope="session")
def scanned():
    """Extract each committed scanned sample at most once per test session (real OCR)."""
    from nianbao.pipeline import extract

    cache: dict[str, object] = {}

    def get(name: str):
        if name not in cache:
            source = next(p for p in SCANNED.glob(f"{name}.*") if not p.name.endswith(".json"))
            cache[name] = extract(source)
        return cache[name]

    return get


@pytest.fixture(scope="session")
def extracted_path():
    """Extract any committed file at most once per test session (web pages, Word files, pictures)."""
    from nianbao.pipeline import extract

    cache: dict[Path, object] = {}

    def get(path: Path):
        if path not in cache:
            cache[path] = extract(path)
        return cache[path]

    return get


PUBLISHER_ERRORS = ["gen07_011", "gen07_015", "gen07_016", "gen07_025"]
"""Digital samples whose publisher broke a sum: each has flagged cells to settle."""


def _extract_once(factory: pytest.TempPathFactory, names: list[str]) -> Path:
    from nianbao.cli import main

    out = factory.mktemp("review") / "out"
    assert main(["extract", *(str(DIGITAL / f"{n}.pdf") for n in names), "--out", str(out), "-q"]) == 0
    return out


@pytest.fixture(scope="session")
def extracted_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The publisher-error samples extracted once; each test reviews its own copy."""
    return _extract_once(tmp_path_factory, PUBLISHER_ERRORS)


@pytest.fixture()
def out_dir(extracted_out: Path, tmp_path: Path) -> Path:
    """An output folder holding the ``PUBLISHER_ERRORS`` samples, to review."""
    return Path(shutil.copytree(extracted_out, tmp_path / "out"))


TABLE_ERROR_CELLS = 5
"""Trusted cells a fabricated publisher error flags in the table of a sample's flagged cell."""


@pytest.fixture(scope="session")
def table_error_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder of one sample whose stored document was altered so that a whole
    table is flagged, as a publisher's error that breaks a table leaves it."""
    from nianbao.model import Status
    from nianbao.store import Store, document_to_json

    out = _extract_once(tmp_path_factory, PUBLISHER_ERRORS[:1])
    with Store(out) as store:
        [(_, document)] = list(store.documents())
        [record] = store.records()
        table = next(c.table for c in document.cells if c.status == Status.FLAGGED)
        trusted = [c for c in document.cells if c.table == table and c.status == Status.OK and c.value.isdigit()]
        for cell in trusted[:TABLE_ERROR_CELLS]:
            cell.status, cell.reason = Status.FLAGGED, "fabricated for the test: the table's publisher error"
        store.save(record, document_to_json(document))
    return out


@pytest.fixture()
def table_error_dir(table_error_out: Path, tmp_path: Path) -> Path:
    """A copy of ``table_error_out`` for one test to review."""
    return Path(shutil.copytree(table_error_out, tmp_path / "table_error"))
