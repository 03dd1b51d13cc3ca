"""Read-only views of a workspace for the front ends (the web view), through `sandbox.safeio`.

The agents layer must not import `sandbox` (tools/workspace.py is its door for sessions); these
are the few reads a viewer needs beyond it. Everything is bounded, never follows a link, and
refuses FIFOs and devices: a workspace is written by sandbox jobs, i.e. by an attacker.

    data = read_bytes(ws, "report/figures/a.png", max_bytes=20 << 20)   # SandboxError if refused
    files, complete = list_files(ws, limit=2000)                         # {rel: size}, no links
    running = inflight_calls(ws)                                         # call ids in flight
"""

from __future__ import annotations

import os
import posixpath

from sandbox import SandboxError, safeio
from sandbox.workspace import INFLIGHT, META

__all__ = ["SandboxError", "inflight_calls", "inside", "list_files", "read_bytes", "read_head"]


def read_bytes(root: str | os.PathLike, rel: str, max_bytes: int) -> bytes:
    """A regular file under `root` (no link on the way, no FIFO or device), at most `max_bytes`."""
    return safeio.read_bytes(root, rel, max_bytes)


def read_head(root: str | os.PathLike, rel: str, limit: int) -> bytes:
    """The first `limit` bytes of a regular file under `root` (a huge log is shown in part)."""
    with safeio.open_read(root, rel, max_bytes=None) as f:
        return f.read(limit)


def inside(base: str, rel: str) -> str:
    """`rel` (as written in a file under folder `base`, e.g. a report's `../scan/m.json`) as a
    workspace-relative path; `SandboxError` when it is absolute, a URL or climbs out."""
    if not rel or "\x00" in rel or rel.startswith("/") or ":" in rel.split("/")[0]:
        raise SandboxError(f"not a relative workspace path: {rel[:200]!r}")
    joined = posixpath.normpath(posixpath.join(base, rel))
    if joined == ".." or joined.startswith("../") or joined.startswith("/"):
        raise SandboxError(f"path {rel[:200]!r} leaves the workspace")
    safeio.parts(joined)
    return joined


def list_files(root: str | os.PathLike, limit: int = 2000) -> tuple[dict[str, int], bool]:
    """Regular files of the workspace with their sizes (the host's `.omnijet/` left out),
    at most `limit` entries looked at; links, FIFOs and devices are not listed."""
    files, complete = safeio.scan(root, limit=limit, skip={META})
    return {rel: size for rel, (size, _) in sorted(files.items())}, complete


def inflight_calls(root: str | os.PathLike) -> list[str]:
    """Call ids the tool runner has started and not yet finished (`.omnijet/inflight/`)."""
    try:
        files, _ = safeio.scan(os.path.join(os.fspath(root), INFLIGHT), limit=100)
    except (SandboxError, OSError):
        return []
    return sorted(name[:-5] for name in files if name.endswith(".json") and "/" not in name)
