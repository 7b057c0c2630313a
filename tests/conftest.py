"""Shared fixtures: the committed samples, so no test needs LibreOffice, fonts or a network."""

from __future__ import annotations

import json
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
