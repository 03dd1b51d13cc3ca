"""The local backend: a separate, isolated process tree on this machine.

Layers, each used where this machine allows it and reported by `protections()`:
- allow-listed environment (always): API keys and tokens of the parent never reach the job;
- namespaces (root + util-linux `unshare`): network (loopback only), mount, pid, ipc, uts;
  in the mount namespace the whole system is read-only, the workspace read-write, /tmp,
  /dev/shm and /run private tmpfs, and the parent's home hidden (`sandbox/nsinit.py` does the mounts);
- an unprivileged uid/gid of the workspace's own (`workspace_ids`: one per session, from a
  range), no capabilities, `no_new_privs` (when started as root): process limits and file
  permissions are per session;
- only the project's packages of the checkout are visible (the checkout itself is hidden:
  its runs/, sessions, .git);
- resource limits: a cgroup v2 per job (memory, pids of the whole tree) where a delegated,
  writable cgroup v2 tree exists (`sandbox/cgroup.py`, probed), else rlimits (address space,
  which counts shared mappings too, data segment, processes); file size and CPU time always;
- a wall-clock deadline held by the job's own init (`nsinit.py`), which kills the whole tree
  (the pid namespace dies with its pid 1; without namespaces, the process group), backed by a
  timer here; and `PR_SET_PDEATHSIG` along the launch chain, so the job dies with the agent;
- the event channel bounded in bytes: a job that floods it is stopped.
A user namespace is not used: as root the job already gets a real unprivileged uid, which is
stronger than a mapped root. Without root, namespaces and the uid drop are off (with a warning).
"""

from __future__ import annotations

import contextlib
import ctypes
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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from sandbox import signing
from sandbox.base import (
    SANDBOX_GID,
    SANDBOX_UID,
    Sandbox,
    classify,
    is_checkout,
    job_env,
    now,
    project_packages,
    project_root,
    workspace_ids,
    writable_by_job,
)
from sandbox.cgroup import JobCgroup, delegated_parent
from sandbox.errors import SandboxConfigError
from sandbox.job import Job, JobResult
from sandbox.streams import CappedReader, EventFn, EventReader, join_after_exit
from sandbox.workspace import process_lease

NSINIT = Path(__file__).with_name("nsinit.py")
UNSHARE_FLAGS = ["--net", "--mount", "--pid", "--ipc", "--uts", "--fork", "--kill-child",
                 "--mount-proc"]
# RLIMIT_AS counts every mapping, code and thread stacks included: the job may map
# `memory_mb` + this much (a Python with torch, numpy and matplotlib maps ~0.9 GiB).
AS_SLACK_MB = 1024
TMP_INODES = 100_000  # files in the private /tmp and /dev/shm
PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)


# Replaced by private tmpfs in the job's mount namespace; what the job needs under them (a
# checkout or venv in /tmp, say) is re-exposed read-only like paths under hidden homes.
PRIVATE_DIRS = ("/tmp", "/dev/shm", "/run")

_NEVER_HIDE = {"/", "/usr", "/bin", "/lib", "/lib64", "/etc", "/tmp", "/dev", "/proc", "/sys",
               "/var", "/opt"}


def user_homes() -> list[str]:
    """The homes whose keys, tokens and configs jobs never see: the user's (resolved) and root's."""
    return sorted({os.path.realpath(os.path.expanduser("~")), "/root"})


def default_hidden() -> list[str]:
    """Homes hold keys, tokens and configs (~/.ssh, ~/.config, ~/.netrc): hidden from jobs, and so
    is the folder of the manifest key (`sandbox.signing`), wherever it lies.
    So is the checkout (runs/ and sessions kept there, .git); its packages are re-exposed."""
    homes = set(user_homes())
    # the manifest key's folder, wherever XDG_CONFIG_HOME or the override puts it
    homes.add(os.path.realpath(signing.key_path().parent))
    if is_checkout(project_root()):
        homes.add(os.path.realpath(project_root()))
    return sorted(h for h in homes if h not in _NEVER_HIDE)


def default_exposed() -> list[str]:
    """What a Python job needs even when it lies under a hidden folder: interpreter, venv,
    and the project's packages (not the rest of the checkout)."""
    exe = Path(os.path.realpath(sys.executable))
    return sorted({sys.prefix, sys.base_prefix, str(exe.parent.parent), *project_packages()})


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


def _die_with_parent(parent: int, cg: JobCgroup | None) -> Callable[[], None]:
    """`preexec_fn` of the launcher: join the job's cgroup; die (SIGKILL) when the agent dies."""
    def setup() -> None:
        if cg is not None:
            cg.join()
        _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the agent died before the prctl took hold
            os._exit(125)
    return setup


