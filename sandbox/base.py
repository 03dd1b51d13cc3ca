"""The sandbox interface, shared helpers of the backends, and `make_sandbox`.

    sandbox = make_sandbox("auto")          # docker when an engine answers, else local
    result = sandbox.run(Job(command=[...], workspace=str(ws.root)), on_event=print)
    sandbox.protections()                   # {"network": "on: ...", "cgroup": "off: ..."}

Backends differ in how they isolate, never in what a job sees: cwd = workspace, JSON input on
stdin, an event channel, an allow-listed environment, `/tmp` private and writable.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import warnings
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Literal

from sandbox import safeio
from sandbox.errors import SandboxConfigError, SandboxError
from sandbox.job import Job, JobResult, JobStatus
from sandbox.streams import EventFn

BackendName = Literal["auto", "local", "docker"]

# Copied from the parent when set; nothing else is (no API keys, tokens, cloud credentials).
ENV_ALLOW = ("LANG", "LC_ALL", "LC_CTYPE", "TZ", "OMP_NUM_THREADS", "OMP_WAIT_POLICY",
             "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MPLBACKEND", "PYTHONHASHSEED",
             "TORCH_NUM_THREADS")
_SECRET_NAME = re.compile(r"KEY|TOKEN|SECRET|PASSW|CREDENTIAL|AUTH", re.IGNORECASE)
_MEMORY_SIGNS = ("MemoryError", "can't allocate memory", "Cannot allocate memory",
                 "std::bad_alloc", "OutOfMemoryError", "out of memory")
SANDBOX_UID = SANDBOX_GID = 65534  # nobody / nogroup: only where no per-session uid exists
# Each workspace (session) gets its own uid = gid from this range, so that process limits
# (RLIMIT_NPROC counts per uid) and file permissions separate sessions. Far above the ranges
# of login users and of the usual subuid blocks of rootless containers (100000 + 65536 k).
UID_BASE, UID_RANGE = 1_500_000_000, 1_000_000
IDS_FILE = ".omnijet/sandbox.json"


class SandboxWarning(UserWarning):
    """A protection is not available here; the job runs with less isolation."""


def now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="milliseconds")


def project_root() -> Path:
    """The checkout the jobs import the project from (read-only inside the sandbox)."""
    return Path(__file__).resolve().parent.parent


def project_packages() -> list[str]:
    """What jobs import from the checkout: the packages the tools need, nothing else of it
    (not runs/, sessions, docs or .git)."""
    root = project_root()
    return [str(root / p) for p in ("omnijet", "sandbox", "tools") if (root / p).is_dir()] + \
        [str(p) for p in root.glob("*.egg-info") if p.is_dir()]


def is_checkout(root: Path) -> bool:
    return (root / "pyproject.toml").is_file() or (root / ".git").exists()


@functools.cache
def code_version_suffix() -> str:
    """`g<sha>[.dirty]` of the checkout, computed on the host: jobs cannot see its .git."""
    root = str(project_root())
    try:
        sha = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], text=True,
                             capture_output=True, timeout=5, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", root, "status", "--porcelain",
                                "--untracked-files=no"], text=True, capture_output=True,
                               timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    return f"g{sha}{'.dirty' if dirty else ''}"


def uid_registry() -> Path:
    """Host folder recording which job uid belongs to which workspace (never seen by jobs)."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.expanduser("~/.local/state")
    return Path(base) / "omnijet-agent" / "sandbox-uids"


