"""The agents' only way to act: a ToolBox of named tools with OpenAI schemas.

`RegistryToolBox` wraps the real `tools.registry` + `ToolRunner` (sandboxed). Unknown tools and
malformed arguments come back as error outcomes the model can read, never as exceptions.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

Event = Callable[[dict[str, Any]], None]


@dataclass
class ToolOutcome:
    ok: bool
    output: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    wall_s: float = 0.0
    gpu_s: float = 0.0
    ref: str = ""  # the call's id in the workspace manifest, when the tools keep one
    artifacts: list[str] = field(default_factory=list)  # files the call created or changed


class ToolBox(Protocol):
    workspace: Path

    def schemas(self) -> list[dict[str, Any]]: ...

    def call(self, name: str, args: dict[str, Any], on_event: Event | None = None) -> ToolOutcome: ...


def tool_names(box: ToolBox) -> list[str]:
    return [s["function"]["name"] for s in box.schemas()]


def safe_call(
    box: ToolBox, name: str, args: dict[str, Any] | str, on_event: Event | None = None
) -> ToolOutcome:
    """Call a tool; turn unknown names, non-JSON arguments and tool crashes into error outcomes."""
    names = tool_names(box)
    if name not in names:
        return ToolOutcome(False, error=f"unknown tool {name!r}; available tools: {', '.join(names)}")
    if isinstance(args, str):
        try:
            args = json.loads(args or "{}")
        except json.JSONDecodeError as e:
            return ToolOutcome(False, error=f"arguments of {name} are not valid JSON ({e.msg} at {e.pos})")
    if not isinstance(args, dict):
        return ToolOutcome(False, error=f"arguments of {name} must be a JSON object, got {type(args).__name__}")
    t0 = time.perf_counter()
    try:
        out = box.call(name, args, on_event)
    except Exception as e:  # a tool bug must not kill the session; the model sees what happened
        return ToolOutcome(False, error=f"{name} raised {type(e).__name__}: {e}", wall_s=time.perf_counter() - t0)
    if not out.wall_s:
        out.wall_s = time.perf_counter() - t0
    return out


class RegistryToolBox:
    """The real tools (tools.registry), run through the sandbox in one workspace."""

    def __init__(self, workspace: str | Path, sandbox: str = "auto", gpu: bool | None = None) -> None:
        from sandbox import Workspace, make_sandbox
        from sandbox.local import LocalSandbox
        from tools.registry import get_tool, openai_schemas
        from tools.runner import ToolRunner

        if gpu is None:
            import torch

            gpu = torch.cuda.is_available()
        self.workspace = Path(workspace)
        self.workspace.mkdir(parents=True, exist_ok=True)
        self._schemas = openai_schemas()
        self._gpu_tools = {s["function"]["name"] for s in self._schemas if get_tool(s["function"]["name"]).uses_gpu}
        self.gpu = gpu
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

    def call(self, name: str, args: dict[str, Any], on_event: Event | None = None) -> ToolOutcome:
        res = self._runner.call(name, args, on_event=on_event)
        error = None
        if res.error is not None:
            e = res.error
            error = f"{e.kind}: {e.message}" + (f" (argument {e.field})" if e.field else "")
        return ToolOutcome(
            ok=res.ok, output=res.output or {}, error=error, wall_s=res.wall_s,
            gpu_s=res.wall_s if self.gpu and name in self._gpu_tools else 0.0, ref=res.call_id,
            artifacts=[a.path for a in res.artifacts],
        )
