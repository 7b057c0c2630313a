"""Batch processing of a scraped folder: resumable, parallel, and safe against bad files.

State lives in the output directory's store (SQLite): a file is recorded the moment it
finishes, and its rows are appended to ``cells.csv`` / ``reports.csv`` at once, so a crash
keeps everything done. A re-run skips files already recorded (by content hash), retries
failed ones only when asked, and never touches review decisions. At the end the CSVs are
rewritten from the store in a stable order (decisions applied) and a summary is written:
an interrupted and resumed batch ends with the same files as an uninterrupted one.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path

from tqdm import tqdm

from ..export import CsvWriter, stored_documents, write_csv
from ..model import Document
from ..names import shown
from ..settings import DEFAULT_SETTINGS, Settings
from ..store import Store, document_from_json
from .discover import find_inputs
from .executors import EXECUTORS, run_jobs
from .plan import AUTO, machine_plan, usable_cores
from .pool import Limits
from .summary import PanelRow, panel_row, summarize, write_summary
from .worker import Outcome

RETRIED = ("failed", "timed_out")
LOG_NAME = "batch.log.jsonl"


@dataclass(frozen=True, slots=True)
class BatchOptions:
    workers: int = 1
    executor: str = "local"
    scheduler: str | None = None
    retry_failed: bool = False
    quiet: bool = False
    limits: Limits = field(default_factory=Limits)
    encoding: str = "utf-8-sig"

    def __post_init__(self) -> None:
        if self.executor not in EXECUTORS:
            raise ValueError(f"executor must be one of {EXECUTORS}")
        if self.workers < 1 and self.workers != AUTO:
            raise ValueError("workers must be at least 1, or AUTO")


def _log_line(outcome: Outcome) -> str:
    r = outcome.record
    return json.dumps({"file": shown(r.path), "name": r.name, "hash": r.hash[:16], "status": r.status, "reason": r.reason,
                       "pages": r.pages, "kind": r.kind, "seconds": r.seconds, "flagged": r.flagged}, ensure_ascii=False)


def _plan(options: BatchOptions, settings: Settings, files: int) -> tuple[BatchOptions, Settings]:
    """Workers and threads of a local batch: AUTO asks the machine; N workers share its cores."""
    if options.executor != "local":
        return options, settings
    if options.workers == AUTO:
        workers, threads = machine_plan(files)
        return replace(options, workers=workers), replace(settings, threads=settings.threads or threads)
    if options.workers > 1 and settings.threads == 0:
        settings = replace(settings, threads=max(1, usable_cores() // options.workers))
    return options, settings


def _wanted(store: Store, digest: str, retry_failed: bool) -> bool:
    """A file not yet stored, or one that failed (a stage raised, even where its cells
    stand as ``partial``) when asked to retry."""
    status = store.status(digest)
    if status is None:
        return True
    return retry_failed and (status in RETRIED or (status == "partial" and store.stage_failed(digest)))


def run_batch(input_dir: Path, out_dir: Path, settings: Settings = DEFAULT_SETTINGS, options: BatchOptions = BatchOptions()) -> dict:
    """Process every input under ``input_dir`` not yet done into ``out_dir``; return the summary."""
    store = Store(out_dir, settings=settings)
    try:
        inputs = find_inputs(input_dir, out_dir / "unpacked", exclude=out_dir)
        todo = [j for j in inputs.jobs if _wanted(store, j.digest, options.retry_failed)]
        todo.sort(key=lambda j: -os.path.getsize(j.path))  # biggest first: no worker is left alone with a long file at the end
        options, settings = _plan(options, settings, len(todo))
        write_csv(stored_documents(store), out_dir, settings.template, options.encoding)  # what earlier runs did, then appended to
        appender = CsvWriter(out_dir, settings.template, options.encoding, mode="a")
        failures = 0
        with (out_dir / LOG_NAME).open("a", encoding="utf-8") as log, tqdm(
            total=len(todo), unit="file", disable=options.quiet, file=sys.stderr, dynamic_ncols=True
        ) as bar:
            outcomes = run_jobs(todo, settings, options.executor, options.workers, options.limits, options.scheduler)
            # run_jobs returns a generator (run_local's, run_dask's), which closes; its type says Iterator
            with closing(outcomes):  # type: ignore[type-var]  # an interrupt or a full disk stops the workers at once
                for outcome in outcomes:
                    store.save(outcome.record, outcome.document, outcome.crops)
                    if outcome.document is not None:
                        appender.write(document_from_json(outcome.document))
                    line = _log_line(outcome)
                    log.write(line + "\n")
                    log.flush()
                    if options.quiet:
                        print(line, flush=True)
                    failures += outcome.record.status in RETRIED
                    record = outcome.record  # the last file finished, its pages, and the failures so far
                    bar.set_postfix_str(f"{record.name[-40:]} ({record.pages} p), {failures} failed", refresh=False)
                    bar.update()
        appender.close()
        rows: list[PanelRow] = []

        def kept(documents: Iterator[Document]) -> Iterator[Document]:
            for document in documents:
                rows.append(panel_row(document))
                yield document

        write_csv(kept(stored_documents(store)), out_dir, settings.template, options.encoding)
        summary = summarize(store.records(), rows, inputs.duplicates, inputs.skipped, settings.template)
        write_summary(summary, out_dir)
        return summary
    finally:
        store.close()


__all__ = ["AUTO", "BatchOptions", "Limits", "run_batch"]
