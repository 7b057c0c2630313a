"""Mapping: printed tables (or, in plain text, printed rows) to the template's cells.

``map_to_template`` matches each recovered grid's row and column labels to a template form
and turns its values into :class:`~nianbao.model.Cell` objects addressed by canonical keys
(``grids``). Plain text has no grids: ``find_row_runs`` finds each template row by its label
and keeps the run of digits after it (``runs``), which reconcile splits into cells.
"""

from __future__ import annotations

from .grids import map_to_template
from .runs import WHOLE_TABLE, find_row_runs

__all__ = ["WHOLE_TABLE", "find_row_runs", "map_to_template"]
