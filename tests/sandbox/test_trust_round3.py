"""Issue 21 (third attack round), the sandbox's part: a detached child that keeps the job's
output pipe open must not hold its `run_python` call to the timeout, and the manifest a session
records is signed with a key the job never sees. Each test attacks through the tool call a user
(or the model) makes, against the real kernel and the real local sandbox.
"""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from sandbox import Workspace
from sandbox.local import LocalSandbox
from tools.runner import ToolRunner


@pytest.fixture
def runner(tmp_path: Path, box: LocalSandbox) -> ToolRunner:
    return ToolRunner(Workspace(tmp_path / "ws"), box)


DETACH = """
import os, sys, time
pid = os.fork()
if pid == 0:
    os.setsid()
    if os.fork() == 0:  # the grandchild: no parent, own session, stdout and stderr still open
        os.execvp("sleep", ["sleep", "600.0421"])
    os._exit(0)
os.waitpid(pid, 0)
print("main done", flush=True)
"""


def test_a_detached_child_holding_stdout_does_not_stall_the_call(runner: ToolRunner,
                                                                 box: LocalSandbox) -> None:
    t0 = time.monotonic()
    res = runner.call("run_python", {"code": textwrap.dedent(DETACH)}, timeout_s=120)
    took = time.monotonic() - t0
    assert res.ok, res.error
    assert "main done" in res.output["stdout"]
    assert took < 20, f"the call took {took:.0f} s: the detached child held its pipe"
    assert "still held its output" in res.output["stderr"]
    if not (box.namespaces or box._cg_parent):
        return  # without a pid namespace or a cgroup a setsid'd child escapes (said by protections())
    time.sleep(0.5)
    assert not _running(b"sleep\x00600.0421\x00"), "the detached child outlived its job"


def _running(cmdline: bytes) -> bool:
    for p in Path("/proc").iterdir():
        try:
            if p.name.isdigit() and (p / "cmdline").read_bytes() == cmdline:
                return True
        except OSError:
            continue
    return False


def test_a_job_never_sees_the_manifest_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The key signs what `review` trusts: a job that read it could forge a signed manifest.
    Put it outside the home and outside /tmp (both hidden anyway), where only the key's own
    folder being hidden keeps it out of reach; and the job's environment does not name it."""
    import shutil
    import uuid
    import warnings

    from sandbox.signing import KEY_ENV, ManifestKey

    folder = Path("/var/tmp") / f"omnijet-key-{uuid.uuid4().hex[:8]}"
    key = folder / "omnijet-agent" / "manifest.key"
    monkeypatch.setenv(KEY_ENV, str(key))
    try:
        ws = Workspace(tmp_path / "ws")
        assert ws.key is not None and key.is_file() and ManifestKey.load().secret == ws.key.secret
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            box = LocalSandbox()
        if not box.namespaces:
            pytest.skip(f"no mount namespace here ({box._ns_reason}): jobs see what the user sees")
        runner = ToolRunner(ws, box)
        secret = ws.key.secret.hex()
        res = runner.call("run_python", {"code": textwrap.dedent(f"""
            import os
            try:
                print("KEY:", open({str(key)!r}).read())
            except OSError as e:
                print("refused:", type(e).__name__)
            print("LISTED:", os.path.exists({str(key.parent)!r}) and os.listdir({str(key.parent)!r}))
            print("ENV:", sorted(os.environ))
        """)}, timeout_s=60)
        assert res.ok, res.error
        out = res.output["stdout"]
        assert secret not in out and "refused:" in out and "manifest.key" not in out
        assert KEY_ENV not in out
    finally:
        shutil.rmtree(folder, ignore_errors=True)
