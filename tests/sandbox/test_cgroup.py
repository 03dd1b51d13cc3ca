"""cgroup v2 limits: reported as off (with the reason) here, exercised where delegated."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest

from sandbox import Job, Workspace
from sandbox.cgroup import cgroup2_mount, delegated_parent
from sandbox.local import LocalSandbox

PARENT, WHY = delegated_parent()


def test_cgroup2_mount_is_found_when_mounted() -> None:
    mounted = any(" - cgroup2 " in ln for ln in Path("/proc/self/mountinfo").read_text().splitlines())
    found = cgroup2_mount()
    assert (found is not None) == mounted
    if found is not None:
        assert (found / "cgroup.controllers").exists()


def test_protection_says_why_cgroups_are_off() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        state = LocalSandbox().protections()["cgroup"]
    if PARENT is None:
        assert state == f"off: {WHY}; rlimits used"
    else:
        assert state.startswith("on:")


@pytest.mark.skipif(PARENT is None, reason=f"no delegated cgroup v2 here: {WHY}")
def test_job_cgroup_limits_the_whole_tree(tmp_path: Path) -> None:
    box = LocalSandbox(cgroups=True)
    ws = Workspace(tmp_path / "ws")
    forks = box.run(Job(command=[sys.executable, "-c", (
        "import os, time\nfor i in range(500):\n    try:\n        pid = os.fork()\n"
        "    except OSError:\n        print('refused', i)\n        break\n"
        "    if pid == 0:\n        time.sleep(5)\n        os._exit(0)")],
        workspace=str(ws.root), max_procs=40))
    assert "refused" in forks.stdout and int(forks.stdout.split()[1]) < 40
    mem = box.run(Job(command=[sys.executable, "-c", "x = bytearray(1 << 30)\nx[::4096] = b'1' * (1 << 18)"],
                      workspace=str(ws.root), memory_mb=300))
    assert mem.status == "memory_limit", mem
