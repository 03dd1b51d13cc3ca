"""`ToolRunner`: every tool call becomes one sandbox job, recorded in the workspace manifest.

    runner = ToolRunner(Workspace("runs/demo"), make_sandbox("auto"))
    res = runner.call("run_python", {"code": "open('a.txt','w').write('hi')"})
    res.ok, res.output, res.error, [a.path for a in res.artifacts]

`call` never raises for the model's mistakes: unknown tool, malformed JSON, invalid arguments,
paths outside the workspace, timeouts, memory limits and omnijet's user-facing errors all come
back as `ToolResult(ok=False, error=ToolError(kind, message, field))`. A crash of our own code
inside the tool raises `ToolBug` (after the call is recorded).

Each call: validate arguments (pydantic) -> resolve path arguments inside the workspace ->
snapshot the workspace -> run `python -m tools.execute` in the sandbox (JSON on stdin, events
and the result on the event channel, GPU passed through on request) -> record the call, its
input files (sha256) and every file it created or changed as artifacts -> `ToolResult`.
Logs of each call go to `.omnijet/calls/<call_id>/` (stdout, stderr, events, result).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from sandbox import (
    CallRecord,
    FileRef,
    Job,
    JobResult,
    LimitError,
    PathError,
    Sandbox,
    Workspace,
)
from sandbox.base import now
from tools.base import Tool, ToolBug, ToolError, ToolFailure, ToolResult, parse_call, path_fields
from tools.registry import all_tools

EventFn = Callable[[dict[str, Any]], None]
_JOB_ERRORS = {"timeout": "timeout", "memory_limit": "memory_limit", "killed": "killed",
               "output_limit": "limit"}


class ToolRunner:
    def __init__(self, workspace: Workspace, sandbox: Sandbox,
                 tools: list[Tool] | None = None, gpu: bool | None = False) -> None:
        """`gpu`: give GPU-capable tools a GPU by default (a call may override it); None: when
        torch sees one (asked at the first such call, so starting costs no torch import)."""
        self.workspace, self.sandbox, self.gpu = workspace, sandbox, gpu
        self.tools = {t.name: t for t in (tools if tools is not None else all_tools())}
        self.inputs = {n: t.input for n, t in self.tools.items()}
        # calls a dead agent left in flight: their jobs are stopped and their files recorded
        # before any new call, so no call runs again over a live orphan
        self.recovered = workspace.recover_inflight()

    def _fail(self, name: str, error: ToolError, args: Any = None) -> ToolResult:
        call_id = self.workspace.new_call_id(name if name in self.tools else "unknown")
        t = now()
        self.workspace.record(CallRecord(call_id=call_id, tool=name, args=args or {},
                                         started=t, ended=t, status="rejected",
                                         message=error.message), [])
        return ToolResult(tool=name, call_id=call_id, ok=False, error=error)

    def _inputs(self, tool: Tool, inp: BaseModel) -> list[FileRef]:
        """Resolve every path argument inside the workspace; existing ones are inputs."""
        refs = []
        for field, marker in path_fields(tool.input).items():
            value = getattr(inp, field)
            for p in value if isinstance(value, list) else [value] if value else []:
                real = self.workspace.resolve(p, field=field, must_exist=marker.must_exist)
                if marker.must_exist:
                    refs.append(self.workspace.file_ref(self.workspace.rel(real))
                                if real.is_file() else FileRef(path=self.workspace.rel(real)))
        return refs

    def call(self, name: str, args: dict[str, Any] | str | None = None, *,
             gpu: bool | None = None, timeout_s: float | None = None,
             on_event: EventFn | None = None) -> ToolResult:
        try:
            inp = parse_call(self.inputs, name, args)
        except ToolFailure as e:
            return self._fail(name, e.error, args if isinstance(args, dict) else {"raw": str(args)[:2000]})
        tool, given = self.tools[name], inp.model_dump(mode="json")
        try:
            inputs = self._inputs(tool, inp)
        except PathError as e:
            return self._fail(name, ToolError(kind="path", message=str(e), field=e.field), given)
        if tool.uses_gpu and gpu is None and self.gpu is None:
            import torch

            self.gpu = torch.cuda.is_available()
        use_gpu = tool.uses_gpu and bool(self.gpu if gpu is None else gpu)
        return self._run(tool, given, inputs, use_gpu, timeout_s, on_event)

    def _run(self, tool: Tool, args: dict[str, Any], inputs: list[FileRef], gpu: bool,
             timeout_s: float | None, on_event: EventFn | None) -> ToolResult:
        ws = self.workspace
        call_id = ws.new_call_id(tool.name)
        before = ws.snapshot()
        lease = ws.begin_call(CallRecord(call_id=call_id, tool=tool.name, args=args,
                                         started=now(), ended="", status="running", gpu=gpu,
                                         inputs=inputs), before)
        job = Job(command=[sys.executable, "-m", "tools.execute"], workspace=str(ws.root),
                  input={"tool": tool.name, "args": args, "call_id": call_id, "gpu": gpu},
                  timeout_s=timeout_s or tool.timeout_s, memory_mb=tool.memory_mb,
                  gpus=1 if gpu else 0, label=call_id, lease_file=str(lease))
        try:
            res = self.sandbox.run(job, on_event)
        except BaseException:
            ws.end_call(call_id)
            raise
        payload = res.result if isinstance(res.result, dict) else {}
        self._save_logs(call_id, res)
        error: ToolError | None = None
        if res.status in _JOB_ERRORS:
            error = ToolError(kind=_JOB_ERRORS[res.status], message=f"{tool.name}: {res.message}")
        elif "error" in payload:
            error = ToolError(**payload["error"])
        try:
            outputs = ws.changed(before)
        except LimitError as e:  # a file flood: the call fails, nothing of it is recorded
            outputs, error = [], ToolError(kind="limit", message=f"{tool.name}: {e}")
        status = "ok" if payload.get("ok") and error is None else \
            ("bug" if error is None else "error")
        call = CallRecord(call_id=call_id, tool=tool.name, args=args, started=res.started,
                          ended=res.ended, status=status, exit_code=res.exit_code,
                          message=error.message if error else res.message, gpu=gpu,
                          backend=res.backend, inputs=inputs)
        artifacts = ws.record(call, outputs)
        ws.end_call(call_id)
        if status == "bug":
            detail = payload.get("bug") or res.stderr[-3000:] or res.message
            raise ToolBug(f"tool {tool.name} crashed (call {call_id}, {res.status}): {detail}")
        output = {}
        if error is None:
            output = tool.output.model_validate(payload["output"]).model_dump(mode="json")
        return ToolResult(tool=tool.name, call_id=call_id, ok=error is None, output=output,
                          error=error, artifacts=artifacts, events=res.events, gpu=gpu,
                          stdout=res.stdout[-4000:], stderr=res.stderr[-4000:], wall_s=res.wall_s)

    def _save_logs(self, call_id: str, res: JobResult) -> None:
        ws = self.workspace  # written without following links (sizes bounded by the sandbox)
        ws.write_log(call_id, "stdout.txt", res.stdout)
        ws.write_log(call_id, "stderr.txt", res.stderr)
        ws.write_log(call_id, "job.json", res.model_dump_json(indent=1,
                                                              exclude={"stdout", "stderr"}))
