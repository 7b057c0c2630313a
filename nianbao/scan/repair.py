"""Page repair: make a scanned or photographed page upright, level, flat and clean.

Order matters: a photographed page is first flattened onto its own paper; the grey image
is taken from the red channel, in which a red seal stamped over the numbers vanishes
while the black print stays; uneven lighting and faded or fax-like ink are normalised
against the local paper brightness; the page is turned a quarter if its text runs
vertically, levelled by the angle at which its rows of ink are sharpest, and finally
turned over if the recognizer reads it better upside down. Each repair done is noted
on the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from ..imaging import ink_mask, ruling_pixels, text_px
from ..model import Document, Page
from ..ocr import EngineMissing, Recognizer, engine_for, line_crops, line_shaped_blobs
from ..ocr.segment import LineCrop
from ..ocr.side_by_side import side_by_side
from ..settings import DEFAULT_SETTINGS, ImagingSettings, RepairSettings, Settings

A4_RATIO = 297 / 210
DEFAULT_REPAIR = DEFAULT_SETTINGS.repair


def _paper_quad(rgb: np.ndarray, repair: RepairSettings = DEFAULT_REPAIR) -> np.ndarray | None:
    """The corners of the paper in a photograph of a page, or None for a flat scan
    (paper filling the frame, or no clear darker surround)."""
    small_scale = 600 / max(rgb.shape[:2])
    small = cv2.resize(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), None, fx=small_scale, fy=small_scale, interpolation=cv2.INTER_AREA)
    _, paper = cv2.threshold(cv2.GaussianBlur(small, (5, 5), 0), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    contours, _ = cv2.findContours(paper, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    biggest = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(biggest) / (small.shape[0] * small.shape[1])
    if not 0.3 < area < 0.92:
        return None
    # The hull: the paper's outline has notches where print or a shadow at its edge is as
    # dark as the surround, and steps where the frame cuts it.
    hull = cv2.convexHull(biggest)
    perimeter = cv2.arcLength(hull, True)
    fits = (cv2.approxPolyDP(hull, share * perimeter, True) for share in (repair.outline_fit, repair.outline_fit_loose))
    quad = next((q for q in fits if len(q) == 4), None)
    if quad is None:
        return None
    inside = small[paper > 0].mean()
    outside = small[paper == 0].mean()
    if inside - outside < 40:
        return None
    return quad.reshape(4, 2).astype(np.float32) / small_scale


def _order(quad: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    s, d = quad.sum(axis=1), np.diff(quad, axis=1).ravel()
    return np.array([quad[s.argmin()], quad[d.argmin()], quad[s.argmax()], quad[d.argmax()]], np.float32)


def flatten(rgb: np.ndarray, dpi: float, repair: RepairSettings = DEFAULT_REPAIR) -> np.ndarray | None:
    """The paper of a photographed page warped flat, or None: a whole page to A4's
    proportions, a part of a page (the print runs to its edges) at its own size."""
    quad = _paper_quad(rgb, repair)
    if quad is None:
        return None
    corners = _order(quad)
    width = np.linalg.norm(corners[1] - corners[0]) + np.linalg.norm(corners[2] - corners[3])
    height = np.linalg.norm(corners[3] - corners[0]) + np.linalg.norm(corners[2] - corners[1])
    own = _warp(rgb, corners, round(width / 2), round(height / 2))
    if _print_cut(own, repair):
        return own
    long_side = round(A4_RATIO * 8.27 * dpi)
    short_side = round(long_side / A4_RATIO)
    return _warp(rgb, corners, *((short_side, long_side) if height >= width else (long_side, short_side)))


def _warp(rgb: np.ndarray, corners: np.ndarray, w: int, h: int) -> np.ndarray:
    target = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    return cv2.warpPerspective(rgb, cv2.getPerspectiveTransform(corners, target), (w, h), borderValue=(255, 255, 255))


def _print_cut(paper: np.ndarray, repair: RepairSettings) -> bool:
    """Whether the print runs to the edges of the paper: a photo of part of a page (the
    table alone), not a whole page, which has margins all round. Its sides' ratio cannot
    tell: a whole page photographed at a slant measured 1.26 to 1.59 (A4 is 1.41), a
    photo of table 三 alone 1.06, one of its top rows 1.5."""
    grey = paper if paper.ndim == 2 else cv2.cvtColor(paper, cv2.COLOR_RGB2GRAY)
    rim = round(repair.paper_rim * max(grey.shape))
    ink = grey[rim : grey.shape[0] - rim, rim : grey.shape[1] - rim] < repair.print_ink
    ys, xs = np.nonzero(ink)
    if not len(xs):
        return False
    height, width = ink.shape
    margins = (xs.min() / width, 1 - xs.max() / width, ys.min() / height, 1 - ys.max() / height)
    return sum(m < repair.cut_margin for m in margins) >= repair.cut_sides


def normalise(rgb: np.ndarray, char: float, repair: RepairSettings = DEFAULT_REPAIR) -> np.ndarray:
    """Grey page from the red channel, where a red seal is pale (and so not ink, see
    ``pixels.PALE``) while black print under it stays dark; divided by its local paper
    brightness (uneven light, yellowed paper) and stretched so faded ink turns dark."""
    grey = rgb[:, :, 0] if rgb.ndim == 3 else rgb
    # The paper's brightness varies slowly: estimate it at a quarter of the resolution.
    small = cv2.resize(grey, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    size = max(3, int(char * 0.4) | 1)
    paper = cv2.medianBlur(cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))), size)
    paper = cv2.resize(paper, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_LINEAR)
    flat = cv2.divide(grey, np.maximum(paper, 1), scale=255)
    counts = _histogram(flat)
    dark = _percentile(counts, 0.5)
    marks = counts[:repair.paper_level]
    if dark >= repair.faded_ink and marks.sum() >= flat.size * repair.min_marks:
        dark = _percentile(marks, repair.ink_percentile)  # a page of a few lines: judge the ink, not the page
    if 10 < dark < repair.faded_ink:
        gain = min(repair.max_gain, 255 / (255 - dark))
        # The stretch maps each grey level alike: computed for the 256 levels, looked up per pixel.
        levels = cv2.convertScaleAbs(np.arange(256, dtype=np.float32) - (255 - 255 / gain), alpha=gain)
        flat = cv2.LUT(flat, levels)
    return flat


FLOAT32_EXACT = 2**24
"""Counts up to this are exact in float32, the type of OpenCV's histogram."""


