"""`omnijet-agent serve-mcp`: the typed tools over the Model Context Protocol, on stdio.

Other agent clients (Claude Code, Cursor, HEP agents) call the same tools our agents call: the
same registry and schemas (`tools.registry.parameters_schema`), the same `ToolRunner`, so every
call is a sandbox job with the tool's own timeout and memory limit, recorded in the workspace
manifest. One MCP session (one server process) = one workspace.

    omnijet-agent serve-mcp                       # workspace: <session home>/mcp-<id>/workspace
    omnijet-agent serve-mcp --workspace runs/mcp  # or one of your own (created if missing)

What a client gets back:
  - a successful call: `structured_content` = the tool's typed output (its `output_schema` is
    listed with the tool), the compact JSON the agents read as text, the call id and artifacts
    (sha256) in `_meta`; `view_plot` adds the PNG as an image;
  - the caller's mistake (invalid arguments, a path outside the workspace, a timeout, a memory
    limit, omnijet's own refusals): `is_error` with `structured_content = {"ok": false,
    "error": {"kind", "message", "field"}, "call_id"}`, the same `ToolError` the agents see;
  - an unknown tool: a JSON-RPC error (invalid params) whose `data` is that error object;
  - a crash of our code: a JSON-RPC internal error naming the call (its logs stay in
    `.omnijet/calls/<call_id>/`).
Progress events of the running job (`sandbox.events`) are sent as MCP progress notifications
when the client asked for them (a progress token), at most a few per second.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import uuid
from functools import partial
from pathlib import Path
from typing import Any

import anyio
import anyio.from_thread
import anyio.lowlevel
from mcp.server.mcpserver import Context, MCPServer
from mcp.shared.exceptions import MCPError
from mcp_types import (
    INTERNAL_ERROR,
    INVALID_PARAMS,
    CallToolResult,
    ContentBlock,
    ImageContent,
    TextContent,
)
from mcp_types import Tool as MCPTool

from tools.base import ToolBug, ToolResult
from tools.registry import parameters_schema
from tools.runner import ToolRunner

PROGRESS_EVERY_S = 0.25  # at most four progress notifications a second (an epoch loop is chatty)
INSTRUCTIONS = (
    "Jet-physics tools on a from-scratch OmniJet-alpha: generate jets with Pythia 8, train the "
    "VQ-VAE tokenizer and the GPT backbone, fine-tune taggers, scan for anomalies, plot and read "
    "results. Every call runs in a sandbox (no network, workspace-only files, time and memory "
    "limits); paths are relative to this session's workspace. Start small: the `tiny` preset and "
    "a few hundred jets run in seconds to minutes on a CPU.")


def default_home() -> Path:
    """The agents' session store (`agents.configuration.default_home`, which this layer may not
    import): `OMNIJET_AGENT_HOME`, else the user's data folder."""
    if home := os.environ.get("OMNIJET_AGENT_HOME"):
        return Path(home)
    base = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
    return Path(base) / "omnijet-agent" / "sessions"


def new_workspace(home: Path) -> Path:
    """A fresh `<home>/mcp-<time>-<hex>/workspace`, with a meta.json so that `sessions list`
    and the web view show it beside the agents' sessions (it has no agent state)."""
    now = dt.datetime.now(dt.UTC)
    sid = "mcp-" + now.strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
    folder = home / sid
    folder.mkdir(parents=True)
    (folder / "meta.json").write_text(json.dumps({
        "id": sid, "kind": "mcp", "status": "mcp", "backend": "mcp",
        "request": "tool calls from an MCP client", "created": now.isoformat(timespec="seconds"),
    }, indent=1) + "\n")
    return folder / "workspace"


def error_payload(res: ToolResult) -> dict[str, Any]:
    return {"ok": False, "call_id": res.call_id,
            "error": res.error.model_dump() if res.error else {"kind": "failed", "message": "failed"}}


