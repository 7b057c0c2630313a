"""Reconcile: the template's arithmetic applied to a document's numbers.

``split_runs`` cuts plain text's runs of digits into cells where the arithmetic allows one
cut only (``split``); ``check_blank_ink`` makes sure a scanned cell read as blank shows no
ink (``ink``); ``check_arithmetic`` settles every cell's status by the template's equations
(``check``).
"""

from .check import check_arithmetic
from .equations import Equation, equations
from .ink import check_blank_ink
from .split import split_runs

__all__ = ["Equation", "check_arithmetic", "check_blank_ink", "equations", "split_runs"]
