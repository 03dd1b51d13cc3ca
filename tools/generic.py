"""Generic tools: agent-written Python, and looking at what is in the workspace.

`run_python` runs the model's code as a child of the tool job, i.e. inside the same sandbox
(no network, system read-only, workspace writable, limits, timeout). `list_artifacts`,
`read_artifact` and `view_plot` read the workspace and its manifest; `view_plot` returns a PNG
as base64 for vision models, size-capped.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel, Field

from sandbox.events import EVENTS_FD
from sandbox.streams import join_after_exit
from sandbox.workspace import META, sha256_file
from tools.base import Tool, ToolContext, ToolFailure, ToolInput, WorkspaceFile, png_base64

TEXT_SUFFIXES = {".json", ".jsonl", ".csv", ".tsv", ".txt", ".md", ".log", ".py", ".yaml",
                 ".yml", ".toml", ".tex", ".html", ".ini", ".cfg"}


def _tail(text: str, n: int) -> str:
    return text if len(text) <= n else f"[... {len(text) - n} characters cut ...]\n" + text[-n:]


# ---- run_python ----------------------------------------------------------------------------
class RunPythonInput(ToolInput):
    code: str = Field(min_length=1, max_length=100_000, description=(
        "A complete Python script. It runs with the workspace as working directory (write "
        "results there), no network, numpy/torch/pandas/matplotlib/omnijet importable. Print "
        "what you want to see."))


class RunPythonOutput(BaseModel):
    exit_code: int
    stdout: str
    stderr: str


class _TailReader(threading.Thread):
    """Drains a pipe keeping only its last `keep` bytes: a script that prints gigabytes must
    not run the tool job out of memory (it did, reported as a bare "out of memory")."""

    def __init__(self, stream: IO[bytes], keep: int, name: str) -> None:
        super().__init__(daemon=True)
        self.stream, self.keep, self.name, self.total = stream, keep, name, 0
        self.buf = bytearray()
        self.start()

    def run(self) -> None:
        with self.stream:
            while chunk := self.stream.read1(1 << 16):
                self.total += len(chunk)
                self.buf += chunk
                if len(self.buf) > 2 * self.keep:
                    del self.buf[: len(self.buf) - self.keep]

    def text(self) -> str:
        kept = bytes(self.buf[-self.keep:])
        out = kept.decode("utf-8", errors="replace")
        if self.total > len(kept):
            out = (f"[... {self.name} flood: the script wrote {self.total} bytes, only the last "
                   f"{len(kept)} are kept ...]\n" + out)
        return out


def run_python(inp: RunPythonInput, ctx: ToolContext) -> RunPythonOutput:
    with tempfile.NamedTemporaryFile("w", suffix=".py", prefix="agent-", delete=False) as f:
        f.write(inp.code)  # in the job's private /tmp, not the workspace
    fd = os.environ.get(EVENTS_FD)
    proc = subprocess.Popen([sys.executable, f.name], cwd=ctx.workspace, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            pass_fds=(int(fd),) if fd else ())
    readers = _TailReader(proc.stdout, 12_000, "stdout"), _TailReader(proc.stderr, 6_000, "stderr")
    proc.wait()
    held = join_after_exit(readers)  # a detached child may hold the pipes: not waited for
    os.unlink(f.name)
    out, err = readers[0].text(), readers[1].text()
    if held:
        err += "\n[a process the script started still held its output after the script ended: " \
               "not waited for, stopped with the job]"
    if proc.returncode != 0:
        raise ToolFailure("python_error", f"the script exited with status {proc.returncode}\n"
                          f"--- stderr ---\n{_tail(err, 3000)}\n--- stdout ---\n{_tail(out, 2000)}")
    return RunPythonOutput(exit_code=proc.returncode, stdout=out, stderr=err)


# ---- list_artifacts ------------------------------------------------------------------------
class ListArtifactsInput(ToolInput):
    folder: str = Field("", description="only files under this folder of the workspace ('' = all)")
    limit: int = Field(200, ge=1, le=2000)


class ArtifactEntry(BaseModel):
    path: str
    size: int
    tool: str | None = None  # None: not produced by a tool call (e.g. provided by the user)
    call_id: str | None = None
    sha256: str | None = None


class ListArtifactsOutput(BaseModel):
    artifacts: list[ArtifactEntry]
    total: int


def _manifest(ctx: ToolContext) -> dict[str, Any]:
    path = ctx.workspace / META / "manifest.json"
    return json.loads(path.read_text()) if path.exists() else {"artifacts": [], "calls": []}


def list_artifacts(inp: ListArtifactsInput, ctx: ToolContext) -> ListArtifactsOutput:
    base = ctx.path(inp.folder or ".", field="folder", must_exist=True)
    recorded = {a["path"]: a for a in _manifest(ctx)["artifacts"]}
    entries = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if d != META)
        for name in sorted(filenames):
            rel = ctx.rel(Path(dirpath) / name)
            rec = recorded.get(rel, {})
            entries.append(ArtifactEntry(path=rel, size=(Path(dirpath) / name).stat().st_size,
                                         tool=rec.get("tool"), call_id=rec.get("call_id"),
                                         sha256=rec.get("sha256")))
    return ListArtifactsOutput(artifacts=entries[: inp.limit], total=len(entries))


# ---- read_artifact -------------------------------------------------------------------------
class ReadArtifactInput(ToolInput):
    path: WorkspaceFile
    offset: int = Field(0, ge=0, description="first byte to read")
    max_bytes: int = Field(20_000, ge=1, le=200_000)


class ReadArtifactOutput(BaseModel):
    path: str
    size: int
    sha256: str
    kind: str  # "text" or "binary"
    text: str | None = None
    truncated: bool = False
    produced_by: dict[str, Any] | None = None  # tool, call_id and arguments from the manifest


def read_artifact(inp: ReadArtifactInput, ctx: ToolContext) -> ReadArtifactOutput:
    path = ctx.path(inp.path, field="path", must_exist=True)
    if not path.is_file():
        raise ToolFailure("path", f"{inp.path!r} is a folder; use list_artifacts", "path")
    rel, size = ctx.rel(path), path.stat().st_size
    manifest = _manifest(ctx)
    rec = next((a for a in reversed(manifest["artifacts"]) if a["path"] == rel), None)
    produced = None
    if rec is not None:
        call = next((c for c in manifest["calls"] if c["call_id"] == rec["call_id"]), {})
        produced = {"tool": rec["tool"], "call_id": rec["call_id"], "args": call.get("args")}
    with open(path, "rb") as f:
        f.seek(inp.offset)
        data = f.read(inp.max_bytes)
    is_text = path.suffix.lower() in TEXT_SUFFIXES or b"\x00" not in data[:4096]
    text = data.decode("utf-8", errors="replace") if is_text else None
    return ReadArtifactOutput(
        path=rel, size=size, sha256=sha256_file(path), kind="text" if is_text else "binary",
        text=text if is_text else (f"binary file ({size} bytes); use dataset_info for data "
                                   "files or run_python to inspect it"),
        truncated=inp.offset + len(data) < size, produced_by=produced)


# ---- view_plot -----------------------------------------------------------------------------
class ViewPlotInput(ToolInput):
    path: WorkspaceFile = Field(description="a PNG file in the workspace")
    max_bytes: int = Field(1_500_000, ge=10_000, le=5_000_000)


class ViewPlotOutput(BaseModel):
    path: str
    width: int
    height: int
    bytes: int
    png_base64: str


def view_plot(inp: ViewPlotInput, ctx: ToolContext) -> ViewPlotOutput:
    path = ctx.path(inp.path, field="path", must_exist=True)
    head = path.read_bytes()[:24] if path.is_file() else b""
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ToolFailure("data", f"{inp.path!r} is not a PNG image", "path")
    width, height = struct.unpack(">II", head[16:24])  # IHDR
    data = png_base64(path, inp.max_bytes)
    return ViewPlotOutput(path=ctx.rel(path), width=width, height=height,
                          bytes=path.stat().st_size, png_base64=data)


TOOLS = [
    Tool("run_python", "Run a Python script in the sandbox (no network, only the workspace is "
         "writable). Use it for custom analysis and plots the other tools do not cover; files "
         "it writes become artifacts.", RunPythonInput, RunPythonOutput, run_python,
         timeout_s=900, uses_gpu=True),
    Tool("list_artifacts", "List files in the workspace with the tool call that produced each.",
         ListArtifactsInput, ListArtifactsOutput, list_artifacts, timeout_s=60),
    Tool("read_artifact", "Read a text file of the workspace (metrics JSON, CSV, logs), with "
         "its sha256 and the tool call that produced it.", ReadArtifactInput,
         ReadArtifactOutput, read_artifact, timeout_s=60),
    Tool("view_plot", "Look at a PNG plot of the workspace (returned as an image).",
         ViewPlotInput, ViewPlotOutput, view_plot, timeout_s=60),
]
