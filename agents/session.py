"""Sessions: one folder per session with its SQLite checkpoints, workspace and report.

  <home>/<id>/meta.json       request, backend, status (for `sessions list`)
  <home>/<id>/state.sqlite    LangGraph checkpoints (thread = session id), plain data only
  <home>/<id>/session.lock    held by the process running the session (a second one is refused)
  <home>/<id>/workspace/      the tools' workspace, and report/ at the end

A killed session resumes from its last checkpoint: finished tool calls are not repeated (each
is journalled in the workspace before its graph node ends, see agents.toolbox.journaled_call);
`fork` copies an earlier checkpoint and the workspace into a new session. A session folder is
read as a stranger's (agents.session_files, agents.serde): nothing in it runs.
"""

from __future__ import annotations

import contextlib
import copy
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.types import Command

from agents.configuration import Settings
from agents.graph import build_graph
from agents.llm import Backend, make_backend
from agents.serde import SessionSerializer
from agents.session_files import (
    STATE_FILE,
    SessionMeta,
    check_state_files,
    locked,
    new_id,
    read_meta,
    session_dir,
    write_meta,
)
from agents.session_files import now as _now
from agents.state import AgentState
from agents.toolbox import RegistryToolBox, ToolBox
from omnijet.errors import ConfigError
from tools.workspace import copy_workspace

__all__ = ["Session", "copy_workspace", "new_id"]
RECURSION_LIMIT = 10_000  # super-steps; the real limits are the graph's own
MAX_HISTORY = 20_000  # checkpoints read back (a crafted file may hold millions)