def _write_lease(path: str, pid: int) -> None:
    """The launcher's pid and start time, for `stop_job` in a later process (path: the
    parent's own folder; written without following a link)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC,
                 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(process_lease(pid), f)


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
            raise SandboxConfigError(f"cannot hide system folders from jobs: {bad}")
        exposed = expose if expose is not None else default_exposed()
        self.expose = sorted(os.path.realpath(p) for p in exposed)
        self.is_root = os.geteuid() == 0
        if drop_privileges and not self.is_root:
            raise SandboxConfigError("drop_privileges=True needs the sandbox to start as root")
        self.drop = self.is_root  # the probe below runs as the job will
        self._ns_reason = self._probe_namespaces() if namespaces is not False else "disabled"
        if namespaces and self._ns_reason:
            raise SandboxConfigError(f"namespaces requested but unavailable: {self._ns_reason}")
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
                raise SandboxConfigError(f"drop_privileges=True impossible: {self._drop_reason}")
            self.drop = drop_privileges
        self._cg_parent, self._cg_reason = (None, "disabled") if cgroups is False \
            else self._probe_cgroup()
        if cgroups and self._cg_parent is None:
            raise SandboxConfigError(f"cgroups requested but unavailable: {self._cg_reason}")
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
                # (the probe runs as uid 65534: no per-session uid is allocated for it)
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
            "user": ("on: a uid/gid of the session's own (from a range), no capabilities, "
                     "no_new_privs" if drop
                     else f"off: {self._drop_reason}"),
            "user_namespace": "n/a: not needed, the job runs under a real unprivileged uid"
                              if drop else "off: not used",
            "limits": ("on: cgroup v2 per job (memory, pids) + rlimits (file size, CPU time)"
                       if self._cg_parent else
                       "on: rlimits (address space incl. shared mappings, data segment, "
                       "processes, file size, CPU time)"),
            "cgroup": (f"on: a cgroup v2 per job under {self._cg_parent}" if self._cg_parent
                       else f"off: {self._cg_reason}; rlimits used"),
            "timeout": ("on: the job's init kills its pid namespace at the deadline; the job "
                        "dies with the agent" if ns
                        else "on: kills the process group (a job that calls setsid escapes)"),
        }

    def hide_also(self, *paths: str | os.PathLike) -> list[str]:
        """Hide more folders from jobs (a caller's home of several workspaces, so that no job
        sees another workspace's neighbours). A folder that is a system folder, lies under one
        already hidden or private, or holds one already hidden, is left as it is. Returns the
        folders added."""
        added = []
        for p in paths:
            real = os.path.realpath(p)
            if (real in _NEVER_HIDE or _under(real, [*self.hide, *PRIVATE_DIRS])
                    or any(_under(h, [real]) for h in self.hide)):
                continue
            self.hide.append(real)
            added.append(real)
        return added

    # ---- launching -----------------------------------------------------------------------
    def _spec(self, job: Job, namespaces: bool, env: dict[str, str], cgroup: bool = False,
              ids: tuple[int, int] = (SANDBOX_UID, SANDBOX_GID),
              status_fd: int | None = None) -> dict:
        rlimits = {"RLIMIT_FSIZE": job.file_mb << 20, "RLIMIT_CORE": 0}
        if not cgroup:  # the job's cgroup limits memory and processes of the whole tree
            rlimits["RLIMIT_NPROC"] = job.max_procs
            if job.memory_mb is not None and job.gpus == 0:  # CUDA maps huge private ranges
                rlimits["RLIMIT_DATA"] = job.memory_mb << 20
                # shared mappings escape RLIMIT_DATA (an 8 GiB MAP_SHARED|MAP_ANONYMOUS would
                # pass a 6 GiB limit); the address space counts them
                rlimits["RLIMIT_AS"] = (job.memory_mb + AS_SLACK_MB) << 20
        if job.cpu_s is not None:
            rlimits["RLIMIT_CPU"] = job.cpu_s
        hide = [h for h in self.hide if not _under(h, [job.workspace])]
        return {
            "namespaces": namespaces, "workspace": job.workspace, "command": job.command,
            "env": env, "rlimits": rlimits, "tmp_mb": job.tmp_mb, "tmp_inodes": TMP_INODES,
            "hide": hide, "private": list(PRIVATE_DIRS),
            "expose": [p for p in self.expose if _under(p, [*hide, *PRIVATE_DIRS])],
            "uid": ids[0] if self.drop else None, "gid": ids[1],
            "deadline_s": job.timeout_s, "status_fd": status_fd,
        }

    def _launcher(self, job: Job, namespaces: bool, env: dict[str, str],
                  cgroup: bool = False, ids: tuple[int, int] = (SANDBOX_UID, SANDBOX_GID),
                  status_fd: int | None = None) -> list[str]:
        spec = self._spec(job, namespaces, env, cgroup, ids, status_fd)
        init = [sys.executable, "-I", "-S", str(NSINIT), marshal.dumps(spec).hex()]
        return ["unshare", *UNSHARE_FLAGS, "--", *init] if namespaces else init

    def _check_workspace(self, job: Job) -> tuple[int, int]:
        """The (uid, gid) the job runs as; the workspace made writable for it."""
        ws = Path(job.workspace)
        if not ws.is_absolute() or not ws.is_dir():
            raise SandboxConfigError(f"job workspace must be an existing absolute directory: {ws}")
        if not self.drop:
            return SANDBOX_UID, SANDBOX_GID
        ids = workspace_ids(job.workspace)
        writable_by_job(job.workspace, ids[1])
        return ids

    def run(self, job: Job, on_event: EventFn | None = None) -> JobResult:
        ids = self._check_workspace(job)
        env = job_env(job) | gpu_env(job.gpus)
        read_fd, write_fd = os.pipe()
        status_r, status_w = os.pipe()  # nsinit -> us only: "deadline"
        env["SANDBOX_EVENTS_FD"] = str(write_fd)
        started, t0 = now(), time.perf_counter()
        cg = JobCgroup(self._cg_parent, job.memory_mb, job.max_procs) if self._cg_parent else None
        proc = self._start(job, env, ids, cg, (write_fd, status_w), (read_fd, status_r))
        if job.lease_file:
            _write_lease(job.lease_file, proc.pid)
        stop = _Stopper(proc.pid, cg)
        out = CappedReader(proc.stdout, job.output_limit)
        err = CappedReader(proc.stderr, job.output_limit)
        events = EventReader(os.fdopen(read_fd, "rb"), on_event, job.max_events,
                             job.max_event_bytes, stop.on_overflow)
        data = json.dumps(job.input).encode() if job.input is not None else b""
        threading.Thread(target=_feed, args=(proc.stdin, data), daemon=True).start()
        _wait_then_kill(proc, job.timeout_s + 5, stop)
        # a setsid'd grandchild (no namespaces, no cgroup) may still hold a pipe: stop reading
        join_after_exit((out, err, events), grace_s=5.0)
        if _read_status(status_r) == "deadline":
            stop.timed_out.set()
        code = proc.returncode if proc.returncode >= 0 else 128 - proc.returncode
        stderr = err.text()
        oom = _remove_cgroup(cg)
        status, message = classify(job, code, stderr, stop.timed_out.is_set(), oom_killed=oom,
                                   stopped=stop.stopped[0] if stop.stopped else "")
        if events.error is not None:
            raise events.error
        return JobResult(
            status=status, exit_code=code, message=message, stdout=out.text(), stderr=stderr,
            stdout_truncated=out.truncated, stderr_truncated=err.truncated,
            events=events.events, result=None if stop.stopped else events.result, started=started,
            ended=now(), wall_s=round(time.perf_counter() - t0, 4), backend=self.name,
            protections=self.protections() | ({"limits": "on: rlimits (processes, file size, "
                                                "CPU time); memory not limited for GPU jobs"}
                                               if job.gpus else {}),
        )

    def _start(self, job: Job, env: dict[str, str], ids: tuple[int, int], cg: JobCgroup | None,
               child_fds: tuple[int, int], parent_fds: tuple[int, int]) -> subprocess.Popen[bytes]:
        """The job's launcher, in a session of its own; `child_fds` (the events and status pipes'
        write ends) are closed here once the child holds them. On failure the pipes' read ends
        (`parent_fds`) and the cgroup go too."""
        try:
            return subprocess.Popen(
                self._launcher(job, self.namespaces, env, cg is not None, ids, child_fds[1]),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                pass_fds=child_fds, start_new_session=True,
                env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
                preexec_fn=_die_with_parent(os.getpid(), cg),
            )
        except BaseException:
            for fd in parent_fds:
                os.close(fd)
            if cg:
                cg.remove()
            raise
        finally:
            for fd in child_fds:
                os.close(fd)


class _Stopper:
    """Kills a running job's process group and cgroup, and remembers why: the backstop timer
    ran out (`timed_out`) or the event stream overflowed (`stopped`: the reasons, first first)."""

    def __init__(self, pgid: int, cg: JobCgroup | None) -> None:
        self.pgid, self.cg = pgid, cg
        self.timed_out = threading.Event()
        self.stopped: list[str] = []

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pgid, signal.SIGKILL)
        if self.cg:
            self.cg.kill()

    def on_timer(self) -> None:
        self.timed_out.set()
        self.kill()

    def on_overflow(self, why: str) -> None:
        self.stopped.append(why)
        self.kill()


def _wait_then_kill(proc: subprocess.Popen[bytes], backstop_s: float, stop: _Stopper) -> None:
    """Wait for the launcher to exit, then kill what it left behind in its group or cgroup."""
    # the job's init holds the deadline; this timer is the backstop (a hung setup)
    timer = threading.Timer(backstop_s, stop.on_timer)
    timer.start()
    try:
        # wait without reaping: the launcher's pid still names its process group, so the
        # kill below cannot reach a stranger that reused the pid
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
        stop.kill()  # the job is over: whatever it left behind in its group or cgroup goes too
        proc.wait()
    finally:
        timer.cancel()


def _remove_cgroup(cg: JobCgroup | None) -> bool:
    """Remove the job's cgroup (if any); whether the kernel's OOM killer acted in it."""
    if cg is None:
        return False
    oom = cg.oom_kills() > 0
    cg.remove()
    return oom


def _read_status(fd: int) -> str:
    """What the job's init said on the status pipe ("" when nothing)."""
    try:
        os.set_blocking(fd, False)
        return os.read(fd, 64).decode(errors="replace").strip()
    except (BlockingIOError, OSError):
        return ""
    finally:
        os.close(fd)
