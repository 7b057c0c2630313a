"""Two independent computations of one page run on two threads, where the settings give more than one.

The recognizer uses every core it is given, but the pixel work around it (labelling,
thresholds, morphology: OpenCV and numpy, which let go of the interpreter lock) ran on one
core while the other waited. Where a page's work holds two independent parts (the print
size measured beside the text lines cut at the usual size; the quarter-turn counts of the
page as it stands beside those of the page turned), they run side by side when
``Settings.threads`` is 0 (every core) or more than 1. A batch worker on one thread runs
them one after the other, as before. Each part computes exactly what it did alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

First = TypeVar("First")
Second = TypeVar("Second")
Item = TypeVar("Item")


def thread_count(threads: int) -> int:
    """The threads ``threads`` (``Settings.threads``; 0: every core) gives."""
    return (os.cpu_count() or 1) if threads == 0 else max(1, threads)


def two_threads(threads: int) -> bool:
    """Whether ``threads`` (``Settings.threads``; 0: every core) allows a second thread."""
    return thread_count(threads) > 1


def each_thread(threads: int, work: Callable[[Item], None], items: list[Item]) -> None:
    """``work`` on every item, on as many threads as ``threads`` gives, each taking the next
    item left (in order, where one thread is all there is)."""
    workers = min(thread_count(threads), len(items))
    if workers <= 1:
        for item in items:
            work(item)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for done in [pool.submit(work, item) for item in items]:
            done.result()


def side_by_side(threads: int, first: Callable[[], First], second: Callable[[], Second]) -> tuple[First, Second]:
    """``(first(), second())``, ``second`` on a thread of its own where ``threads`` allows."""
    if not two_threads(threads):
        return first(), second()
    with ThreadPoolExecutor(max_workers=1) as pool:
        later = pool.submit(second)
        return first(), later.result()
