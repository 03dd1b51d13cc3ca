"""The local backend: a separate, isolated process tree on this machine.

Layers, each used where this machine allows it and reported by `protections()`:
- allow-listed environment (always): API keys and tokens of the parent never reach the job;
- namespaces (root + util-linux `unshare`): network (loopback only), mount, pid, ipc, uts;
  in the mount namespace the whole system is read-only, the workspace read-write, /tmp,
  /dev/shm and /run private tmpfs, and the parent's home hidden (`sandbox/nsinit.py` does the mounts);
- unprivileged uid/gid 65534 with no capabilities and `no_new_privs` (when started as root);
- resource limits: a cgroup v2 per job (memory, pids of the whole tree) where a delegated,
  writable cgroup v2 tree exists (`sandbox/cgroup.py`, probed), else rlimits (data segment,
  processes); file size and CPU time always as rlimits;
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
from sandbox.cgroup import JobCgroup, delegated_parent
from sandbox.job import Job, JobResult
from sandbox.streams import CappedReader, EventFn, EventReader

NSINIT = Path(__file__).with_name("nsinit.py")
UNSHARE_FLAGS = ["--net", "--mount", "--pid", "--ipc", "--uts", "--fork", "--kill-child",
                 "--mount-proc"]


# Replaced by private tmpfs in the job's mount namespace; what the job needs under them (a
# checkout or venv in /tmp, say) is re-exposed read-only like paths under hidden homes.
PRIVATE_DIRS = ("/tmp", "/dev/shm", "/run")

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
                 namespaces: bool | None = None, drop_privileges: bool | None = None,
                 cgroups: bool | None = None) -> None:
        """`namespaces` / `drop_privileges` / `cgroups`: None = use when available (probed once)."""
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
        self._cg_parent, self._cg_reason = (None, "disabled") if cgroups is False \
            else self._probe_cgroup()
        if cgroups and self._cg_parent is None:
            raise ConfigError(f"cgroups requested but unavailable: {self._cg_reason}")
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

    def _probe_cgroup(self) -> tuple[Path | None, str]:
        """A job cgroup is created, joined by a real process and removed, or we say why not."""
        parent, why = delegated_parent()
        if parent is None:
            return None, why
        try:
            cg = JobCgroup(parent, 64, 8)
            try:
                subprocess.run(["/bin/true"], preexec_fn=cg.join, check=True, timeout=20)
            finally:
                cg.remove()
        except (OSError, subprocess.SubprocessError) as e:
            return None, f"probe in {parent} failed: {e}"
        return parent, ""

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
            "limits": ("on: cgroup v2 per job (memory, pids) + rlimits (file size, CPU time)"
                       if self._cg_parent else
                       "on: rlimits (data segment, processes, file size, CPU time)"),
            "cgroup": (f"on: a cgroup v2 per job under {self._cg_parent}" if self._cg_parent
                       else f"off: {self._cg_reason}; rlimits used"),
            "timeout": ("on: kills the pid namespace" if ns
                        else "on: kills the process group (a job that calls setsid escapes)"),
        }

    # ---- launching -----------------------------------------------------------------------
    def _spec(self, job: Job, namespaces: bool, env: dict[str, str],
              cgroup: bool = False) -> dict:
        rlimits = {"RLIMIT_FSIZE": job.file_mb << 20, "RLIMIT_CORE": 0}
        if not cgroup:  # the job's cgroup limits memory and processes of the whole tree
            rlimits["RLIMIT_NPROC"] = job.max_procs
            if job.memory_mb is not None and job.gpus == 0:  # CUDA maps huge private ranges
                rlimits["RLIMIT_DATA"] = job.memory_mb << 20
        if job.cpu_s is not None:
            rlimits["RLIMIT_CPU"] = job.cpu_s
        hide = [h for h in self.hide if not _under(h, [job.workspace])]
        return {
            "namespaces": namespaces, "workspace": job.workspace, "command": job.command,
            "env": env, "rlimits": rlimits, "tmp_mb": job.tmp_mb, "hide": hide,
            "private": list(PRIVATE_DIRS),
            "expose": [p for p in self.expose if _under(p, [*hide, *PRIVATE_DIRS])],
            "uid": SANDBOX_UID if self.drop else None, "gid": SANDBOX_GID,
        }

    def _launcher(self, job: Job, namespaces: bool, env: dict[str, str],
                  cgroup: bool = False) -> list[str]:
        spec = marshal.dumps(self._spec(job, namespaces, env, cgroup)).hex()  # same interpreter
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
        cg = JobCgroup(self._cg_parent, job.memory_mb, job.max_procs) if self._cg_parent else None
        try:
            proc = subprocess.Popen(
                self._launcher(job, self.namespaces, env, cg is not None), stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, pass_fds=(write_fd,),
                start_new_session=True, env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
                preexec_fn=cg.join if cg else None,
            )
        except BaseException:
            if cg:
                cg.remove()
            raise
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
            if cg:
                cg.kill()

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
        oom = False
        if cg:
            oom = cg.oom_kills() > 0
            cg.remove()
        status, message = classify(job, code, stderr, timed_out.is_set(), oom_killed=oom)
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
