"""Generate a corpus of digital sample reports with ground truth.

    python -m samples.generator OUT_DIR --count 30 --seed 7 [--scanned]
    python -m samples.generator OUT_DIR --renderer word|web [--scanned | --sources] ...

Each sample is NAME.pdf beside NAME.truth.json (canonical keys → value as printed).
Styles vary by a seeded random draw: form (2019, 2021, mixed), font, size, blank-for-zero,
shaded headers, repeated headers after page breaks, label variants, where the big table
splits, amount units, and injected publisher arithmetic errors. With ``--scanned`` every
report is written as a scan instead (image-only PDF, every tenth a TIFF), its profile
cycling through ``scan.PROFILES``; the truth file names the profile.

The reportlab renderer (the default) draws the pages itself. ``--renderer word`` fills the
national .docx template and prints it with LibreOffice, ``--renderer web`` writes an HTML
page and prints it with Chromium (samples/generator/world.py); their scans cycle through
``scan.WORLD_PROFILES`` and a partial photo, and ``--sources`` keeps the .docx / .html
instead of printing them.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from pathlib import Path

from . import numbers
from .grids import Labels
from .render import FONTS, Layout, Style
from .report import Sample, render_pdf
from .scan import PROFILES, TRUST_PROFILES, WORLD_PROFILES, scan_pdf

BODIES = ["周口市人民政府", "鹿邑县人民政府", "平潭综合实验区管委会", "某市生态环境局", "某县教育局", "某区人民政府办公室",
          "某市住房和城乡建设局", "某镇人民政府"]
TITLES = ["{body}{year}年政府信息公开工作年度报告", "{body}{year}年度政府信息公开工作年度报告", "{body}关于{year}年政府信息公开工作的年度报告"]
SEEDS_FILE = Path(__file__).resolve().parent.parent / "seed_numbers.json"


def random_style(rng: random.Random) -> tuple[Style, Labels]:
    style = Style(
        font=rng.choice(sorted(FONTS)),
        size=rng.choice([9.0, 10.0, 10.5, 11.0]),
        blank_zero=rng.random() < 0.35,
        shade_headers=rng.random() < 0.3,
        repeat_header=rng.random() < 0.4,
        line_width=rng.choice([0.4, 0.6, 0.75, 1.0]),
        top_space=rng.choice([0.0, 0.0, 120.0, 250.0, 380.0]),
        amount_unit_in_cell=rng.random() < 0.3,
        margin=rng.choice([48.0, 56.0, 64.0]),
    )
    labels = Labels(
        bracket_full=rng.random() < 0.6,
        social_org=rng.choice(["社会公益组织", "社会公益组织", "社会组织"]),
        other_law=rng.choice(["2.其他法律行政法规禁止公开", "2.其他法律行政法规禁止公开", "2.其他法律法规禁止公开", "2.其他法律行政止公开"]),
        spaced=rng.random() < 0.2,
    )
    return style, labels


LAYOUT_FAMILIES = (
    # heading_align, footer, subheadings, title_lines
    ("left", "dash", "paren", 1),
    ("indent", "hyphen", "shi", 2),
    ("center", "page", "arabic", 1),
    ("left", "plain", "shi", 2),
    ("indent", "none", "paren", 1),
    ("center", "dash", "arabic", 2),
)
"""Page-layout families. The layout classifier is trained on some and measured on the
others, so its held-out score is for layouts it has not seen."""
HEADERS = ["", "", "政府信息公开工作年度报告", "{body}", "{body}文件"]


def random_layout(rng: random.Random, family: int, body: str) -> Layout:
    align, footer, subheadings, title_lines = LAYOUT_FAMILIES[family]
    signature = rng.random() < 0.6
    return Layout(
        heading_align=align,
        heading_delta=rng.choice([0.0, 1.0, 2.0, 4.0]),
        heading_font=rng.choice(["", "", "zenhei"]),
        title_lines=title_lines,
        title_delta=rng.choice([4.0, 6.0, 8.0]),
        header=rng.choice(HEADERS).format(body=body),
        footer=footer,
        signature=signature,
        seal=signature and rng.random() < 0.5,
        subheadings=subheadings,
        extra_table=rng.random() < 0.3,
    )


def inject_publisher_error(sample: Sample, rng: random.Random) -> None:
    """Print one total wrong, as publishers do; the truth is what is printed."""
    key = rng.choice(["applications.results_total.total", "applications.new.natural_person", "appeals.review.total"])
    sample.values[key] = str(int(sample.values[key]) + rng.randint(1, 5))
    sample.publisher_errors.append(key)


def random_sample(name: str, rng: random.Random) -> Sample:
    kind = rng.choices(["2021", "2019", "mixed"], [0.55, 0.3, 0.15])[0]
    forms = {
        "active_disclosure": "2019" if kind == "2019" else "2021",
        "applications": "2021" if kind == "2021" else "2019",
        "appeals": "any",
    }
    year = rng.choice([2019, 2020]) if kind == "2019" else rng.choice([2021, 2022, 2023, 2024])
    scale = rng.choice([3, 20, 80, 400])
    values, units = numbers.random_active(rng, forms["active_disclosure"], scale)
    values |= numbers.random_applications(rng, forms["applications"], scale)
    values |= numbers.random_appeals(rng, scale)
    style, labels = random_style(rng)
    amount_header = rng.choice(["本年收费金额（单位：万元，保留4位小数）", "本年收费金额（单位：万元）"])
    if forms["active_disclosure"] == "2019":
        unit = units["active_disclosure.procurement.amount"]
        amount_header = "采购总金额" if style.amount_unit_in_cell else f"采购总金额（{unit}）"
    else:
        style.amount_unit_in_cell = False
    return Sample(name, rng.choice(BODIES), year, forms, values, units, style, labels, amount_header, rng.choice(TITLES))


def seed_sample(seed_id: str, rng: random.Random) -> Sample:
    seed = json.loads(SEEDS_FILE.read_text(encoding="utf-8"))[seed_id]
    forms = {"active_disclosure": "2021", "applications": "2021", "appeals": "any"}
    values = numbers.active_2021(seed["active_disclosure"])
    values |= numbers.applications(seed["applications"], "2021")
    values |= numbers.appeals(seed["appeals"])
    units = {"active_disclosure.fees.amount": "万元"}
    style, labels = random_style(rng)
    style.amount_unit_in_cell = False
    for field_name, variant in seed.get("variants", {}).items():
        setattr(labels, {"social_org": "social_org", "withheld_other_law": "other_law"}[field_name], variant)
    return Sample(f"seed{seed_id}", seed["body"], seed["year"], forms, values, units, style, labels)


def write_bad_files(out: Path) -> None:
    """Files a scraped folder really holds besides reports, for the error-path tests."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    out.mkdir(parents=True, exist_ok=True)
    (out / "empty.pdf").write_bytes(b"")
    (out / "not_a_pdf.pdf").write_text("<html><body>404 Not Found</body></html>", encoding="utf-8")
    (out / "truncated.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    canvas = Canvas(str(out / "encrypted.pdf"), encrypt=StandardEncryption("secret", canPrint=0))
    canvas.drawString(72, 720, "encrypted")
    canvas.save()
    canvas = Canvas(str(out / "image_only.pdf"))  # a scan: drawing, no text layer
    canvas.rect(72, 400, 400, 300)
    canvas.line(72, 550, 472, 550)
    canvas.save()
    canvas = Canvas(str(out / "no_report.pdf"))
    canvas.drawString(72, 720, "Meeting minutes, no tables here.")
    canvas.save()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=30, help="random samples besides the seed-based ones")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--error-share", type=float, default=0.1, help="share of samples with a publisher error")
    parser.add_argument("--bad", action="store_true", help="write the bad-file fixtures instead")
    parser.add_argument("--scanned", action="store_true", help="write scanned variants instead of digital PDFs")
    parser.add_argument("--profiles", nargs="+", choices=WORLD_PROFILES + TRUST_PROFILES + ("partial_photo",),
                        help="scan profiles to cycle through with --scanned (default: PROFILES, or for word/web "
                             "WORLD_PROFILES and partial_photo)")
    parser.add_argument("--unruled", action="store_true", help="print every table without ruling lines (reportlab)")
    parser.add_argument("--layouts", type=int, nargs="*", metavar="FAMILY",
                        help="vary the page layout, drawing from these LAYOUT_FAMILIES (all when none named)")
    parser.add_argument("--renderer", choices=["reportlab", "word", "web"], default="reportlab")
    parser.add_argument("--sources", action="store_true", help="word/web: keep the .docx/.html, do not print them")
    parser.add_argument("--pictures", type=float, default=0.0, help="web: share of pages whose tables are pictures")
    parser.add_argument("--cases", nargs="*", metavar="CASE", help="the committed samples of issue 13's cases instead (all when none named)")
    args = parser.parse_args()
    if args.renderer == "reportlab" and "partial_photo" in (args.profiles or []):
        parser.error("partial_photo frames a printed table: only with --renderer word or web")
    if args.bad:
        write_bad_files(args.out)
        return
    if args.cases is not None:
        from .cases import write_cases

        write_cases(args.out, args.cases)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    samples = [seed_sample(s, rng) for s in ("000", "001", "002", "004")]
    for i in range(args.count):
        sample = random_sample(f"gen{args.seed:02d}_{i:03d}", rng)
        if rng.random() < args.error_share:
            inject_publisher_error(sample, rng)
        samples.append(sample)
    if args.layouts is not None:
        families = args.layouts or list(range(len(LAYOUT_FAMILIES)))
        for sample in samples:
            layout_rng = random.Random(f"layout{sample.name}")  # the numbers' draws stay as they were
            sample.layout = random_layout(layout_rng, layout_rng.choice(families), sample.body)
    if args.renderer != "reportlab":
        from .world import write_world

        written = write_world(samples, args.out, args.renderer, scanned=args.scanned, sources=args.sources,
                              pictures=args.pictures, profiles=args.profiles)
        print(f"wrote {written} samples to {args.out}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        for i, sample in enumerate(samples):
            sample.style.ruled = not args.unruled
            truth = sample.truth()
            digital = args.out / f"{sample.name}.pdf"
            if args.scanned:
                digital = Path(tmp) / digital.name
                target = args.out / f"{sample.name}.{'tif' if i % 10 == 9 else 'pdf'}"
                truth["layout"] = render_pdf(sample, digital, random.Random(sample.name))
                profiles = args.profiles or list(PROFILES)
                truth["scan"] = scan_pdf(digital, target, profiles[i % len(profiles)], random.Random(f"scan{sample.name}"))
            else:
                truth["layout"] = render_pdf(sample, digital, random.Random(sample.name))
            (args.out / f"{sample.name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {len(samples)} samples to {args.out}")


if __name__ == "__main__":
    main()