def _histogram(grey: np.ndarray) -> np.ndarray:
    """How many pixels of a uint8 image have each of the 256 grey levels: OpenCV's count
    (several times quicker than ``np.bincount`` over the page), exact while no level can
    hold more pixels than float32 counts exactly."""
    if grey.size >= FLOAT32_EXACT:
        return np.bincount(grey.ravel(), minlength=256)
    return cv2.calcHist([grey], [0], None, [256], [0, 256]).ravel().astype(np.int64)


def _percentile(counts: np.ndarray, q: float) -> float:
    """``np.percentile`` (linear interpolation, its arithmetic step by step) of the grey
    levels whose histogram is ``counts``: the same number, from 256 counts instead of a
    partial sort of the page's pixels."""
    quantile = q / 100
    rank = (int(counts.sum()) - 1) * quantile
    below = math.floor(rank)
    gamma = rank - below
    cumulative = np.cumsum(counts)
    low = float(np.searchsorted(cumulative, below, side="right"))
    high = float(np.searchsorted(cumulative, below + 1, side="right"))
    return high - (high - low) * (1 - gamma) if gamma >= 0.5 else low + (high - low) * gamma


_CLOCKWISE = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}


def _rotate(image: np.ndarray, quarter_turns: int) -> np.ndarray:
    """A grey page or an ink mask turned clockwise ``quarter_turns`` times, in one piece
    (OpenCV's turn: the pixels of ``np.rot90``, at half its time a quarter turn)."""
    if not quarter_turns % 4:
        return image
    if image.dtype == bool:
        return cv2.rotate(image.view(np.uint8), _CLOCKWISE[quarter_turns % 4]).view(bool)
    return cv2.rotate(image, _CLOCKWISE[quarter_turns % 4])