def workspace_ids(workspace: str | os.PathLike) -> tuple[int, int]:
    """The (uid, gid) the jobs of this workspace run as: allocated once from the range, unique
    on this host (an `O_EXCL` claim `<registry>/<uid>` naming the workspace's real path), and
    found again through `<registry>/by-path/<sha256 of that path>`. Only the host's registry
    says which uid a workspace has: a workspace's own `.omnijet/sandbox.json` (which travels
    with copied sessions) is at most a hint, believed when the registry's claim names this
    very folder."""
    real = os.path.realpath(workspace)
    reg = uid_registry()
    reg.mkdir(parents=True, exist_ok=True, mode=0o700)
    (reg / "by-path").mkdir(exist_ok=True, mode=0o700)
    index = f"by-path/{hashlib.sha256(real.encode()).hexdigest()}"
    for uid in (_registered(reg, index), _hinted(workspace)):
        if uid is not None and _claim_names(reg, uid, real):
            if not safeio.is_file(reg, index):
                safeio.write_text(reg, index, f"{uid}\n", mode=0o600)
            return uid, uid
    rng = random.SystemRandom()
    for _ in range(1000):
        uid = UID_BASE + rng.randrange(UID_RANGE)
        try:
            fd = os.open(reg / str(uid), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w") as f:
            f.write(real + "\n")
        safeio.write_text(reg, index, f"{uid}\n", mode=0o600)
        with contextlib.suppress(SandboxError, OSError):  # for people reading the folder only
            safeio.write_text(workspace, IDS_FILE, json.dumps({"uid": uid, "gid": uid}) + "\n")
        return uid, uid
    raise SandboxError(f"no free job uid left in {reg}")


def _registered(reg: Path, index: str) -> int | None:
    with contextlib.suppress(SandboxError, ValueError):
        return int(safeio.read_text(reg, index, 64).strip())
    return None


def _hinted(workspace: str | os.PathLike) -> int | None:
    """The uid a workspace's sandbox.json names (workspaces of older versions: checked against
    the registry by the caller, never believed alone)."""
    with contextlib.suppress(SandboxError, ValueError, KeyError, TypeError):
        return int(safeio.read_json(workspace, IDS_FILE, 4096)["uid"])
    return None


def _claim_names(reg: Path, uid: int, real: str) -> bool:
    """The registry's claim on `uid` names this workspace (its real path; older versions wrote
    the path as given, which must lead here)."""
    if not UID_BASE <= uid < UID_BASE + UID_RANGE:
        return False
    try:
        claimed = safeio.read_text(reg, str(uid), 8192).rstrip("\n")
    except (SandboxError, ValueError):
        return False
    return claimed == real or (os.path.isabs(claimed) and os.path.realpath(claimed) == real)


def job_env(job: Job, home: str = "/tmp") -> dict[str, str]:
    """The complete environment of a job: allow-listed names, fixed paths, the job's extras."""
    bad = sorted(k for k in job.env if _SECRET_NAME.search(k))
    if bad:
        raise SandboxConfigError(f"job env must not carry secrets; refused names: {', '.join(bad)}")
    env = {k: os.environ[k] for k in ENV_ALLOW if k in os.environ}
    env.update({
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "HOME": home, "TMPDIR": "/tmp", "MPLCONFIGDIR": "/tmp/matplotlib",
        "XDG_CACHE_HOME": "/tmp/.cache", "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(project_root()), "LC_CTYPE": env.get("LC_CTYPE", "C.UTF-8"),
        # the checkout belongs to another uid: let git read it (for provenance's code version)
        "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "safe.directory", "GIT_CONFIG_VALUE_0": "*",
        "OMNIJET_CODE_VERSION_GIT": code_version_suffix(),
        # glibc reserves 64 MiB of address space per thread arena: with RLIMIT_AS in force a
        # many-core machine would spend the memory limit on reservations, not on data
        "MALLOC_ARENA_MAX": "2",
    })
    env.update(job.env)
    return env


def classify(job: Job, exit_code: int, stderr: str, timed_out: bool,
             oom_killed: bool = False, stopped: str = "") -> tuple[JobStatus, str]:
    """(status, one-line message) from how the job ended; `stopped`: why the parent stopped
    it early (a limit on what it sent back)."""
    if stopped:
        return "output_limit", stopped
    if timed_out:
        return "timeout", f"killed after the {job.timeout_s:g} s wall-clock timeout (whole process tree)"
    if exit_code == 0:
        return "ok", "finished"
    if oom_killed or any(s in stderr[-4000:] for s in _MEMORY_SIGNS):
        if job.gpus or not job.memory_mb:
            return "memory_limit", "ran out of memory (GPU or host memory of the machine)"
        return "memory_limit", f"ran out of memory: the job's limit is {job.memory_mb} MiB"
    if exit_code == 125 and "sandbox" in stderr[-400:]:
        return "setup_failed", stderr.strip().splitlines()[-1]
    if exit_code == 128 + signal.SIGXCPU:
        return "killed", f"killed: CPU time limit of {job.cpu_s} s reached"
    if exit_code > 128:
        return "killed", f"killed by signal {exit_code - 128} ({signal.Signals(exit_code - 128).name})" \
            if exit_code - 128 in signal.valid_signals() else f"killed by signal {exit_code - 128}"
    last = stderr.strip().splitlines()[-1] if stderr.strip() else "(no stderr)"
    return "failed", f"exit status {exit_code}: {last[:300]}"


class Sandbox(ABC):
    """Runs jobs in isolation. One instance may run several jobs, also concurrently."""

    name: str

    @abstractmethod
    def run(self, job: Job, on_event: EventFn | None = None) -> JobResult:
        """Run `job` to completion (or its timeout); never raises for what the job does."""

    @abstractmethod
    def protections(self) -> dict[str, str]:
        """Each protection -> "on: how" or "off: why"."""

    def warn_missing(self) -> None:
        off = {k: v for k, v in self.protections().items() if v.startswith("off")}
        if off:
            detail = "; ".join(f"{k} {v}" for k, v in off.items())
            warnings.warn(f"{self.name} sandbox runs with less isolation: {detail}",
                          SandboxWarning, stacklevel=3)


def writable_by_job(workspace: str, gid: int | None = None) -> None:
    """Let the job's user add files to the workspace root, but not rename or remove the
    parent's (`.omnijet/`): sticky, and writable by the session's group only (`gid`), or by
    everyone (like /tmp) where jobs share uid 65534."""
    st = os.stat(workspace)
    if st.st_uid != os.geteuid():
        return
    if gid is None:
        if (st.st_mode & 0o7777) != 0o1777:
            os.chmod(workspace, 0o1777)
        return
    if st.st_gid != gid:
        os.chown(workspace, -1, gid)
    if (st.st_mode & 0o7777) != 0o1770:
        os.chmod(workspace, 0o1770)  # other sessions' jobs cannot even enter


def make_sandbox(backend: BackendName = "auto", **options) -> Sandbox:
    """`auto`: docker when an engine answers, else local (saying why, once)."""
    from sandbox.docker import DEFAULT_IMAGE, DockerSandbox, docker_unavailable
    from sandbox.local import LocalSandbox

    if backend not in ("auto", "local", "docker"):
        raise SandboxConfigError(f"sandbox backend must be auto, local or docker, got {backend!r}")
    if backend == "local":
        return LocalSandbox(**options)
    reason = docker_unavailable(options.get("image", DEFAULT_IMAGE))
    if reason is None:
        return DockerSandbox(**options)
    if backend == "docker":
        warnings.warn(f"docker sandbox unavailable ({reason}); using the local sandbox",
                      SandboxWarning, stacklevel=2)
    return LocalSandbox(**{k: v for k, v in options.items() if k not in ("image", "cpus")})
