"""Train the layout classifier and write models/layout.skops with its model card.

    python scripts/train_layout.py            # train, evaluate, write the model and card
    python scripts/train_layout.py --check    # retrain and confirm the shipped model is reproduced

Data: reports drawn by the sample generator with varied page layouts, each with the true
class of every line it drew. Training uses layout families 0-3, the held-out set families
4-5 (combinations of heading placement, page numbers, sub-heading style and title split
that training never saw) and other seeds. Both sets hold digital reports and scans read
by the real OCR path, so one model serves both. Everything is seeded: the same command
gives the same model (checked by comparing predictions, since the file's zip timestamps
differ).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.metrics import f1_score, precision_recall_fscore_support  # noqa: E402

from nianbao.ingest import load_document  # noqa: E402
from nianbao.layout.classifier import CLASSES, MODEL_FILE  # noqa: E402
from nianbao.layout.features import FEATURES, line_features, page_lines  # noqa: E402
from nianbao.model import Line  # noqa: E402
from nianbao.ocr import read_pages  # noqa: E402
from nianbao.scan import find_rulings  # noqa: E402
from nianbao.scan.repair import repair_pages  # noqa: E402
from nianbao.settings import Settings  # noqa: E402

MODELS = ROOT / "models"
TRAIN_FAMILIES, HELD_OUT_FAMILIES = [0, 1, 2, 3], [4, 5]
CORPORA = {
    # name: (families, seed, digital count, scanned count)
    "train": (TRAIN_FAMILIES, 101, 60, 10),
    "held_out": (HELD_OUT_FAMILIES, 202, 30, 6),
}
SCORED = ("title", "heading", "subheading", "table")
"""The classes the acceptance score (macro-F1) is taken over: headings and tables."""
SETTINGS = Settings(threads=1)  # one thread: the OCR'd training lines are the same on every machine
SEED = 0


def _generate(out: Path, families: list[int], seed: int, count: int, scanned: bool) -> None:
    command = [sys.executable, "-m", "samples.generator", str(out), "--count", str(count), "--seed", str(seed),
               "--error-share", "0", "--layouts", *map(str, families)]
    subprocess.run(command + (["--scanned"] if scanned else []), check=True, cwd=ROOT, capture_output=True)


def _label(line: Line, records: list[list]) -> str | None:
    """The class of the drawn lines the read line overlaps most (by area), or None."""
    x0, top, x1, bottom = line.box
    votes: Counter[str] = Counter()
    for page, r0, rtop, r1, rbottom, kind, _ in records:
        if page != line.page:
            continue
        w = min(x1, r1) - max(x0, r0)
        h = min(bottom, rbottom) - max(top, rtop)
        if w > 0 and h > 0:
            votes[kind] += w * h
    return votes.most_common(1)[0][0] if votes else None


def _document_lines(path: Path) -> tuple[object, list[Line]]:
    document = load_document(path, SETTINGS)
    for stage in (repair_pages, find_rulings, read_pages):
        document = stage(document, SETTINGS)
    return document, [line for page in document.pages for line in page_lines(page, SETTINGS.layout.features)]


def load_corpus(folder: Path) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Features and true classes of every labelled line of every report in ``folder``."""
    xs, ys, kinds = [], [], []
    for truth_path in sorted(folder.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        source = next(p for p in folder.glob(f"{truth['document']}.*") if not p.name.endswith(".json"))
        document, lines = _document_lines(source)
        labels = [_label(line, truth["layout"]) for line in lines]
        keep = [i for i, label in enumerate(labels) if label is not None]
        if not keep:
            continue
        features = line_features(document, lines, SETTINGS.template.headings, SETTINGS.layout.features)[keep]
        xs.append(features)
        ys.extend(labels[i] for i in keep)
        kinds.extend(["scanned" if "scan" in truth else "digital"] * len(keep))
    return np.vstack(xs), np.asarray(ys), kinds


def train(x: np.ndarray, y: np.ndarray) -> HistGradientBoostingClassifier:
    model = HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_leaf_nodes=15,
                                           class_weight="balanced", random_state=SEED)
    return model.fit(x, y)


def _scores(model, x: np.ndarray, y: np.ndarray) -> dict:
    predicted = model.predict(x)
    present = [c for c in CLASSES if c in set(y) | set(predicted)]
    p, r, f, n = precision_recall_fscore_support(y, predicted, labels=present, zero_division=0)
    scored = [c for c in SCORED if c in present]
    return {
        "per_class": {c: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                          "f1": round(float(f[i]), 4), "support": int(n[i])} for i, c in enumerate(present)},
        "macro_f1_headings_tables": round(float(f1_score(y, predicted, labels=scored, average="macro")), 4),
        "macro_f1_all": round(float(f1_score(y, predicted, labels=present, average="macro", zero_division=0)), 4),
    }


def _fingerprint(model, x: np.ndarray) -> str:
    return hashlib.sha256(np.round(model.predict_proba(x), 10).tobytes()).hexdigest()[:16]


