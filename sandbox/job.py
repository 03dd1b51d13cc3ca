"""What a sandbox runs (`Job`) and what comes back (`JobResult`): JSON in, JSON out.

A job is a command run with the workspace as its working directory. Its JSON input arrives on
stdin; it reports progress by writing JSON lines to the channel named in its environment
(`SANDBOX_EVENTS_FD`, a pipe, or `SANDBOX_EVENTS_FILE`; `sandbox.events.emit` does this), and
one line `{"result": ...}` on that channel is its JSON result. stdout/stderr are captured up to
`output_limit` bytes each.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

JobStatus = Literal["ok", "failed", "timeout", "memory_limit", "killed", "setup_failed",
                    "output_limit"]


class Job(BaseModel):
    """One command to run in isolation. Limits are per job; `None` means not limited."""

    command: list[str] = Field(min_length=1)
    workspace: str  # absolute path; the only writable place, and the working directory
    input: dict[str, Any] | None = None  # sent as JSON on stdin
    env: dict[str, str] = Field(default_factory=dict)  # added to the allow-listed environment
    timeout_s: float = 600.0  # wall clock; the whole process tree is killed after it
    # address space incl. shared mappings, plus `AS_SLACK_MB` for code and thread stacks
    # (rlimit), or memory.max (cgroup v2); CPU jobs only (CUDA reserves huge ranges)
    memory_mb: int | None = 4096
    max_procs: int = 512  # processes + threads of the job's uid (rlimit) or pids.max (cgroup)
    cpu_s: int | None = None  # CPU seconds (rlimit)
    file_mb: int = 4096  # largest file the job may write
    tmp_mb: int = 512  # private /tmp and /dev/shm (tmpfs)
    output_limit: int = 64_000  # bytes of stdout and of stderr kept
    max_events: int = 2_000  # progress events kept (the result line always is)
    # bytes the job may send on its event channel, result included; past it the job is stopped
    # (status "output_limit") so that a flood cannot exhaust the parent's memory or its logs
    max_event_bytes: int = 32 << 20
    # where the launcher's pid is written while the job runs (a file the parent owns), so a
    # later process can stop a job whose parent died (`sandbox.workspace.stop_job`)
    lease_file: str | None = None
    gpus: int = 0  # 0: no GPU visible; n: the first n devices
    label: str = ""


class JobResult(BaseModel):
    status: JobStatus
    exit_code: int
    message: str  # one line a person (or a model) can act on
    stdout: str = ""
    stderr: str = ""
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    events: list[dict[str, Any]] = Field(default_factory=list)
    result: Any = None  # the job's `{"result": ...}` line, if it wrote one
    started: str
    ended: str
    wall_s: float
    backend: str
    protections: dict[str, str] = Field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "ok"
