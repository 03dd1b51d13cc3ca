"""The job side of the event channel: `emit(event)` writes one JSON line for the parent.

Stdlib only, so any job (agent-written code included) can report progress:
    from sandbox.events import emit; emit({"event": "epoch", "epoch": 3, "val_loss": 0.41})
Outside a sandbox (no channel in the environment) `emit` does nothing.
"""

from __future__ import annotations

import json
import os
from typing import Any

EVENTS_FD = "SANDBOX_EVENTS_FD"
EVENTS_FILE = "SANDBOX_EVENTS_FILE"

_stream = None


def _channel():
    global _stream
    if _stream is None:
        if fd := os.environ.get(EVENTS_FD):
            _stream = os.fdopen(int(fd), "w", buffering=1, closefd=False)
        elif path := os.environ.get(EVENTS_FILE):
            _stream = open(path, "a", buffering=1)  # noqa: SIM115 - lives as long as the job
    return _stream


def emit(event: dict[str, Any]) -> None:
    """One progress event (a small JSON-able dict)."""
    if (stream := _channel()) is not None:
        stream.write(json.dumps(event, default=str) + "\n")


def emit_result(result: Any) -> None:
    """The job's JSON result; the parent keeps the last one written."""
    if (stream := _channel()) is not None:
        stream.write(json.dumps({"result": result}, default=str) + "\n")
        stream.flush()
