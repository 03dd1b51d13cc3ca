"""`python -m tools.execute`: the job that runs one tool call inside the sandbox.

stdin: `{"tool": name, "args": {...}, "call_id": str, "gpu": bool}` (arguments already
validated by the runner; validated again here). The result goes to the sandbox event channel
as `{"result": {"ok": true, "output": {...}}}`, `{"result": {"ok": false, "error": {...}}}` for
the model's mistakes, or `{"result": {"bug": traceback}}` (exit status 1) for ours.
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from omnijet.errors import CheckpointError, ConfigError, DataError, OmniJetError
from sandbox.events import emit, emit_result
from sandbox.workspace import PathError
from tools.base import ErrorKind, ToolContext, ToolFailure

_KINDS: list[tuple[type[Exception], ErrorKind]] = [
    (PathError, "path"), (DataError, "data"), (CheckpointError, "checkpoint"),
    (ConfigError, "config"), (OmniJetError, "config"),
]


def error_of(e: Exception) -> dict[str, Any] | None:
    """The structured error for a mistake of the model's making; None for a bug of ours."""
    if isinstance(e, ToolFailure):
        return e.error.model_dump()
    if isinstance(e, ValidationError):
        err = e.errors()[0]
        return {"kind": "invalid_arguments", "message": str(e).replace("\n", " ")[:1000],
                "field": ".".join(str(x) for x in err["loc"]) or None}
    oom_text = isinstance(e, RuntimeError) and any(
        s in str(e) for s in ("can't allocate memory", "out of memory"))  # torch's allocators
    if isinstance(e, MemoryError) or type(e).__name__ == "OutOfMemoryError" or oom_text:
        detail = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
        return {"kind": "memory_limit", "field": None, "message": (
            f"out of memory ({detail}) in the tool job: its memory limit was reached"[:1000])}
    for cls, kind in _KINDS:
        if isinstance(e, cls):
            return {"kind": kind, "message": str(e), "field": getattr(e, "field", None)}
    return None


def device_for(gpu: bool) -> str:
    if not gpu:
        return "cpu"
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def main() -> int:
    from tools.registry import get_tool

    request = json.load(sys.stdin)
    tool = get_tool(request["tool"])
    ctx = ToolContext(workspace=Path.cwd().resolve(), progress=emit,
                      device=device_for(request.get("gpu", False)),
                      call_id=request.get("call_id", ""))
    try:
        out = tool.run(request["args"], ctx)
    except Exception as e:  # noqa: BLE001 - sorted into the model's mistakes and our bugs
        if (err := error_of(e)) is None:
            emit_result({"bug": traceback.format_exc()})
            return 1
        emit_result({"ok": False, "error": err})
        return 0
    emit_result({"ok": True, "output": out.model_dump(mode="json")})
    return 0


if __name__ == "__main__":
    sys.exit(main())
