"""The Python API: what the command does, for a notebook.

    import nianbao
    document = nianbao.extract("2021年报.pdf")          # a Document, checked
    document.cells_frame()                              # its cells, typed (pandas)
    cells, panel = nianbao.read_outputs("out/")         # a whole batch's output folder

``extract`` runs the same stages as ``nianbao extract`` (in this process, without the
command's time and memory limits); ``read_outputs`` reads an output folder's store with
the review decisions applied, as ``nianbao export`` writes it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .bounds import flag_out_of_bounds
from .export import stored_documents
from .frames import cells_frame, panel_frame
from .model import Document
from .pipeline import extract as run_pipeline
from .settings import Settings
from .store import Store, content_hash

if TYPE_CHECKING:
    import pandas


class Outputs(NamedTuple):
    cells: pandas.DataFrame
    """The long frame: a row per cell (``cells.csv``, typed)."""
    panel: pandas.DataFrame
    """The wide frame: a row per document (``reports.csv``, typed)."""


def extract(path: str | os.PathLike[str], **settings: object) -> Document:
    """Read one report (PDF, image or text) into a checked :class:`Document`. Keyword
    arguments are fields of :class:`nianbao.settings.Settings` (``ocr_engine="paddle"``…);
    an unknown one is a ``TypeError``."""
    path = Path(path)
    chosen = Settings(**settings)  # type: ignore[arg-type]
    document = run_pipeline(path, chosen)
    flag_out_of_bounds(document, chosen)
    document.sha256 = content_hash(path) if path.is_file() else ""
    return document


def read_outputs(out_dir: str | os.PathLike[str], **settings: object) -> Outputs:
    """The long and wide frames of an output folder of ``extract`` or ``batch``; a folder
    without a store is refused (``StoreError``). Keyword arguments are the
    :class:`nianbao.settings.Settings` fields the folder was read with (``template=``)."""
    out_dir = Path(out_dir)
    chosen = Settings(**settings)  # type: ignore[arg-type]
    with Store(out_dir, create=False, settings=chosen) as store:
        cells = cells_frame(stored_documents(store), chosen.template)
        panel = panel_frame(stored_documents(store), chosen.template)
    return Outputs(cells, panel)
