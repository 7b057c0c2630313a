"""Reconcile: the template's arithmetic applied to a document's numbers."""

from .check import check_arithmetic
from .equations import Equation, equations

__all__ = ["Equation", "check_arithmetic", "equations"]