def skew_angle(grey: np.ndarray, max_skew: float, repair: RepairSettings = DEFAULT_REPAIR,
               imaging: ImagingSettings = DEFAULT_SETTINGS.imaging) -> float:
    """The angle (degrees, counter-clockwise positive) by which the page's rows of ink
    are sharpest: ruling lines and text lines both peak when level."""
    scale = 0.25
    ink = ink_mask(cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), imaging)
    ys, xs = np.nonzero(ink)
    if len(xs) < 100:
        return 0.0
    xs = xs - xs.mean()

    def sharpness(angle: float) -> float:
        t = np.deg2rad(angle)
        rows = np.round(ys * np.cos(t) + xs * np.sin(t)).astype(int)
        profile = np.bincount(rows - rows.min())
        return float(np.square(np.diff(profile.astype(np.float64))).sum())

    angles = np.arange(-max_skew, max_skew + 1e-9, repair.skew_step)
    return float(angles[int(np.argmax([sharpness(a) for a in angles]))])


def _level(grey: np.ndarray, angle: float) -> np.ndarray:
    h, w = grey.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    return cv2.warpAffine(grey, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def _text_only(grey: np.ndarray, char: float, imaging: ImagingSettings, ink: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The page with its ruling lines whitened, and the mask of what was whitened: a ruled
    table's lines join its labels into one blob, and a table page then offered one line of
    text or none to sample, and its lines counted as runs of text. Used at half size to
    count runs (``_quarter_turns``) and to find the lines that tell up from down; the
    recognizer's choice among quarter turns samples the page as it is, since whitened, a
    page turned a quarter offers lines too (its columns of digits), which read as
    confidently as text. ``ink``: the page's ``ink_mask``, where the caller has it already."""
    rulings = ruling_pixels(ink_mask(grey, imaging) if ink is None else ink, char, imaging=imaging)
    text = grey.copy()
    text[rulings] = 255
    return text, rulings


def _sample_lines(grey: np.ndarray, dpi: float, char: float, settings: Settings, ink: np.ndarray) -> list[np.ndarray]:
    """The widest runs of text on the page, each cut to ``sample_length`` characters. Only
    runs of several characters count: a page turned the wrong way still offers single
    glyphs (of its vertical lines), which read confidently. ``ink``: the page's ``ink_mask``."""
    repair = settings.repair
    runs = [c for c in line_crops(grey, [], dpi, char, settings, ink=ink) if c.image.shape[1] >= repair.sample_min_width * c.image.shape[0]]
    lines = sorted(runs, key=lambda c: c.image.shape[1], reverse=True)[:repair.sample_lines]
    return [c.image[:, : repair.sample_length * c.image.shape[0]] for c in lines]


def _confidence(crops: list[np.ndarray], engine: Recognizer) -> float:
    return float(np.mean([r.score for r in engine.recognize(crops)])) if crops else 0.0


def _legible_characters(crops: list[np.ndarray], engine: Recognizer) -> float:
    """Characters the recognizer reads in ``crops``, each counted by its confidence."""
    return float(sum(r.score * len(r.text) for r in engine.recognize(crops))) if crops else 0.0


def _upside_down(grey: np.ndarray, dpi: float, char: float, engine: Recognizer, settings: Settings,
                 half: HalfPage | None = None) -> bool:
    """True when the widest lines of text (rulings whitened) read more confidently turned
    over. ``half``: the page at half size as ``_text_lines_at_half`` finds it, where the
    caller has it already.

    A page with no run of text several characters long (a table page printed large, its
    labels wrapped two or three characters a line: seed-913 Chromium scans, gen913_002 p5,
    left upside down with 42 cells lost) is read on its shorter lines, down to
    ``upside_min_width``; the same crops are read both ways up, so short ones favour
    neither. But short lines may be numbers alone, which read about as well either way
    (the last row of table 四 alone on a page: gen905_015 p6), so turned they must read
    clearly more characters (``legible_clear``, ``legible_min``)."""
    repair = settings.repair
    half = half or _text_lines_at_half(_half(grey), dpi, char, settings)
    if half.runs:
        crops = _sample_lines_cut(grey, char, half, half.runs, repair)
        return _confidence(_turned_over(crops), engine) > _confidence(crops, engine)
    crops = _sample_lines_cut(grey, char, half, _wider(half.lines, repair.upside_min_width), repair)
    if not crops:
        return False
    legible = _legible_characters(_turned_over(crops), engine)
    return legible > repair.legible_clear * _legible_characters(crops, engine) and legible >= repair.legible_min


def _turned_over(crops: list[np.ndarray]) -> list[np.ndarray]:
    return [np.ascontiguousarray(c[::-1, ::-1]) for c in crops]


@dataclass(frozen=True, slots=True)
class HalfPage:
    """A page at half size with its rulings whitened (``text``, the whitened pixels
    ``rulings``, ``text``'s ``ink_mask``), and its lines of text (``lines``); ``runs`` are
    those at least ``sample_min_width`` characters long."""

    text: np.ndarray
    rulings: np.ndarray
    ink: np.ndarray
    lines: list[LineCrop]
    runs: list[LineCrop]


def _text_lines_at_half(half: np.ndarray, dpi: float, char: float, settings: Settings,
                        ink: np.ndarray | None = None) -> HalfPage:
    """The page at half size ``half`` (a quarter of the labelling), its rulings whitened,
    and its long runs of text; ``dpi`` and ``char`` are the full-size page's. ``ink``:
    ``half``'s ``ink_mask``, where the caller has it already."""
    text, rulings = _text_only(half, char / 2, settings.imaging, ink)
    text_ink = ink_mask(text, settings.imaging)
    lines = line_crops(text, [], dpi / 2, char / 2, settings, ink=text_ink)
    return HalfPage(text, rulings, text_ink, lines, _wider(lines, settings.repair.sample_min_width))


def _wider(lines: list[LineCrop], least: float) -> list[LineCrop]:
    """The lines at least ``least`` of their heights wide."""
    return [c for c in lines if c.image.shape[1] >= least * c.image.shape[0]]


def _long_runs(text: np.ndarray, dpi: float, char: float, settings: Settings, ink: np.ndarray) -> list[LineCrop]:
    """Runs of text at least ``sample_min_width`` characters long in ``text`` (its rulings
    whitened first: a table's lines would count as runs), whose ``ink_mask`` is ``ink``."""
    return _wider(line_crops(text, [], dpi, char, settings, ink=ink), settings.repair.sample_min_width)


def _sample_lines_cut(grey: np.ndarray, char: float, half: HalfPage, lines: list[LineCrop], repair: RepairSettings) -> list[np.ndarray]:
    """``_sample_lines`` of the page with its rulings whitened: the widest of ``lines``
    (found at half size, ``half``), cut from the page at full size to be read, the ruling
    pixels whitened from the half-size mask."""
    margin = max(2, round(repair.sample_margin * char))
    crops = []
    for run in sorted(lines, key=lambda c: c.box[2] - c.box[0], reverse=True)[:repair.sample_lines]:
        x0, y0, x1, y1 = (2 * v for v in run.box)
        top, left = max(0, y0 - margin), max(0, x0 - margin)
        bottom = min(grey.shape[0], y1 + margin)
        right = min(grey.shape[1], x1 + margin, left + repair.sample_length * (bottom - top))
        crop = grey[top:bottom, left:right].copy()
        crop[half.rulings[np.ix_(np.arange(top, bottom) // 2, np.arange(left, right) // 2)]] = 255
        crops.append(crop)
    return crops


def _half(grey: np.ndarray) -> np.ndarray:
    return cv2.resize(grey, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)


def _vote(turned: int, as_is: int, repair: RepairSettings) -> int:
    """+1 where a count says clearly "sideways", -1 where it says clearly "standing", else 0."""
    if turned > repair.quarter_clear * as_is and turned >= repair.run_evidence:
        return 1
    if as_is > repair.quarter_clear * turned and as_is >= repair.run_evidence:
        return -1
    return 0


def _quarter_turns(grey: np.ndarray, dpi: float, char: float, engine: Recognizer | None,
                   settings: Settings = DEFAULT_SETTINGS, threads: int = 1) -> tuple[int | None, HalfPage]:
    """Quarter turns (0 to 3) that set the page's text running across, or None where
    nothing on the page tells (no count votes, no way of it reads). Two counts vote,
    each of them taken as the page stands and turned a quarter: line-shaped blobs (about a
    character high, at least two wide) and runs of text several characters long with the
    rulings whitened. Each misleads on its own: a dense ruled table turned a quarter has
    rows of digits that make line-shaped blobs down the page; print of 16 pt gives so few
    blobs that 8 against 4 looked clear; the bands of a sideways paragraph make runs as
    many as its lines do. Unless they clearly say standing, the recognizer
    decides: of the page turned each of the four ways, the one on which it reads most
    characters confidently. Not the most confident mean: each way samples other lines, and
    a table's label printed downwards (三、本年度办理结果, one character a line) is short
    confident text on the page turned a quarter (tiny read it surer, 0.98, than the upright
    page's long lines, 0.95: gen81_008 of the seed-81 scans was turned sideways). Up or
    down is settled after (``_upside_down``), from the long runs of text found here on the
    page as it stands (returned with the turns). ``threads``: ``Settings.threads``."""
    repair = settings.repair
    half = _half(grey)  # shapes and runs survive at half size, counted 4x cheaper
    ink = ink_mask(half, settings.imaging)
    # The ink of the page turned a quarter is its ink turned (the threshold's square window
    # turns with it): measured once. The two counts are independent (``side_by_side``).

    def runs() -> tuple[HalfPage, list[LineCrop]]:
        standing = _text_lines_at_half(half, dpi, char, settings, ink)
        return standing, _long_runs(_rotate(standing.text, 1), dpi / 2, char / 2, settings, _rotate(standing.ink, 1))

    def blobs() -> int:
        turned = line_shaped_blobs(_rotate(half, 1), char / 2, settings, ink=_rotate(ink, 1))
        return _vote(turned, line_shaped_blobs(half, char / 2, settings, ink=ink), repair)

    (standing, sideways), blob_vote = side_by_side(threads, runs, blobs)
    votes = blob_vote + _vote(len(sideways), len(standing.runs), repair)
    if engine is None:
        return (1 if votes > 0 else 0), standing
    if votes < 0:
        return 0, standing
    # A vote for sideways is checked by reading: a faded ruled table standing upright (seed
    # 905, gen905_014) gave both counts for sideways, and its table was read across its rows.
    default = 1 if votes > 0 else None
    return _most_legible_turn(_whitened(grey, standing.rulings), dpi, char, engine, settings, default), standing


def _whitened(grey: np.ndarray, rulings: np.ndarray) -> np.ndarray:
    """``grey`` with the ruling pixels found at half size (``rulings``) made paper. Its
    sample lines are then a table's labels and numbers, not rulings with the print joined
    to them: a table page printed sideways in 14 pt offered one line to read, and five
    characters read on it did not make a turn (seed-915 Chromium scans, gen915_003 p4:
    91 cells lost)."""
    mask = cv2.resize(rulings.astype(np.uint8), (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_NEAREST) > 0
    clean = grey.copy()
    clean[mask] = 255
    return clean


def _most_legible_turn(grey: np.ndarray, dpi: float, char: float, engine: Recognizer, settings: Settings = DEFAULT_SETTINGS,
                       default: int | None = 0) -> int | None:
    """Quarter turns (0 to 3) of the page on which the recognizer reads most characters
    confidently, where that is clearly more than on the page turned ``default`` times. A page of a
    few numbers and a page number (the last row of table 四 on a page of its own) reads
    about as well either way up, and turning it over on a hair's lead read its row
    backwards: its blanks were trusted in the wrong cells (seed-905 LibreOffice scans,
    gen905_015). Scanners give pages as they stand far more often than turned. Where no
    way reads clearly more than ``default`` (the counts' vote), ``default`` stands: a page
    whose lines the recognizer reads no way at all, or reads a few characters of on one
    way only (``legible_min``), keeps the counts' answer. ``default`` None: the counts had
    none; then a page no way of which reads ``legible_min`` characters gives None too."""
    repair = settings.repair
    ink = ink_mask(grey, settings.imaging)  # the ink of the page turned is its ink turned: measured once
    scores = {k: _legible_characters(_sample_lines(_rotate(grey, k), dpi, char, settings, _rotate(ink, k)), engine) for k in range(4)}
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < repair.legible_min:
        return default
    standing = 0 if default is None else default
    return best if scores[best] > repair.legible_clear * scores[standing] else standing


def is_binarised(rgb: np.ndarray, repair: RepairSettings = DEFAULT_REPAIR) -> bool:
    """True for a black-and-white scan (a fax): its ink has hardly any grey edge, where a
    grey scan's every stroke is edged with grey (antialiasing, blur, JPEG). A photo, whose
    grey desk and shadows are no ink edges, is told apart by its amount of dark."""
    grey = rgb[:, :, 0] if rgb.ndim == 3 else rgb
    counts = _histogram(np.ascontiguousarray(grey))
    dark = int(counts[:128].sum())
    if not dark or dark > repair.binarised_max_dark * grey.size:
        return False
    edges = int(counts[61:195].sum())
    return edges < repair.binarised_edges * dark


def is_red_stamped(rgb: np.ndarray, repair: RepairSettings = DEFAULT_REPAIR) -> bool:
    """True for a page with a red seal or stamp on it (which the red channel read as grey
    takes out, but not all of: its remains over the print mislead the tiny recognizer)."""
    if rgb.ndim != 3:
        return False
    red, green, blue = cv2.split(np.ascontiguousarray(rgb[:, :, :3]))
    ink = (cv2.subtract(red, green) > repair.red_ink) & (cv2.subtract(red, blue) > repair.red_ink)
    return bool(np.count_nonzero(ink) >= repair.red_stamped * ink.size)


def _red(rgb: np.ndarray) -> np.ndarray:
    """The red channel (of a grey page, the page), in one piece: the checks and ``normalise``
    read it whole, each pass over a channel left inside the RGB array a strided one."""
    return np.ascontiguousarray(rgb[:, :, 0]) if rgb.ndim == 3 else rgb


AS_THE_PAGE_BEFORE = ", as the page before (nothing on it tells)"
"""Ends the turn noted in ``Page.repairs`` of a page turned as the page before it was."""


def repair_page(page: Page, settings: Settings, engine: Recognizer | None, before: int = 0) -> int:
    """Make one page's pixels upright, level, flat and seal-free (``Page.image``); returns
    the quarter turns it was given. ``before``: those the page before it was given, taken
    where nothing on this page tells which way up it is. A landscape table printed
    sideways ends on a page of its own holding its last row, numbers of one or two digits
    and no line of text (seed-922 LibreOffice scans, gen922_007 p6: table 四 lost)."""
    char, repair = text_px(settings.text_height, page.dpi), settings.repair
    rgb = page.pixels
    red = _red(rgb)
    page.binarised = is_binarised(red, repair)
    page.red_stamped = is_red_stamped(rgb, repair)
    flat = flatten(rgb, page.dpi, repair)
    if flat is not None:
        red = _red(flat)
        page.repairs.append("photographed page flattened")
    grey = normalise(red, char, repair)
    found, standing = _quarter_turns(grey, page.dpi, char, engine, settings, settings.threads)
    turns = before if found is None else found
    if turns:
        grey = _rotate(grey, turns)
        page.repairs.append(("turned upside up" if turns == 2 else "turned a quarter")
                            + (AS_THE_PAGE_BEFORE if found is None else ""))
    # Up or down is judged on the page before it is levelled (a line tilted by a degree or
    # two reads as well), from the runs of text the quarter-turn count found where it stands.
    unlevelled, runs = grey, None if turns else standing
    angle = skew_angle(grey, settings.max_skew, repair, settings.imaging)
    if abs(angle) >= repair.skew_step:
        grey = _level(grey, angle)
        page.repairs.append(f"deskewed {angle:+.1f}°")
    inherited = found is None and before != 0
    if engine is not None and not inherited and _upside_down(unlevelled, page.dpi, char, engine, settings, runs):
        grey = _rotate(grey, 2)
        page.repairs.append("turned upside up")
        turns = (turns + 2) % 4
    page.image = grey
    page.height, page.width = (v * 72 / page.dpi for v in grey.shape)
    return turns


def repair_engine(settings: Settings) -> Recognizer | None:
    """The recognizer page repair reads sample lines with, or None where it is not installed
    (``read_pages`` reports it once). Its first recognizer alone, without the re-reading
    of unsure lines by another (``ocr.recheck``): the checks compare confidences, which two
    recognizers' mixed would mislead."""
    try:
        return engine_for(settings, recheck=False)
    except EngineMissing:
        return None


def repair_pages(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Stage: repair every page that will be read from its pixels."""
    pages = [p for p in document.pages if p.needs_ocr]
    if not pages:
        return document
    engine = repair_engine(settings)
    turns = 0
    for page in pages:
        turns = repair_page(page, settings, engine, turns)
    return document
