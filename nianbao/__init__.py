"""nianbao: Chinese government information-disclosure annual reports to checked data.

Nothing is written outside the output folder: onnxruntime's telemetry (which keeps a
device id and an event queue under ~/.cache/Microsoft) is switched off here, before any
module imports onnxruntime; set ORT_DISABLE_TELEMETRY=0 to keep it.

The Python API (``nianbao.extract``, ``nianbao.read_outputs``, see ``nianbao.api``) is
imported on first use, so that ``import nianbao`` stays light for the command's workers.
"""

import os

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

__version__ = "0.1.0"

API = ("extract", "read_outputs")


def __getattr__(name: str) -> object:
    if name in API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'nianbao' has no attribute {name!r}")
