"""The agents' only way to act: a ToolBox of named tools with OpenAI schemas.

`RegistryToolBox` wraps the real `tools.registry` + `ToolRunner` (sandboxed). A call comes back as
the tools' own `ToolResult` (the one record of a call, from the runner to the state and the
report): unknown tools and malformed arguments are structured `ToolError`s the model can read,
never exceptions.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from tools.base import ToolError, ToolResult

Event = Callable[[dict[str, Any]], None]


class ToolBox(Protocol):
    workspace: Path

    def schemas(self) -> list[dict[str, Any]]: ...

    def call(self, name: str, args: dict[str, Any] | str, on_event: Event | None = None) -> ToolResult: ...


def safe_call(box: ToolBox, name: str, args: dict[str, Any] | str, on_event: Event | None = None) -> ToolResult:
    """Call a tool; a crash of the tool's own code becomes an `internal` error result, so a tool
    bug never kills the session and the model sees what happened."""
    t0 = time.perf_counter()
    try:
        return box.call(name, args, on_event)
    except Exception as e:
        return ToolResult(tool=name, call_id="", ok=False, wall_s=time.perf_counter() - t0,
                          error=ToolError(kind="internal", message=f"{name} raised {type(e).__name__}: {e}"))


class RegistryToolBox:
    """The real tools (tools.registry), run through the sandbox in one workspace."""

    def __init__(self, workspace: str | Path, sandbox: str = "auto", gpu: bool | None = None) -> None:
        from sandbox import Workspace, make_sandbox
        from sandbox.local import LocalSandbox
        from tools.registry import openai_schemas
        from tools.runner import ToolRunner

        self.workspace = Path(workspace)
        self.workspace.mkdir(parents=True, exist_ok=True)
        self._schemas = openai_schemas()
        self._ws = Workspace(self.workspace)
        box = make_sandbox(sandbox)
        if isinstance(box, LocalSandbox):  # <home>/<session>/workspace: other sessions unseen
            box.hide_also(self._ws.root.parent.parent)
        self._runner = ToolRunner(self._ws, box, gpu=gpu)

    def schemas(self) -> list[dict[str, Any]]:
        return self._schemas

    def record_trusted(self, paths: list[str]) -> None:
        """Files the host wrote into the workspace (the report), hashed in its manifest."""
        self._ws.record_trusted(paths)

    def call(self, name: str, args: dict[str, Any] | str, on_event: Event | None = None) -> ToolResult:
        return self._runner.call(name, args, on_event=on_event)
