"""The layout classifier: what each line of a report is.

A gradient-boosted tree model (scikit-learn) over ``features.FEATURES``, trained on
generated reports of many page layouts by ``scripts/train_layout.py`` and shipped as
``models/layout.skops``. skops loads it without unpickling arbitrary code: only the
scikit-learn and numpy types listed as trusted below are accepted.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import numpy as np
from threadpoolctl import threadpool_limits

from ..model import Document, Line
from ..settings import FeatureSettings
from .features import line_features, page_lines

CLASSES = ("title", "heading", "subheading", "body", "table", "furniture", "seal", "other")
MODEL_FILE = "layout.skops"


class ModelMissing(RuntimeError):
    """The shipped model file is absent (a broken install, or not trained yet)."""


@cache
def load_model():
    """The shipped classifier, loaded once per process."""
    import skops.io as sio

    path = resources.files("nianbao.models").joinpath(MODEL_FILE)
    if not path.is_file():
        raise ModelMissing(f"layout model {MODEL_FILE} not found in nianbao.models: run scripts/train_layout.py")
    data = path.read_bytes()
    untrusted = sio.get_untrusted_types(data=data)
    unexpected = [t for t in untrusted if not t.startswith(("sklearn.", "numpy."))]
    if unexpected:
        raise ModelMissing(f"layout model holds types nianbao does not trust: {unexpected}")
    return sio.loads(data, trusted=untrusted)


def classify_lines(document: Document, headings: tuple[str, ...], features: FeatureSettings) -> list[Line]:
    """Every line of the document with its layout class and probability (``headings``: the
    template's section headings, a feature of every line; ``features``: the numbers the
    model was trained with). One thread: a
    report's few hundred lines are too few to share out, and the gradient boosting's OpenMP
    threads cost more in waiting for each other than they save (a 97-line report: 0.13 s on
    one thread, 4.8-13 s on the default threads of a loaded 2-core machine)."""
    lines = [line for page in document.pages for line in page_lines(page, features)]
    if not lines:
        return lines
    model = load_model()
    with threadpool_limits(limits=1, user_api="openmp"):
        probabilities = model.predict_proba(line_features(document, lines, headings, features))
    best = np.argmax(probabilities, axis=1)
    for line, k, row in zip(lines, best, probabilities, strict=True):
        line.label, line.score = str(model.classes_[k]), float(row[k])
    return lines
