"""The agents' only way to act: a ToolBox of named tools with OpenAI schemas.

`RegistryToolBox` wraps the real `tools.registry` + `ToolRunner` (sandboxed). A call comes back as
the tools' own `ToolResult` (the one record of a call, from the runner to the state and the
report): unknown tools and malformed arguments are structured `ToolError`s the model can read,
never exceptions.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from omnijet.errors import ConfigError
from tools.base import ToolError, ToolResult

Event = Callable[[dict[str, Any]], None]


class ToolBox(Protocol):
    workspace: Path

    def schemas(self) -> list[dict[str, Any]]: ...

    def call(self, name: str, args: dict[str, Any] | str, on_event: Event | None = None) -> ToolResult: ...


def journaled_call(box: ToolBox, key: str, name: str, args: dict[str, Any] | str,
                   on_event: Event | None = None) -> tuple[ToolResult, bool]:
    """(result, reused): the result journalled under `key` when this very call (same tool and
    arguments) already finished, else a new call whose result is journalled (durably, in the
    workspace's .omnijet/) before it is returned. So a process killed after a call finished, at
    any byte of the checkpoint write that follows, never runs that call again on resume.

    `key`: `call_key(session, step, attempt, ordinal, call id)`, the same on every resume."""
    from tools.workspace import journal_get, journal_put

    ask = {"tool": name, "args": args}
    rec = journal_get(box.workspace, key)
    if rec is not None and {"tool": rec.get("tool"), "args": rec.get("args")} == ask:
        with contextlib.suppress(ValidationError):
            return ToolResult.model_validate(rec.get("result")), True
    res = safe_call(box, name, args, on_event)
    journal_put(box.workspace, key, {**ask, "result": res.model_dump(mode="json")})
    return res, False


def call_key(*identity: object) -> str:
    from tools.workspace import call_key as key

    return key(*identity)


def safe_call(box: ToolBox, name: str, args: dict[str, Any] | str, on_event: Event | None = None) -> ToolResult:
    """Call a tool; a crash of the tool's own code becomes an `internal` error result, so a tool
    bug never kills the session and the model sees what happened."""
    t0 = time.perf_counter()
    try:
        return box.call(name, args, on_event)
    except Exception as e:
        return ToolResult(tool=name, call_id="", ok=False, wall_s=time.perf_counter() - t0,
                          error=ToolError(kind="internal", message=f"{name} raised {type(e).__name__}: {e}"))


class NoTools:
    """The tool box of a session opened only to be looked at (sessions show, the web view):
    it lists no tools and runs none."""

    def __init__(self, session_folder: Path) -> None:
        self.workspace = session_folder / "workspace"

    def schemas(self) -> list:
        return []

    def call(self, name: str, args: Any, on_event: Any = None) -> ToolResult:
        raise ConfigError("a session opened for inspection runs no tools")


class RegistryToolBox:
    """The real tools (tools.registry), run through the sandbox in one workspace."""

    def __init__(self, workspace: str | Path, sandbox: str = "auto", gpu: bool | None = None) -> None:
        from tools.registry import openai_schemas
        from tools.workspace import session_runner

        self.workspace = Path(workspace)
        self.workspace.mkdir(parents=True, exist_ok=True)
        self._schemas = openai_schemas()
        self._ws, self._runner = session_runner(self.workspace, sandbox, gpu)  # other sessions unseen

    def schemas(self) -> list[dict[str, Any]]:
        return self._schemas

    def record_trusted(self, paths: list[str]) -> None:
        """Files the host wrote into the workspace (the report), hashed in its manifest."""
        self._ws.record_trusted(paths)

    def call(self, name: str, args: dict[str, Any] | str, on_event: Event | None = None) -> ToolResult:
        return self._runner.call(name, args, on_event=on_event)
