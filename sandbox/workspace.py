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

Signing (`sandbox.signing`): with this installation's key (loaded by the host, by default from
the user's config folder; never inside a workspace), each artifact record carries a `mac` and
`.omnijet/manifest.sig` signs the whole manifest, so `review` tells a report recorded here from
one edited afterwards. A write onto a manifest that no longer matches its signature keeps saying
so (the signature's `note`): a forgery is never blessed by the next record.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import json
import os
import signal
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from omnijet.hashing import sha256_file
from sandbox import safeio, signing
from sandbox.errors import LimitError, PathError, SandboxConfigError, SandboxError, UnsafePathError
from sandbox.signing import ManifestKey

META = ".omnijet"
MANIFEST = f"{META}/manifest.json"
SIGNATURE = f"{META}/{signing.SIGNATURE}"
INFLIGHT = f"{META}/inflight"
DEFAULT_MAX_FILES = 20_000  # files + folders a workspace may hold after a call
MAX_MANIFEST_BYTES = 256 << 20

__all__ = ["META", "ArtifactRecord", "CallRecord", "FileRef", "LimitError", "PathError",
           "Snapshot", "UnsafePathError", "Workspace", "resolve_inside", "sha256_file"]


class Snapshot(dict):
    """relative path -> (size, mtime_ns); `complete` False when the scan stopped at the limit."""

    complete: bool = True


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
    mac: str = ""  # HMAC of this record with the installation's key ("" when unsigned)


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


_USER_KEY: object = object()  # `Workspace(key=...)` default: this user's key (sandbox.signing)


def _user_key() -> ManifestKey | None:
    try:
        return ManifestKey.load()
    except SandboxConfigError as e:
        warnings.warn(f"{e}; manifests are not signed", stacklevel=3)
        return None


class Workspace:
    def __init__(self, root: str | os.PathLike, max_files: int = DEFAULT_MAX_FILES,
                 key: ManifestKey | None | object = _USER_KEY) -> None:
        """`max_files`: files and folders the workspace may hold after a call (the scan that
        attributes outputs stops there, so a file flood cannot slow every later call).
        `key`: the manifest key (default: this user's, see `sandbox.signing`; None: unsigned)."""
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self.max_files = max_files
        self.key: ManifestKey | None = _user_key() if key is _USER_KEY else key  # type: ignore[assignment]
        if self.key is not None and self.root in Path(os.path.realpath(self.key.path)).parents:
            raise SandboxConfigError(f"manifest key {self.key.path} lies inside the workspace "
                                     f"{self.root}: jobs could read it")
        self.meta = self.root / META
        # the parent-only folder: refused when it is a link or a job's folder (never followed)
        safeio.ensure_dir(self.root, f"{META}/calls", owned=True)
        self.manifest_path = self.meta / "manifest.json"
        if not safeio.is_file(self.root, MANIFEST):
            with self._locked():
                if not safeio.is_file(self.root, MANIFEST):
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
        safeio.ensure_dir(self.root, f"{META}/calls/{call_id}", owned=True)
        return self.meta / "calls" / call_id

    def write_log(self, call_id: str, name: str, text: str) -> None:
        """A log file of a call, under `.omnijet/calls/<call_id>/` (never through a link)."""
        safeio.write_text(self.root, f"{META}/calls/{call_id}/{name}", text)

    def new_call_id(self, tool: str) -> str:
        stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%S")
        return f"{stamp}-{tool}-{uuid.uuid4().hex[:6]}"

    # ---- what changed --------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        """relative path -> (size, mtime_ns) of every regular file outside `.omnijet/`
        (links never followed); at most `max_files` entries (`.complete` says if all)."""
        files, complete = safeio.scan(self.root, self.max_files, skip={META})
        snap = Snapshot(files)
        snap.complete = complete
        return snap

    def changed(self, before: dict[str, tuple[int, int]]) -> list[str]:
        """Files created or modified since `before` (partial files of atomic writers excluded).

        `LimitError` when the workspace now holds more than `max_files` files and folders."""
        after = self.snapshot()
        if not after.complete:
            raise LimitError(f"file-count limit: the workspace holds more than {self.max_files} "
                             "files and folders; outputs were not recorded (delete files to "
                             "continue)")
        return sorted(p for p, st in after.items()
                      if before.get(p) != st and not Path(p).name.endswith(".partial"))

    def file_ref(self, rel_path: str) -> FileRef:
        try:
            digest = safeio.sha256(self.root, rel_path)[0]
        except SandboxError:  # a folder, missing, or a link: no content to vouch for
            digest = None
        return FileRef(path=rel_path, sha256=digest)

    # ---- manifest ------------------------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        dfd = safeio.open_dir(self.root, META, owned=True)
        try:
            fd = os.open("manifest.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                         0o600, dir_fd=dfd)
        finally:
            os.close(dfd)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the lock

    def _write(self, data: dict[str, Any], old: bytes | None = None) -> None:
        """Write the manifest (and sign it); `old`: the bytes it replaces, checked first."""
        raw = (json.dumps(data, indent=1, default=str) + "\n").encode()
        if self.key is not None:
            note = self._taint(old) if old is not None else ""
            sig = self.key.signature(raw, note)
            if old is not None:  # the signature goes first: a crash before the manifest's
                sig["prev"] = self.key.signature(old, note)["mac"]  # write leaves `old` valid
            safeio.write_json(self.root, SIGNATURE, sig)
        safeio.write_bytes(self.root, MANIFEST, raw)

    def _taint(self, old: bytes) -> str:
        """"" when `old` is the manifest as this host signed it, else why not (carried on)."""
        try:
            sig = safeio.read_bytes(self.root, SIGNATURE, 1 << 16)
        except (SandboxError, OSError):
            sig = None
        found = signing.check(old, sig, self.key)
        if found.state == "intact":
            return ""
        if found.state == "foreign":
            return f"not signed by this installation before {utc_now()}"
        carried = [e for e in found.edited if e.startswith("manifest.json (")]
        return carried[0][len("manifest.json ("):-1] if carried and len(found.edited) == 1 else \
            f"edited outside this host before {utc_now()}: {', '.join(found.edited[:5])}"

    def _read_raw(self) -> bytes:
        return safeio.read_bytes(self.root, MANIFEST, MAX_MANIFEST_BYTES)

    def manifest(self) -> dict[str, Any]:
        return json.loads(self._read_raw())

    def _artifact(self, rel: str, call: CallRecord) -> ArtifactRecord | None:
        try:
            digest, size = safeio.sha256(self.root, rel)
        except SandboxError:  # vanished, or swapped for a link since the scan: not recorded
            return None
        art = ArtifactRecord(path=rel, sha256=digest, size=size, call_id=call.call_id,
                             tool=call.tool, created=call.ended, inputs=call.inputs)
        if self.key is not None:
            art.mac = self.key.record_mac(art.model_dump())
        return art

    def record(self, call: CallRecord, outputs: list[str]) -> list[ArtifactRecord]:
        """Add a finished call and one artifact record per output file (hashed now)."""
        arts = [a for p in outputs if (a := self._artifact(p, call)) is not None]
        call = call.model_copy(update={"outputs": [a.path for a in arts]})
        with self._locked():
            old = self._read_raw()
            data = json.loads(old)
            data["calls"].append(call.model_dump())
            data["artifacts"].extend(a.model_dump() for a in arts)
            self._write(data, old)
        return arts

    def record_trusted(self, paths: list[str], producer: str = "report") -> list[ArtifactRecord]:
        """Files the host itself wrote (e.g. `report/report.md`, `report/report.json`,
        `report/tool_calls.json`): hashed now and recorded under a call of tool `producer`,
        so `review` can check that nobody edited them since."""
        t = utc_now()
        call = CallRecord(call_id=self.new_call_id(producer), tool=producer, args={},
                          started=t, ended=t, status="ok", backend="host")
        return self.record(call, paths)

    def calls(self) -> list[CallRecord]:
        return [CallRecord(**c) for c in self.manifest()["calls"]]

    def artifacts(self) -> list[ArtifactRecord]:
        """The latest record of every artifact path, in the order they were produced."""
        latest = {a["path"]: ArtifactRecord(**a) for a in self.manifest()["artifacts"]}
        return sorted(latest.values(), key=lambda a: a.created)

    def artifact(self, rel_path: str) -> ArtifactRecord | None:
        return next((a for a in reversed(self.artifacts()) if a.path == rel_path), None)

    # ---- calls in flight -----------------------------------------------------------------
    def begin_call(self, call: CallRecord, before: dict[str, tuple[int, int]]) -> Path:
        """Note a call as in flight (with the snapshot taken before it); returns the lease file
        the sandbox writes its launcher's pid into (see `recover_inflight`)."""
        safeio.write_json(self.root, f"{INFLIGHT}/{call.call_id}.json",
                          {"call": call.model_dump(), "before": before})
        return self.meta / "inflight" / f"{call.call_id}.lease"

    def end_call(self, call_id: str) -> None:
        dfd = safeio.open_dir(self.root, INFLIGHT, create=True, owned=True)
        try:
            for name in (f"{call_id}.json", f"{call_id}.lease"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(name, dir_fd=dfd)
        finally:
            os.close(dfd)

    def recover_inflight(self, wait_s: float = 10.0) -> list[CallRecord]:
        """Calls left in flight by an agent that died: their job is killed (if it still runs),
        then they are recorded as `interrupted`, with the files they wrote adopted as their
        outputs. Run before any new call, so a call is never repeated over a live orphan."""
        dfd = safeio.open_dir(self.root, INFLIGHT, create=True, owned=True)
        try:
            names = sorted(n for n in os.listdir(dfd) if n.endswith(".json"))
        finally:
            os.close(dfd)
        done = []
        for name in names:
            call_id = name[: -len(".json")]
            rec = lease = None
            with contextlib.suppress(SandboxError, ValueError):
                rec = safeio.read_json(self.root, f"{INFLIGHT}/{name}")
            with contextlib.suppress(SandboxError, ValueError):
                lease = safeio.read_json(self.root, f"{INFLIGHT}/{call_id}.lease")
            if isinstance(lease, dict):
                stop_job(lease, wait_s)
            if not isinstance(rec, dict) or "call" not in rec:
                self.end_call(call_id)
                continue
            call = CallRecord(**rec["call"]).model_copy(update={
                "ended": utc_now(), "status": "interrupted",
                "message": "the agent stopped during this call; its job was stopped before "
                           "the session resumed; files it wrote are recorded as its outputs"})
            try:
                outputs = self.changed(rec.get("before", {}))
            except LimitError:
                outputs = []
            self.record(call, outputs)
            self.end_call(call_id)
            done.append(call)
        return done


def _start_ticks(pid: int) -> int | None:
    """Start time of a process (clock ticks since boot), to tell it from a reused pid."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return int(f.read().rsplit(b")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


def process_lease(pid: int) -> dict[str, int | None]:
    """What `stop_job` needs to find (and only find) this launcher again."""
    return {"pid": pid, "start": _start_ticks(pid)}


def stop_job(lease: dict[str, Any], wait_s: float = 10.0) -> bool:
    """Kill a job's launcher (and with it the job's pid namespace, or its process group) if the
    lease still names a live process; True when something was stopped."""
    pid, start = lease.get("pid"), lease.get("start")
    if not isinstance(pid, int) or pid <= 1 or start is None or _start_ticks(pid) != start:
        return False
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)  # the launcher leads its own group (start_new_session)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + wait_s
    while _start_ticks(pid) == start and time.monotonic() < deadline:
        time.sleep(0.02)  # a zombie still has its /proc entry until its parent (dead) is gone
        if _is_zombie(pid):
            break
    return True


def _is_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except OSError:
        return True
