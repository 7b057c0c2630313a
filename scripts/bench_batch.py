"""Benchmark the batch: files/min and pages/min for --workers auto, 1x1, 2x1 and 1x2, and peak memory per worker.

Two folders are run, each with the workers x threads that ``--workers auto`` chooses, one
one-thread worker (the unit of scaling), two one-thread workers and one two-thread worker,
into fresh output directories:
a mixed folder (the committed digital, scanned and bad samples, plus freshly generated
scanned reports, at least 50 files) and its scanned-only part, where the parallel speed-up
matters. Worker memory is sampled from the batch's child processes every 0.2 s.

    python scripts/bench_batch.py [--scanned 14] [--seed 71]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nianbao.batch import AUTO, BatchOptions, run_batch  # noqa: E402
from nianbao.batch.plan import machine_plan  # noqa: E402
from nianbao.settings import Settings  # noqa: E402

INPUTS = (".pdf", ".tif", ".png", ".jpg")
CONFIGS = ((AUTO, 0), (1, 1), (2, 1), (1, 2))
"""(workers, threads per worker): what ``--workers auto`` picks for this machine; then the
honest scaling measure, N one-thread workers against one one-thread worker; and one
worker on two threads, the other way to use two cores."""


class PeakMemory:
    """Peak resident memory of each child process while the block runs."""

    def __init__(self) -> None:
        self.peaks: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for child in me.children(recursive=True):
                try:
                    rss = child.memory_info().rss / 2**20
                except psutil.Error:
                    continue
                self.peaks[child.pid] = max(self.peaks.get(child.pid, 0.0), rss)
            time.sleep(0.2)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _copy_inputs(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        if path.suffix.lower() in INPUTS:
            shutil.copy(path, target / f"{source.name}_{path.name}")


def _run(folder: Path, workers: int, threads: int, scratch: Path) -> dict:
    out = scratch / f"out_{folder.name}_{workers}_{threads}"
    shutil.rmtree(out, ignore_errors=True)
    with PeakMemory() as memory, open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
        started = time.perf_counter()
        summary = run_batch(folder, out, Settings(threads=threads), BatchOptions(workers=workers, quiet=True))
        seconds = time.perf_counter() - started
    return {"files": summary["files"], "pages": summary["pages"], "seconds": seconds,
            "peak_mb": max(memory.peaks.values(), default=0.0), "statuses": summary["by_status"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scanned", type=int, default=14, help="scanned reports to generate besides the committed ones")
    parser.add_argument("--seed", type=int, default=71)
    parser.add_argument("--only", choices=["mixed", "scanned"], help="run one of the two folders")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
        scratch = Path(tmp)
        generated = scratch / "generated"
        subprocess.run([sys.executable, "-m", "samples.generator", "--scanned", "--count", str(args.scanned),
                        "--seed", str(args.seed), str(generated)], check=True, cwd=ROOT, capture_output=True)
        mixed, scanned = scratch / "mixed", scratch / "scanned"
        for source in (ROOT / "samples" / "digital", ROOT / "samples" / "scanned", ROOT / "samples" / "bad", generated):
            _copy_inputs(source, mixed)
        for source in (ROOT / "samples" / "scanned", generated):
            _copy_inputs(source, scanned)
        print(f"{'folder':<8} {'workers':>7} {'threads/worker':>14} {'files':>5} {'pages':>5} {'seconds':>8} "
              f"{'files/min':>9} {'pages/min':>9} {'peak MB/worker':>14} {'vs 1x1':>7}")
        for folder in (mixed, scanned):
            if args.only and folder.name != args.only:
                continue
            runs = {}
            for workers, threads in CONFIGS:
                shown = machine_plan() if workers == AUTO else (workers, threads)
                r = runs[workers, threads] = _run(folder, workers, threads, scratch)
                label = f"auto={shown[0]}" if workers == AUTO else str(workers)
                unit = runs.get((1, 1))
                print(f"{folder.name:<8} {label:>7} {shown[1]:>14} {r['files']:>5} {r['pages']:>5} {r['seconds']:>8.1f} "
                      f"{60 * r['files'] / r['seconds']:>9.1f} {60 * r['pages'] / r['seconds']:>9.1f} "
                      f"{r['peak_mb']:>14.0f} {(unit['seconds'] / r['seconds'] if unit else float('nan')):>6.2f}×", flush=True)
            auto = runs[AUTO, 0]
            print(f"{folder.name}: auto vs 1x1 {runs[1, 1]['seconds'] / auto['seconds']:.2f}×; load after: "
                  + " ".join(f"{x:.1f}" for x in os.getloadavg()), flush=True)


if __name__ == "__main__":
    main()
