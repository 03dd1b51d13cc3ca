"""One folder per run: the files jobs write, and the manifest that says where each came from.

    ws = Workspace("runs/2026-11-22-top-tagging")   # created if missing
    ws.resolve("data/top.root")                     # -> absolute path inside, or PathError
    before = ws.snapshot(); ...run a job...; ws.record(call, ws.changed(before), inputs=[...])
    ws.artifacts()                                  # every file: sha256, producing call, inputs

Layout: `<root>/` is the jobs' writable area (a sandbox running jobs under another uid makes it
sticky and world-writable: the job adds files but cannot remove the parent's); `<root>/.omnijet/` belongs to the
parent: `manifest.json` (what reports cite) and `calls/<call_id>/` (logs of each call). Only the
parent writes the manifest, under a file lock, atomically.

manifest.json: {"workspace", "created", "calls": [CallRecord...], "artifacts": [ArtifactRecord...]}
- CallRecord: call_id, tool, args, started, ended (UTC ISO), status (ok | error | rejected |
  bug), exit_code, message, gpu, backend, inputs [{path, sha256}], outputs [paths];
- ArtifactRecord: path (relative), sha256, size, call_id and tool that produced it, created,
  inputs (those of the producing call). A file rewritten later gets a new record; the latest
  record of a path is its current version (`artifact(path)`).
Files are attributed to a call by comparing snapshots before and after it: run the calls of
one workspace one after another (as the agents do) for exact attribution.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import hashlib
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from omnijet.errors import ConfigError

META = ".omnijet"



def sha256_file(path: str | os.PathLike) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()

class PathError(ConfigError):
    """A path argument that leaves the workspace (or names a missing file)."""

    def __init__(self, message: str, path: str, field: str | None = None) -> None:
        super().__init__(message)
        self.path, self.field = path, field


class FileRef(BaseModel):
    path: str  # relative to the workspace root
    sha256: str | None = None  # None: did not exist when the call started


class CallRecord(BaseModel):
    """One tool call: what ran, with which arguments, when, and how it ended."""

    call_id: str
    tool: str
    args: dict[str, Any]
    started: str
    ended: str
    status: str
    exit_code: int | None = None
    message: str = ""
    gpu: bool = False
    backend: str = ""
    inputs: list[FileRef] = Field(default_factory=list)
    outputs: list[str] = Field(default_factory=list)


class ArtifactRecord(BaseModel):
    path: str
    sha256: str
    size: int
    call_id: str
    tool: str
    created: str
    inputs: list[FileRef] = Field(default_factory=list)


def utc_now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="milliseconds")


def resolve_inside(root: Path, path: str | os.PathLike, field: str | None = None,
                   must_exist: bool = False) -> Path:
    """A path argument -> absolute path inside `root`; `PathError` when it leaves it.

    Relative paths are taken from the root; absolute ones must already lie inside it.
    Symlinks are followed, so a link pointing out of the workspace is refused too, and so is
    the parent-only `.omnijet/` folder.
    """
    raw = str(path)
    if not raw or "\x00" in raw:
        raise PathError(f"empty or invalid path {raw!r}", raw, field)
    candidate = Path(raw) if os.path.isabs(raw) else root / raw
    real = Path(os.path.realpath(candidate))
    if real != root and root not in real.parents:
        raise PathError(f"path {raw!r} is outside the workspace {root}", raw, field)
    meta = root / META
    if real == meta or meta in real.parents:
        raise PathError(f"path {raw!r} is inside the workspace's private {META}/ folder",
                        raw, field)
    if must_exist and not real.exists():
        raise PathError(f"no such file in the workspace: {raw!r}", raw, field)
    return real


class Workspace:
    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self.meta = self.root / META
        (self.meta / "calls").mkdir(parents=True, exist_ok=True)
        self.manifest_path = self.meta / "manifest.json"
        if not self.manifest_path.exists():
            with self._locked():
                if not self.manifest_path.exists():
                    self._write({"workspace": str(self.root), "created": utc_now(),
                                 "calls": [], "artifacts": []})

    def __repr__(self) -> str:
        return f"Workspace({str(self.root)!r})"

    # ---- paths ---------------------------------------------------------------------------
    def resolve(self, path: str | os.PathLike, field: str | None = None,
                must_exist: bool = False) -> Path:
        """A path argument -> absolute path inside the workspace (see `resolve_inside`)."""
        return resolve_inside(self.root, path, field, must_exist)

    def rel(self, path: str | os.PathLike) -> str:
        return Path(os.path.realpath(path)).relative_to(self.root).as_posix()

    def call_dir(self, call_id: str) -> Path:
        d = self.meta / "calls" / call_id
        d.mkdir(parents=True, exist_ok=True)
        return d

    def new_call_id(self, tool: str) -> str:
        stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%S")
        return f"{stamp}-{tool}-{uuid.uuid4().hex[:6]}"

    # ---- what changed --------------------------------------------------------------------
    def snapshot(self) -> dict[str, tuple[int, int]]:
        """relative path -> (size, mtime_ns) of every regular file outside `.omnijet/`."""
        out: dict[str, tuple[int, int]] = {}
        for dirpath, dirnames, filenames in os.walk(self.root):
            if dirpath == str(self.root) and META in dirnames:
                dirnames.remove(META)
            for name in filenames:
                p = os.path.join(dirpath, name)
                try:
                    st = os.lstat(p)
                except FileNotFoundError:
                    continue
                if not os.path.islink(p):
                    out[os.path.relpath(p, self.root)] = (st.st_size, st.st_mtime_ns)
        return out

    def changed(self, before: dict[str, tuple[int, int]]) -> list[str]:
        """Files created or modified since `before` (partial files of atomic writers excluded)."""
        after = self.snapshot()
        return sorted(p for p, st in after.items()
                      if before.get(p) != st and not Path(p).name.endswith(".partial"))

    def file_ref(self, rel_path: str) -> FileRef:
        p = self.root / rel_path
        return FileRef(path=rel_path, sha256=sha256_file(p) if p.is_file() else None)

    # ---- manifest ------------------------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self.meta / "manifest.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _write(self, data: dict[str, Any]) -> None:
        tmp = self.manifest_path.with_name(f".manifest.{os.getpid()}.partial")
        tmp.write_text(json.dumps(data, indent=1, default=str) + "\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, self.manifest_path)

    def manifest(self) -> dict[str, Any]:
        return json.loads(self.manifest_path.read_text())

    def record(self, call: CallRecord, outputs: list[str]) -> list[ArtifactRecord]:
        """Add a finished call and one artifact record per output file (hashed now)."""
        arts = [ArtifactRecord(path=p, sha256=sha256_file(self.root / p),
                               size=(self.root / p).stat().st_size, call_id=call.call_id,
                               tool=call.tool, created=call.ended, inputs=call.inputs)
                for p in outputs if (self.root / p).is_file()]
        call = call.model_copy(update={"outputs": [a.path for a in arts]})
        with self._locked():
            data = self.manifest()
            data["calls"].append(call.model_dump())
            data["artifacts"].extend(a.model_dump() for a in arts)
            self._write(data)
        return arts

    def calls(self) -> list[CallRecord]:
        return [CallRecord(**c) for c in self.manifest()["calls"]]

    def artifacts(self) -> list[ArtifactRecord]:
        """The latest record of every artifact path, in the order they were produced."""
        latest = {a["path"]: ArtifactRecord(**a) for a in self.manifest()["artifacts"]}
        return sorted(latest.values(), key=lambda a: a.created)

    def artifact(self, rel_path: str) -> ArtifactRecord | None:
        return next((a for a in reversed(self.artifacts()) if a.path == rel_path), None)
