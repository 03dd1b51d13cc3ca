"""The local backend: a separate, isolated process tree on this machine.

Layers, each used where this machine allows it and reported by `protections()`:
- allow-listed environment (always): API keys and tokens of the parent never reach the job;
- namespaces (root + util-linux `unshare`): network (loopback only), mount, pid, ipc, uts;
  in the mount namespace the whole system is read-only, the workspace read-write, /tmp,
  /dev/shm and /run private tmpfs, and the parent's home hidden (`sandbox/nsinit.py` does the mounts);
- unprivileged uid/gid 65534 with no capabilities and `no_new_privs` (when started as root);
- resource limits as rlimits: data segment (memory), processes, file size, CPU time;
- a wall-clock timeout that kills the whole tree: the job's pid namespace dies with its pid 1
  (without namespaces: the job's process group).
A user namespace is not used: as root the job already gets a real unprivileged uid, which is
stronger than a mapped root. Without root, namespaces and the uid drop are off (with a warning).
"""

from __future__ import annotations

import json
import marshal
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from omnijet.errors import ConfigError
from sandbox.base import (
    SANDBOX_GID,
    SANDBOX_UID,
    Sandbox,
    classify,
    job_env,
    now,
    project_root,
    writable_by_job,
)
from sandbox.job import Job, JobResult
from sandbox.streams import CappedReader, EventFn, EventReader

NSINIT = Path(__file__).with_name("nsinit.py")
UNSHARE_FLAGS = ["--net", "--mount", "--pid", "--ipc", "--uts", "--fork", "--kill-child",
                 "--mount-proc"]


_NEVER_HIDE = {"/", "/usr", "/bin", "/lib", "/lib64", "/etc", "/tmp", "/dev", "/proc", "/sys",
               "/var", "/opt"}


def default_hidden() -> list[str]:
    """Homes hold keys, tokens and configs (~/.ssh, ~/.config, ~/.netrc): hidden from jobs."""
    homes = {os.path.realpath(os.path.expanduser("~")), "/root"}
    return sorted(h for h in homes if h not in _NEVER_HIDE)


def default_exposed() -> list[str]:
    """What a Python job needs even when it lies under a hidden home: interpreter, venv, code."""
    exe = Path(os.path.realpath(sys.executable))
    return sorted({sys.prefix, sys.base_prefix, str(exe.parent.parent), str(project_root())})


def reachable_by_others(path: str) -> bool:
    """Can any user execute `path` (every folder on the way searchable, the file executable)?"""
    real = Path(os.path.realpath(path))
    return all(os.stat(p).st_mode & 0o001 for p in [real, *real.parents])


def _under(path: str, parents: Sequence[str]) -> bool:
    return any(path == p or path.startswith(p.rstrip("/") + "/") for p in parents)


def _feed(stdin: IO[bytes], data: bytes) -> None:
    """Write the job's input in a thread: a job that never reads it must not block the timeout."""
    try:
        stdin.write(data)
        stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the job did not read its input; its exit status tells the rest


def gpu_env(gpus: int) -> dict[str, str]:
    """`CUDA_VISIBLE_DEVICES` for a job asking for `gpus` devices (0: none visible)."""
    if gpus <= 0:
        return {"CUDA_VISIBLE_DEVICES": ""}
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    ids = [d for d in visible.split(",") if d] if visible else [str(i) for i in range(gpus)]
    return {"CUDA_VISIBLE_DEVICES": ",".join(ids[:gpus])}


