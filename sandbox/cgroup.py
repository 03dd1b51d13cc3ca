"""Per-job cgroup v2 limits, where this process sits in a writable cgroup v2 tree that delegates
the memory and pids controllers to its children (e.g. `systemd-run --scope -p Delegate=yes`,
or a container given its own cgroup namespace with those controllers enabled).

A job's cgroup limits the whole job tree at once (memory.max with no swap, pids.max), where
rlimits limit each process. `LocalSandbox` only uses it after a real probe succeeded; otherwise
it says why not and keeps to rlimits. Nothing here touches cgroups it did not create.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

CONTROLLERS = {"memory", "pids"}


def cgroup2_mount() -> Path | None:
    """Where the unified (v2) hierarchy is mounted, if it is."""
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        left, _, right = line.partition(" - ")
        if right.split(" ", 1)[0] == "cgroup2":
            return Path(left.split()[4])
    return None


def delegated_parent() -> tuple[Path | None, str]:
    """(our cgroup v2 folder, "") when jobs can get child cgroups with limits, else (None, why)."""
    mount = cgroup2_mount()
    if mount is None:
        return None, "no cgroup v2 hierarchy mounted"
    own = next((ln[3:] for ln in Path("/proc/self/cgroup").read_text().splitlines()
                if ln.startswith("0::")), None)
    if own is None:
        return None, "this process has no cgroup v2 membership"
    base = mount / own.lstrip("/")
    try:
        enabled = set((base / "cgroup.subtree_control").read_text().split())
    except OSError as e:
        return None, f"cannot read {base}/cgroup.subtree_control ({e.strerror})"
    if missing := CONTROLLERS - enabled:
        return None, f"cgroup v2 at {base} does not delegate {', '.join(sorted(missing))} to children"
    if not os.access(base, os.W_OK):
        return None, f"cgroup v2 at {base} is not writable"
    return base, ""


class JobCgroup:
    """One job's cgroup: created with its limits, joined by the launcher, removed afterwards."""

    def __init__(self, parent: Path, memory_mb: int | None, max_procs: int) -> None:
        self.path = parent / f"omnijet-job-{uuid.uuid4().hex[:12]}"
        self.path.mkdir()
        try:
            if memory_mb is not None:
                (self.path / "memory.max").write_text(str(memory_mb << 20))
                if (self.path / "memory.swap.max").exists():
                    (self.path / "memory.swap.max").write_text("0")
            (self.path / "pids.max").write_text(str(max_procs))
        except OSError:
            self.remove()
            raise

    def join(self) -> None:
        """Move the calling process in (used as `preexec_fn`, in the child before exec)."""
        with open(self.path / "cgroup.procs", "w") as f:
            f.write("0")

    def oom_kills(self) -> int:
        try:
            events = (self.path / "memory.events").read_text().split()
        except OSError:
            return 0
        return int(events[events.index("oom_kill") + 1]) if "oom_kill" in events else 0

    def kill(self) -> None:
        """Kill every process in the cgroup (kernel >= 5.14), e.g. on a timeout."""
        if (self.path / "cgroup.kill").exists():
            (self.path / "cgroup.kill").write_text("1")

    def remove(self) -> None:
        """Kill what is left and remove the folder (retrying while the kernel reaps)."""
        try:
            self.kill()
        except OSError:
            pass
        for _ in range(100):
            try:
                self.path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.02)