def to_mcp_result(res: ToolResult) -> CallToolResult:
    """A `ToolResult` as MCP sees it (see the module docstring)."""
    if not res.ok:
        body = error_payload(res)
        return CallToolResult(content=[TextContent(type="text", text=json.dumps(body))],
                              structured_content=body, is_error=True)
    content: list[ContentBlock] = [TextContent(type="text", text=res.for_model())]
    if png := res.output.get("png_base64"):
        content.append(ImageContent(type="image", data=png, mime_type="image/png"))
    meta = {"call_id": res.call_id, "wall_s": round(res.wall_s, 3),
            "artifacts": [a.model_dump(mode="json") for a in res.artifacts]}
    return CallToolResult(content=content, structured_content=res.output, _meta=meta)


def _progress_text(event: dict[str, Any]) -> str:
    parts = [f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in event.items()
             if k != "event" and not isinstance(v, dict | list)]
    return (f"{event.get('event', 'progress')}: " + " ".join(parts))[:300]


class ToolServer(MCPServer):
    """An `MCPServer` whose tools are the registry's, run by one `ToolRunner` (one workspace).
    Calls run one at a time, as an agent makes them (the manifest records one call at a time)."""

    def __init__(self, runner: ToolRunner) -> None:
        super().__init__("omnijet-agent", instructions=INSTRUCTIONS, log_level="WARNING")
        self.runner = runner
        self._lock: anyio.Lock | None = None

    async def list_tools(self) -> list[MCPTool]:
        return [MCPTool(name=t.name, description=t.description, input_schema=parameters_schema(t),
                        output_schema=t.output.model_json_schema())
                for t in self.runner.tools.values()]

    async def call_tool(self, name: str, arguments: dict[str, Any],
                        context: Context | None = None) -> CallToolResult:
        if name not in self.runner.tools:  # a protocol error, with the agents' structured error
            res = self.runner.call(name, arguments)  # records the rejected call, builds the error
            raise MCPError(code=INVALID_PARAMS, message=res.error.message if res.error else name,
                           data=error_payload(res))
        self._lock = self._lock or anyio.Lock()
        async with self._lock:
            on_event = self._progress_sender(context)
            try:
                res = await anyio.to_thread.run_sync(partial(self.runner.call, name, arguments,
                                                             on_event=on_event))
            except ToolBug as e:
                message = str(e).splitlines()[0][:500]
                raise MCPError(code=INTERNAL_ERROR, message=message,
                               data={"ok": False, "error": {"kind": "internal", "message": message,
                                                            "field": None}}) from None
        return to_mcp_result(res)

    def _progress_sender(self, context: Context | None):
        """An `on_event` for the runner (called on the sandbox's reader thread) that forwards
        job events to the client as progress notifications, throttled."""
        if context is None:
            return None  # (report_progress itself does nothing when the client gave no token)
        token, count, last = anyio.lowlevel.current_token(), 0, 0.0

        def send(event: dict[str, Any]) -> None:
            nonlocal count, last
            count += 1
            if time.monotonic() - last < PROGRESS_EVERY_S:
                return
            last = time.monotonic()
            anyio.from_thread.run(context.report_progress, count, None, _progress_text(event),
                                  token=token)
        return send


def serve(workspace: Path | None, home: Path, backend: str = "auto") -> None:
    """Run the server on stdin/stdout until the client closes it."""
    from sandbox import Workspace, make_sandbox
    from sandbox.local import LocalSandbox

    root = workspace if workspace is not None else new_workspace(home)
    ws = Workspace(root)
    box = make_sandbox(backend)  # type: ignore[arg-type]
    if isinstance(box, LocalSandbox):  # jobs never see the neighbouring sessions
        box.hide_also(ws.root.parent.parent if workspace is None else ws.root.parent)
    server = ToolServer(ToolRunner(ws, box, gpu=None))
    server.run("stdio")