class Session:
    def __init__(
        self,
        settings: Settings,
        session_id: str | None = None,
        toolbox: ToolBox | None = None,
        backend: Backend | None = None,
        on_event: Callable[[dict[str, Any]], None] | None = None,
        must_exist: bool = False,
    ) -> None:
        self.settings = settings
        self.id = session_id or new_id()
        self.dir = session_dir(settings.home, self.id)  # the id is a name; the folder no link
        check_state_files(self.dir)
        if must_exist and not (self.dir / STATE_FILE).is_file():
            raise ConfigError(f"no session {self.id!r} under {settings.home}")
        self.dir.mkdir(parents=True, exist_ok=True)
        self.workspace = self.dir / "workspace"
        self.toolbox = toolbox or RegistryToolBox(self.workspace, settings.sandbox)
        self.backend = backend or make_backend(settings)
        self._conn = sqlite3.connect(self.dir / STATE_FILE, check_same_thread=False)
        self.saver = SqliteSaver(self._conn, serde=SessionSerializer())  # never rebuilds by name
        self.on_event = on_event
        self.graph = build_graph(self.backend, self.toolbox, settings, self.saver, on_event)
        self.config: dict[str, Any] = {"configurable": {"thread_id": self.id}, "recursion_limit": RECURSION_LIMIT}

    # -- running ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def holding(self) -> Iterator[None]:
        """This process runs the session (`SessionBusy`, naming the holder, when another does)."""
        with locked(self.dir, self.id):
            yield

    def start(self, request: str) -> AgentState:
        with self.holding():
            self._meta(request=request, created=_now(), backend=self.settings.backend,
                       preset=self.settings.preset, status="running")
            return self._run(AgentState(session_id=self.id, request=request).model_dump())

    def resume(self, approve: bool | None = None) -> AgentState:
        """Continue from the last checkpoint; `approve` answers a pending /approve question."""
        with self.holding():
            return self._resume(approve)

    def _resume(self, approve: bool | None) -> AgentState:
        snap = self.graph.get_state(self.config)
        if snap.created_at is None:
            raise ConfigError(f"session {self.id} has no checkpoint to resume")
        if approve is not None:
            return self._run(Command(resume=approve))
        if not snap.next and not snap.tasks:  # the graph ended: retry a failed or stopped session
            state = AgentState.model_validate(snap.values)
            if state.status in ("failed", "stopped"):
                return self._run(Command(goto="orchestrator", update={"status": "running", "stop_reason": ""}))
            return state
        return self._run(None)

    def _run(self, inp: Any) -> AgentState:
        self._meta(status="running", updated=_now())  # stays "running" if the process is killed
        try:
            # "sync": each checkpoint is on disk before the next node starts, so a kill loses
            # at most the node in flight (the default "async" may lose the last few)
            self.graph.invoke(inp, self.config, durability="sync")
        finally:
            self._meta(status=self.status(), updated=_now())
        return self.state()

    # -- inspecting ------------------------------------------------------------------------
    def state(self) -> AgentState:
        return AgentState.model_validate(self.graph.get_state(self.config).values)

    def pending_approval(self) -> dict[str, Any] | None:
        snap = self.graph.get_state(self.config)
        for intr in getattr(snap, "interrupts", ()) or ():
            return dict(intr.value)
        return None

    def status(self) -> str:
        snap = self.graph.get_state(self.config)
        if snap.created_at is None:
            return "new"
        if self.pending_approval() is not None:
            return "awaiting_approval"
        state = AgentState.model_validate(snap.values)
        if (snap.next or snap.tasks) and state.status == "running":
            return "interrupted"
        return state.status

    def history(self) -> list[dict[str, Any]]:
        """Checkpoints, newest first: index, checkpoint id, next node, step, attempt, tool calls."""
        rows = []
        for i, snap in enumerate(self.graph.get_state_history(self.config, limit=MAX_HISTORY)):
            v = snap.values or {}
            rows.append({"index": i, "checkpoint_id": snap.config["configurable"]["checkpoint_id"],
                         "next": list(snap.next), "step": v.get("step", 0), "attempt": v.get("attempt", 0),
                         "tool_calls": len(v.get("calls", []))})
        return rows

    def fork(self, at: str | int, new_id_: str | None = None) -> Session:
        """A new session starting from an earlier checkpoint (index from `history` or id prefix)."""
        hist = self.history()
        if isinstance(at, int) or str(at).isdigit():
            idx = int(at)
            if not 0 <= idx < len(hist):
                raise ConfigError(f"--at {at}: session {self.id} has checkpoints 0..{len(hist) - 1}")
            row = hist[idx]
        else:
            found = [h for h in hist if h["checkpoint_id"].startswith(str(at))]
            if not found:
                raise ConfigError(f"--at {at}: no checkpoint with that id in session {self.id}")
            row = found[0]
        cfg = {"configurable": {"thread_id": self.id, "checkpoint_ns": "", "checkpoint_id": row["checkpoint_id"]}}
        tup = self.saver.get_tuple(cfg)
        assert tup is not None
        child_id = new_id_ or new_id()
        child_dir = session_dir(self.settings.home, child_id)
        if self.workspace.exists():
            copy_workspace(self.workspace, child_dir / "workspace")
        meta = self.meta()
        toolbox = None  # the real tools are rebuilt on the child's workspace
        if not isinstance(self.toolbox, RegistryToolBox):  # an in-process tool box follows it too
            toolbox = copy.copy(self.toolbox)
            toolbox.workspace = child_dir / "workspace"
        child = Session(self.settings, child_id, toolbox=toolbox, backend=self.backend, on_event=self.on_event)
        values = dict(tup.checkpoint)
        values["channel_values"] = dict(values["channel_values"])
        if "session_id" in values["channel_values"]:
            values["channel_values"]["session_id"] = child_id
        dst = {"configurable": {"thread_id": child_id, "checkpoint_ns": ""}}
        new_cfg = child.saver.put(dst, values, {**tup.metadata, "forked_from": f"{self.id}@{row['checkpoint_id']}"},
                                  values.get("channel_versions", {}))
        if tup.pending_writes:
            by_task: dict[str, list[tuple[str, Any]]] = {}
            for task_id, channel, value in tup.pending_writes:
                by_task.setdefault(task_id, []).append((channel, value))
            for task_id, writes in by_task.items():
                child.saver.put_writes(new_cfg, writes, task_id)
        child._meta(request=meta.get("request", ""), created=_now(), backend=self.settings.backend,
                    preset=self.settings.preset, forked_from=f"{self.id}@{row['index']}", status=child.status())
        return child

    # -- bookkeeping -----------------------------------------------------------------------
    def meta(self) -> dict[str, Any]:
        """meta.json's fields ({} when there is none); a bad one is a one-line `ConfigError`."""
        meta = read_meta(self.dir)
        return meta.model_dump(exclude_defaults=True) if meta else {}

    def _meta(self, **fields: Any) -> None:
        write_meta(self.dir, SessionMeta.model_validate({**self.meta(), "id": self.id, **fields}))

    def close(self) -> None:
        self._conn.close()
