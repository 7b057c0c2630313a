"""PP-OCRv6 text recognition on onnxruntime, from the model shipped in the rapidocr wheel.

Why not call ``rapidocr.RapidOCR`` itself: it returns one string and one score per line,
and pads every short line to 320 px. Reconciliation needs each character's alternatives
from the recognizer's CTC output (the model ends in softmax; its character list is in the
ONNX metadata), and a table page is mostly short numbers. So this runs the same model
file directly: crops are batched by width and padded only to their batch's widest, and
each crop is decoded twice from the same output — with every character, and with digits
only — keeping the digits-only reading where the line holds no Chinese text. A lone "0"
is then never read as "。", nor "1" as "丨".

Nothing is downloaded: the model is a file inside the installed rapidocr package.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from importlib import resources

import cv2
import numpy as np
import opencc

from .engine import CharReading, EngineMissing, Reading

MODEL_FILE = "PP-OCRv6_rec_small.onnx"
HEIGHT = 48
MIN_WIDTH = 64
"""Narrow crops (a lone digit) are padded to this width: CTC needs a few frames per glyph."""
BATCH = 8
TOP_K = 3
NUMERIC = "0123456789.,-—–－一"
"""Classes of the digits-only decoding. The recognizer reads a printed dash as 一; without
it in the set, a dash (nothing to report) would be forced into the nearest digit, 1."""
DASHES = "一–－-"
DIGIT_LOOKALIKE = "一丨〇。"
"""Ideographs and marks a printed digit or dash is mistaken for; they do not make a crop text."""
WIDE = 4.5
SQUEEZE = 0.5
"""Crops wider than WIDE x their height hold Chinese labels or prose (no count in these
tables runs to 8 digits); they are read squeezed to half width, which the model reads as
well (measured on rendered report pages) at half the cost. Large print (a title, taller
than the model's input) is read unsqueezed: squeezed, its strokes crowd and 生 turns 空."""


def _model_path() -> str:
    try:
        path = resources.files("rapidocr") / "models" / MODEL_FILE
    except ModuleNotFoundError as exc:
        raise EngineMissing("OCR engine 'rapidocr' is not installed: pip install nianbao") from exc
    if not path.is_file():
        raise EngineMissing(f"the installed rapidocr has no {MODEL_FILE}; install rapidocr>=3.8")
    return str(path)


def _is_text(text: str) -> bool:
    """True when a full-alphabet reading holds Chinese (so it is a label, not a number)."""
    return any(unicodedata.category(ch) == "Lo" and ch not in DIGIT_LOOKALIKE for ch in text)


class PPOCRRecognizer:
    """PP-OCR recognition (CTC) with per-character alternatives."""

    name = "rapidocr"

    def __init__(self, threads: int = 0) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.log_severity_level = 3
        self._session = ort.InferenceSession(_model_path(), options, providers=["CPUExecutionProvider"])
        meta = self._session.get_modelmeta().custom_metadata_map
        self._alphabet = ["", *meta["character"].splitlines(), " "]
        numeric = [i for i, ch in enumerate(self._alphabet) if len(ch) == 1 and ch in NUMERIC]
        self._numeric_classes = np.array([0, *numeric])

    def recognize(self, crops: Sequence[np.ndarray]) -> list[Reading]:
        prepared = [_prepare(crop) for crop in crops]
        content = [_content_width(crop) for crop in crops]
        order = sorted(range(len(prepared)), key=lambda i: prepared[i].shape[2])
        out: list[Reading | None] = [None] * len(prepared)
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            width = max(prepared[i].shape[2] for i in chunk)
            batch = np.zeros((len(chunk), 3, HEIGHT, width), np.float32)
            for row, i in enumerate(chunk):
                batch[row, :, :, : prepared[i].shape[2]] = prepared[i]
            probs = self._session.run(None, {"x": batch})[0]
            frames_per_px = probs.shape[1] / width
            for row, i in enumerate(chunk):
                used = min(probs.shape[1], math.ceil(prepared[i].shape[2] * frames_per_px) + 1)
                left = (prepared[i].shape[2] - content[i]) // 2
                px_per_frame = crops[i].shape[1] / content[i] / frames_per_px
                out[i] = self._decode(probs[row, :used], px_per_frame, left * frames_per_px)
        return [r for r in out if r is not None]

    def _decode(self, probs: np.ndarray, px_per_frame: float, first_frame: float) -> Reading:
        full = _ctc(probs, np.arange(probs.shape[1]), self._alphabet, px_per_frame, first_frame)
        text = "".join(c.text for c in full)
        if not _is_text(text):
            digits = _ctc(probs, self._numeric_classes, self._alphabet, px_per_frame, first_frame)
            digits = [_dash_as_dash(c) for c in digits]
            if digits or not text.strip():
                return _reading(digits, probs, numeric=True)
        return _simplified(_reading(full, probs, numeric=False))


_TO_SIMPLIFIED = opencc.OpenCC("t2s")


def _simplified(reading: Reading) -> Reading:
    """The reading in simplified characters. The reports are printed in simplified
    Chinese; the recognizer, trained on both scripts, sometimes answers 規 for 规 or
    內 for 内, which would keep a label from matching its template row."""
    chars = tuple(replace(c, text=_TO_SIMPLIFIED.convert(c.text)) for c in reading.chars)
    return replace(reading, text="".join(c.text for c in chars), chars=chars)


def _reading(chars: list[CharReading], probs: np.ndarray, numeric: bool) -> Reading:
    score = float(np.mean([c.alternatives[0][1] for c in chars])) if chars else float(probs[:, 0].mean())
    return Reading("".join(c.text for c in chars), score, tuple(chars), numeric)


def _dash_as_dash(char: CharReading) -> CharReading:
    if char.text not in DASHES:
        return char
    return CharReading("—", char.x0, char.x1, tuple(("—" if a in DASHES else a, p) for a, p in char.alternatives))


def _ctc(
    probs: np.ndarray, classes: np.ndarray, alphabet: list[str], px_per_frame: float, first_frame: float
) -> list[CharReading]:
    """Greedy CTC decoding restricted to ``classes`` (index 0 = blank). Each character
    keeps the alternatives at its most confident frame, renormalised over the allowed
    non-blank classes: which character it is, given that one is there."""
    sub = probs[:, classes]
    best = sub.argmax(axis=1)
    chars: list[CharReading] = []
    t = 0
    while t < len(best):
        k = best[t]
        end = t
        while end + 1 < len(best) and best[end + 1] == k:
            end += 1
        if k != 0:
            peak = t + int(sub[t : end + 1, k].argmax())
            row = sub[peak, 1:]
            top = np.argsort(row)[::-1][:TOP_K]
            total = float(row.sum()) or 1.0
            alternatives = [(alphabet[classes[j + 1]], float(row[j]) / total) for j in top]
            x0, x1 = (t - first_frame) * px_per_frame, (end + 1 - first_frame) * px_per_frame
            chars.append(CharReading(alphabet[classes[k]], max(0.0, x0), max(0.0, x1), tuple(alternatives)))
        t = end + 1
    return chars


def _content_width(crop: np.ndarray) -> int:
    """Width in model pixels of the crop itself, before padding."""
    h, w = crop.shape[:2]
    squeeze = SQUEEZE if w > WIDE * h and h < HEIGHT else 1.0
    return max(1, round(w * squeeze * HEIGHT / max(h, 1)))


def _prepare(crop: np.ndarray) -> np.ndarray:
    """A grey crop as the model's normalised 3x48xW input (W ≥ MIN_WIDTH, white padded)."""
    h = crop.shape[0]
    width = _content_width(crop)
    resized = cv2.resize(crop, (width, HEIGHT), interpolation=cv2.INTER_AREA if h > HEIGHT else cv2.INTER_CUBIC)
    if width < MIN_WIDTH:
        pad = MIN_WIDTH - width
        resized = cv2.copyMakeBorder(resized, 0, 0, pad // 2, pad - pad // 2, cv2.BORDER_CONSTANT, value=255)
    x = resized.astype(np.float32) / 127.5 - 1.0
    return np.repeat(x[None], 3, axis=0)