class LocalSandbox(Sandbox):
    name = "local"

    def __init__(self, hide: Sequence[str] | None = None, expose: Sequence[str] | None = None,
                 namespaces: bool | None = None, drop_privileges: bool | None = None) -> None:
        """`namespaces` / `drop_privileges`: None = use when available (probed once)."""
        hidden = hide if hide is not None else default_hidden()
        self.hide = [os.path.realpath(p) for p in hidden]
        if bad := [p for p in self.hide if p in _NEVER_HIDE]:
            raise ConfigError(f"cannot hide system folders from jobs: {bad}")
        exposed = expose if expose is not None else default_exposed()
        self.expose = sorted(os.path.realpath(p) for p in exposed)
        self.is_root = os.geteuid() == 0
        if drop_privileges and not self.is_root:
            raise ConfigError("drop_privileges=True needs the sandbox to start as root")
        self.drop = self.is_root  # the probe below runs as the job will
        self._ns_reason = self._probe_namespaces() if namespaces is not False else "disabled"
        if namespaces and self._ns_reason:
            raise ConfigError(f"namespaces requested but unavailable: {self._ns_reason}")
        self.namespaces = self._ns_reason is None
        # Without the mount namespace nothing re-exposes an interpreter under a private home:
        # uid 65534 could not even start Python, so the uid drop is off unless it can.
        self._drop_reason = "not started as root, job runs as the caller's user"
        if self.is_root and not self.namespaces and not reachable_by_others(sys.executable):
            self._drop_reason = (f"{sys.executable} is not reachable by uid {SANDBOX_UID} "
                                 "without the mount namespace; job runs as root")
            self.drop = False
        if drop_privileges is not None:
            if drop_privileges and not self.drop:
                raise ConfigError(f"drop_privileges=True impossible: {self._drop_reason}")
            self.drop = drop_privileges
        self.warn_missing()

    # ---- what is active ------------------------------------------------------------------
    def _probe_namespaces(self) -> str | None:
        """None when a namespaced job actually starts here, else why not."""
        if not self.is_root:
            return "needs root (mount namespace with a read-only system)"
        if shutil.which("unshare") is None:
            return "util-linux `unshare` not found"
        with tempfile.TemporaryDirectory(prefix="sandbox-probe-") as ws:
            os.chmod(ws, 0o1777)
            try:
                proc = subprocess.run(self._launcher(Job(command=["/bin/true"], workspace=ws),
                                                     True, {}), capture_output=True, timeout=20)
            except (OSError, subprocess.TimeoutExpired) as e:
                return f"probe failed: {e}"
        if proc.returncode != 0:
            return f"probe failed: {proc.stderr.decode(errors='replace').strip()[-300:]}"
        return None

    def protections(self) -> dict[str, str]:
        ns = self.namespaces
        why = f"off: {self._ns_reason}"
        drop = self.drop
        return {
            "environment": "on: allow-listed names only (no API keys or tokens)",
            "network": "on: own network namespace, loopback only" if ns else why,
            "filesystem": ("on: system read-only, workspace read-write, private /tmp and /run, "
                           f"hidden {', '.join(self.hide)}") if ns else why,
            "pid_namespace": "on: job tree dies with its pid 1" if ns else why,
            "ipc_uts": "on: own ipc and uts namespaces" if ns else why,
            "user": (f"on: uid/gid {SANDBOX_UID}, no capabilities, no_new_privs" if drop
                     else f"off: {self._drop_reason}"),
            "user_namespace": "n/a: not needed, the job runs under a real unprivileged uid"
                              if drop else "off: not used",
            "limits": "on: rlimits (data segment, processes, file size, CPU time)",
            "cgroup": "off: no writable cgroup v2 with memory+pids here; rlimits used",
            "timeout": ("on: kills the pid namespace" if ns
                        else "on: kills the process group (a job that calls setsid escapes)"),
        }

    # ---- launching -----------------------------------------------------------------------
    def _spec(self, job: Job, namespaces: bool, env: dict[str, str]) -> dict:
        rlimits = {"RLIMIT_NPROC": job.max_procs, "RLIMIT_FSIZE": job.file_mb << 20,
                   "RLIMIT_CORE": 0}
        if job.memory_mb is not None and job.gpus == 0:  # CUDA maps huge private ranges
            rlimits["RLIMIT_DATA"] = job.memory_mb << 20
        if job.cpu_s is not None:
            rlimits["RLIMIT_CPU"] = job.cpu_s
        hide = [h for h in self.hide if not _under(h, [job.workspace])]
        return {
            "namespaces": namespaces, "workspace": job.workspace, "command": job.command,
            "env": env, "rlimits": rlimits, "tmp_mb": job.tmp_mb, "hide": hide,
            "expose": [p for p in self.expose if _under(p, hide)],
            "uid": SANDBOX_UID if self.drop else None, "gid": SANDBOX_GID,
        }

    def _launcher(self, job: Job, namespaces: bool, env: dict[str, str]) -> list[str]:
        spec = marshal.dumps(self._spec(job, namespaces, env)).hex()  # same interpreter reads it
        init = [sys.executable, "-I", "-S", str(NSINIT), spec]
        return ["unshare", *UNSHARE_FLAGS, "--", *init] if namespaces else init

    def _check_workspace(self, job: Job) -> None:
        ws = Path(job.workspace)
        if not ws.is_absolute() or not ws.is_dir():
            raise ConfigError(f"job workspace must be an existing absolute directory: {ws}")
        if self.drop:
            writable_by_job(job.workspace)

    def run(self, job: Job, on_event: EventFn | None = None) -> JobResult:
        self._check_workspace(job)
        env = job_env(job) | gpu_env(job.gpus)
        read_fd, write_fd = os.pipe()
        env["SANDBOX_EVENTS_FD"] = str(write_fd)
        started, t0 = now(), time.perf_counter()
        try:
            proc = subprocess.Popen(
                self._launcher(job, self.namespaces, env), stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, pass_fds=(write_fd,),
                start_new_session=True, env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
            )
        finally:
            os.close(write_fd)
        out = CappedReader(proc.stdout, job.output_limit)
        err = CappedReader(proc.stderr, job.output_limit)
        events = EventReader(os.fdopen(read_fd, "rb"), on_event, job.max_events)
        data = json.dumps(job.input).encode() if job.input is not None else b""
        threading.Thread(target=_feed, args=(proc.stdin, data), daemon=True).start()
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(job.timeout_s, kill)  # Popen.wait(timeout) polls: slower
        timer.start()
        try:
            proc.wait()
        finally:
            timer.cancel()
        for reader in (out, err, events):
            reader.join(timeout=5)  # a setsid'd grandchild (no namespaces) may hold a pipe
        code = proc.returncode if proc.returncode >= 0 else 128 - proc.returncode
        stderr = err.text()
        status, message = classify(job, code, stderr, timed_out.is_set())
        if events.error is not None:
            raise events.error
        return JobResult(
            status=status, exit_code=code, message=message, stdout=out.text(), stderr=stderr,
            stdout_truncated=out.truncated, stderr_truncated=err.truncated,
            events=events.events, result=events.result, started=started, ended=now(),
            wall_s=round(time.perf_counter() - t0, 4), backend=self.name,
            protections=self.protections() | ({"limits": "on: rlimits (processes, file size, "
                                                "CPU time); memory not limited for GPU jobs"}
                                               if job.gpus else {}),
        )
