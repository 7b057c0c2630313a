"""nianbao: Chinese government information-disclosure annual reports to checked data.

Nothing is written outside the output folder: onnxruntime's telemetry (which keeps a
device id and an event queue under ~/.cache/Microsoft) is switched off here, before any
module imports onnxruntime; set ORT_DISABLE_TELEMETRY=0 to keep it.
"""

import os

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

__version__ = "0.1.0"