def _card(metrics: dict, sizes: dict, fingerprint: str) -> str:
    held = metrics["held_out"]
    rows = "\n".join(f"| {c} | {m['precision']:.4f} | {m['recall']:.4f} | {m['f1']:.4f} | {m['support']} |"
                     for c, m in held["per_class"].items())
    by_kind = "\n".join(f"| {kind} | {m['macro_f1_headings_tables']:.4f} | {m['macro_f1_all']:.4f} |"
                        for kind, m in metrics["held_out_by_source"].items())
    return f"""# Model card: layout classifier (`{MODEL_FILE}`)

**What it does.** Gives every printed line of a report one class: {", ".join(CLASSES)}.
The layout stage (`nianbao/layout/`) uses it to find the title and the six section
headings, to segment the report into sections, and to tell which section each table
region belongs to.

**Model.** scikit-learn `HistGradientBoostingClassifier` (100 iterations, 15 leaves,
balanced class weights, random_state {SEED}), stored with skops. Loading accepts only
scikit-learn and numpy types, and no pickle.

**Features** ({len(FEATURES)}, from the document model only, so text layers and OCR share the
model): {", ".join(f"`{f}`" for f in FEATURES)}. See `nianbao/layout/features.py`.

**Data.** Reports drawn by `samples.generator --layouts`, with the true class of every line
drawn. A read line takes the class of the drawn lines it overlaps most.

- Training: layout families {TRAIN_FAMILIES}, seed {CORPORA["train"][1]}. {sizes["train"]["documents"]} reports
  ({sizes["train"]["digital"]} digital, {sizes["train"]["scanned"]} scanned and read by the OCR path),
  {sizes["train"]["lines"]} lines.
- Held out: layout families {HELD_OUT_FAMILIES}, seed {CORPORA["held_out"][1]}. These are combinations of heading
  placement, page-number style, sub-heading style and title split that training never saw.
  {sizes["held_out"]["documents"]} reports ({sizes["held_out"]["digital"]} digital, {sizes["held_out"]["scanned"]} scanned),
  {sizes["held_out"]["lines"]} lines.

**Held-out results.** Macro-F1 over {", ".join(SCORED)}: **{held["macro_f1_headings_tables"]:.4f}**.
Macro-F1 over all classes present: {held["macro_f1_all"]:.4f}.

| class | precision | recall | F1 | lines |
|---|---|---|---|---|
{rows}

| held-out source | macro-F1 headings+tables | macro-F1 all |
|---|---|---|
{by_kind}

**Limits.**

- It was trained on generated layouts only. The real reports in `../shared/` are text
  without geometry, so they test the section segmentation (`tests/test_layout.py`), not
  this model.
- A sub-heading run into its paragraph ("一是……") is part of a body line, and is classed
  as body.
- Seal text is drawn as red characters on an arc in digital PDFs. On scans the red
  channel removes seals before OCR, so little seal text reaches the model.

**Reproduce.** `python scripts/train_layout.py`. `--check` retrains and compares the
predictions on the held-out set with the shipped model's (fingerprint `{fingerprint}`).
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="retrain and compare with the shipped model")
    args = parser.parse_args()
    started = time.perf_counter()
    data, sizes = {}, {}
    with tempfile.TemporaryDirectory(prefix="nianbao-layout-") as tmp:
        for name, (families, seed, digital, scanned) in CORPORA.items():
            for kind, count in (("digital", digital), ("scanned", scanned)):
                folder = Path(tmp) / name / kind
                _generate(folder, families, seed + (kind == "scanned"), count, kind == "scanned")
            xd, yd, kd = load_corpus(Path(tmp) / name / "digital")
            xs, ys, ks = load_corpus(Path(tmp) / name / "scanned")
            data[name] = (np.vstack([xd, xs]), np.concatenate([yd, ys]), kd + ks)
            sizes[name] = {"documents": digital + scanned + 8, "digital": digital + 4, "scanned": scanned + 4, "lines": len(yd) + len(ys)}
            print(f"{name}: {sizes[name]['lines']} lines, classes {dict(Counter(data[name][1]))}", flush=True)
    model = train(*data["train"][:2])
    x_held, y_held, kinds_held = data["held_out"]
    metrics = {"held_out": _scores(model, x_held, y_held), "held_out_by_source": {}}
    for kind in ("digital", "scanned"):
        mask = np.asarray([k == kind for k in kinds_held])
        metrics["held_out_by_source"][kind] = _scores(model, x_held[mask], y_held[mask])
    fingerprint = _fingerprint(model, x_held)
    print(json.dumps(metrics, ensure_ascii=False, indent=1))
    print(f"held-out macro-F1 (headings and tables): {metrics['held_out']['macro_f1_headings_tables']:.4f}")
    print(f"prediction fingerprint: {fingerprint}; {time.perf_counter() - started:.0f} s")
    if args.check:
        from nianbao.layout.classifier import load_model

        shipped = _fingerprint(load_model(), x_held)
        print("reproduced the shipped model" if shipped == fingerprint else f"DIFFERS from the shipped model ({shipped})")
        raise SystemExit(0 if shipped == fingerprint else 1)
    import skops.io as sio

    sio.dump(model, MODELS / MODEL_FILE)
    (MODELS / "layout_metrics.json").write_text(json.dumps(metrics | {"sizes": sizes, "fingerprint": fingerprint},
                                                           ensure_ascii=False, indent=1), encoding="utf-8")
    (MODELS / "layout_model_card.md").write_text(_card(metrics, sizes, fingerprint), encoding="utf-8")
    print(f"wrote {MODELS / MODEL_FILE}, layout_metrics.json, layout_model_card.md")


if __name__ == "__main__":
    main()
