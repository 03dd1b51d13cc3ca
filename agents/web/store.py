"""What the web view reads of the session store, and the two things it may do (approve / stop).

Sessions are read as `sessions show` reads them (agents.session_files: names, no links, bounded
meta.json; checkpoints through the allow-listed serializer), workspace files through
`tools.safe_read`. The only writes are the answers to a pending approval, carried out by
`omnijet-agent sessions resume ID --approve|--deny` in a process of its own, so a session
continued from the browser runs (and is locked, checkpointed, reported) like one from the CLI.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agents.configuration import load_settings
from agents.session_files import (
    LOCK_FILE,
    STATE_FILE,
    SessionFileError,
    SessionMeta,
    list_metas,
    read_meta,
    session_dir,
)
from agents.state import AgentState
from agents.toolbox import NoTools
from omnijet.errors import ConfigError
from tools.safe_read import inflight_calls
from tools.workspace import SandboxError, is_plain_file, read_json_file


@dataclass
class SessionView:
    id: str
    folder: Path
    meta: SessionMeta
    status: str = ""
    state: AgentState | None = None
    pending: dict[str, Any] | None = None
    running_calls: list[str] = field(default_factory=list)

    @property
    def workspace(self) -> Path:
        return self.folder / "workspace"

    @property
    def has_report(self) -> bool:
        return self.workspace.is_dir() and is_plain_file(self.workspace, "report/report.md")


def _runner_alive(folder: Path) -> bool:
    """Whether the process that last took the session's lock (its pid, written in the lock file)
    is alive on this host. Read, never locked: a probe lock could make a starting run fail."""
    try:
        info = read_json_file(folder, LOCK_FILE, 4096)
        if str(info["host"]) != socket.gethostname():
            return True  # another machine's run: believe meta.json
        os.kill(int(info["pid"]), 0)
    except ProcessLookupError:
        return False
    except (SandboxError, ValueError, KeyError, TypeError, PermissionError):
        return True
    return True


class Store:
    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self._lock = threading.Lock()  # one LangGraph/SQLite read at a time
        self._children: list[subprocess.Popen] = []

    def sessions(self) -> list[tuple[str, SessionMeta | str]]:
        """(id, meta or why it is unreadable), newest first."""
        return sorted(list_metas(self.home), key=lambda r: r[0], reverse=True)

    def open(self, session_id: str) -> SessionView:
        """One session with its checkpointed state (`SessionFileError`/`ConfigError` in one line)."""
        folder = session_dir(self.home, session_id)
        meta = read_meta(folder) if folder.is_dir() else None
        if meta is None:
            raise SessionFileError(f"no session {session_id!r} under {self.home}")
        view = SessionView(id=session_id, folder=folder, meta=meta, status=meta.status)
        if (folder / STATE_FILE).is_file():
            try:
                self._read_state(view)
            except (sqlite3.DatabaseError, ValueError) as e:  # a damaged or foreign state.sqlite
                view.status = f"unreadable state: {str(e).splitlines()[0][:200]}"
        if view.workspace.is_dir():
            view.running_calls = inflight_calls(view.workspace)
        return view

    def _read_state(self, view: SessionView) -> None:
        from agents.session import Session

        settings = load_settings(home=self.home, backend="offline", env={})
        with self._lock:
            ses = Session(settings, view.id, must_exist=True, toolbox=NoTools(view.folder))
            try:
                view.state, view.status, view.pending = ses.state(), ses.status(), ses.pending_approval()
            finally:
                ses.close()
        if view.status == "interrupted" and view.meta.status == "running" and _runner_alive(view.folder):
            view.status = "running"  # mid-run, in another process (the checkpoint has a next node)

    def answer(self, session_id: str, approve: bool) -> None:
        """Approve (or stop at) the step a session waits on: `sessions resume` in the background,
        with the session's own backend."""
        view = self.open(session_id)
        if view.pending is None:
            raise ConfigError(f"session {session_id} is not waiting for an approval")
        cmd = [sys.executable, "-m", "agents.main", "sessions", "resume", session_id,
               "--home", str(self.home), "--approve" if approve else "--deny"]
        if view.meta.backend in ("offline", "openai", "local"):
            cmd += ["--backend", view.meta.backend]
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        self._children.append(proc)
        threading.Thread(target=proc.wait, daemon=True).start()  # reaped when it ends
