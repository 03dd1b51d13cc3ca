"""A job whose launcher cannot start leaves no pipe open behind it (each failed start used to leak
the events pipe's read end: a long chat session with a broken launcher would run out of fds)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sandbox import Job, Workspace
from sandbox.local import LocalSandbox


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_a_launcher_that_cannot_start_closes_every_pipe(box: LocalSandbox, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    ws = Workspace(tmp_path / "ws")
    job = Job(command=[sys.executable, "-c", "pass"], workspace=str(ws.root))
    box.run(job)  # warm up whatever the first run opens once (caches, the cgroup parent)
    before = _open_fds()

    def refuse(*args, **kwargs):
        raise OSError(24, "Too many open files (injected)")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    for _ in range(5):
        with pytest.raises(OSError, match="injected"):
            box.run(job)
    assert _open_fds() == before
