"""Ground-truth numbers for a sample: random but consistent, or taken from a seed report."""

from __future__ import annotations

import random

from nianbao.template import load_template

APPLICANTS = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org"]
RESULT_ROWS_2021 = [
    "granted", "partly_granted", "withheld_state_secret", "withheld_other_law", "withheld_security",
    "withheld_third_party", "withheld_internal", "withheld_process", "withheld_enforcement", "withheld_query",
    "unable_not_held", "unable_needs_creation", "unable_unclear", "rejected_petition", "rejected_repeat",
    "rejected_publication", "rejected_excessive", "rejected_confirmation", "other_no_correction", "other_no_fee", "other",
]
OTHER_ROWS = ["other_no_correction", "other_no_fee", "other"]
APPEAL_ROWS = ["review", "litigation_direct", "litigation_after_review"]
APPEAL_PARTS = ["upheld", "corrected", "other", "pending"]


def _count(rng: random.Random, scale: int, zero_share: float) -> int:
    if rng.random() < zero_share:
        return 0
    return int(rng.paretovariate(1.2) * scale / 4) % (scale * 3 + 1)


def applications(rows: dict[str, list[int]], form: str, rng: random.Random | None = None) -> dict[str, str]:
    """Complete an applications table from its result rows (and new/carried rows if known)."""
    table = {r: list(rows.get(r, [0] * 6)) for r in RESULT_ROWS_2021}
    results_total = [sum(table[r][c] for r in RESULT_ROWS_2021) for c in range(6)]
    carried_over = list(rows.get("carried_over", [0] * 6))
    if "carried_forward" in rows:
        carried_forward = list(rows["carried_forward"])
    elif "new" in rows:
        carried_forward = [rows["new"][c] + carried_over[c] - results_total[c] for c in range(6)]
    elif rng is not None:
        carried_forward = [rng.choice([0, 0, 0, 1, 2]) for _ in range(6)]
    else:
        carried_forward = [0] * 6
    if rng is not None and "carried_over" not in rows:
        carried_over = [min(rng.choice([0, 0, 0, 1, 3]), results_total[c] + carried_forward[c]) for c in range(6)]
    new = [results_total[c] + carried_forward[c] - carried_over[c] for c in range(6)]
    if any(v < 0 for v in new + carried_forward):
        raise ValueError("inconsistent seed numbers")
    full = {"new": new, "carried_over": carried_over, **table, "results_total": results_total, "carried_forward": carried_forward}
    if form == "2019":
        full["other_processing"] = [sum(table[r][c] for r in OTHER_ROWS) for c in range(6)]
        for r in OTHER_ROWS:
            del full[r]
    out = {}
    for row, values in full.items():
        for col, value in zip(APPLICANTS, values, strict=True):
            out[f"applications.{row}.{col}"] = str(value)
        out[f"applications.{row}.total"] = str(sum(values))
    return out


def appeals(rows: dict[str, list[int]]) -> dict[str, str]:
    out = {}
    for row in APPEAL_ROWS:
        values = rows.get(row, [0, 0, 0, 0])
        for col, value in zip(APPEAL_PARTS, values, strict=True):
            out[f"appeals.{row}.{col}"] = str(value)
        out[f"appeals.{row}.total"] = str(sum(values))
    return out


def active_2021(rows: dict[str, list]) -> dict[str, str]:
    form = load_template().form("active_disclosure", "2021")
    out = {}
    for row, col in form.cells:
        values = rows[row]
        index = [c for r, c in form.cells if r == row].index(col)
        out[f"active_disclosure.{row}.{col}"] = str(values[index])
    return out


def random_active(rng: random.Random, form_name: str, scale: int) -> tuple[dict[str, str], dict[str, str]]:
    """Values and units of a random active-disclosure table."""
    form = load_template().form("active_disclosure", form_name)
    values, units = {}, {}
    for row, col in form.cells:
        key = f"active_disclosure.{row}.{col}"
        kind = form.column(col).kind
        if kind == "amount":
            places = rng.choice([4, 4, 4, 2, 0, 6])
            number = rng.uniform(0, 50000) if rng.random() > 0.2 else 0
            values[key] = f"{number:.{places}f}" if number else "0"
            units[key] = form.column(col).unit or rng.choice(["元", "万元"])
        elif kind == "signed":
            values[key] = str(rng.randint(-30, 40))
        else:
            values[key] = str(_count(rng, scale * 20, 0.25))
    return values, units


def random_applications(rng: random.Random, form: str, scale: int) -> dict[str, str]:
    rows = {}
    for row in RESULT_ROWS_2021:
        share = 0.45 if row in ("granted", "partly_granted", "unable_not_held") else 0.8
        rows[row] = [_count(rng, scale if c == 0 else max(1, scale // 8), share if c == 0 else 0.85) for c in range(6)]
    return applications(rows, form, rng)


def random_appeals(rng: random.Random, scale: int) -> dict[str, str]:
    return appeals({r: [_count(rng, max(1, scale // 10), 0.7) for _ in range(4)] for r in APPEAL_ROWS})
