"""The local sandbox against the real kernel: every protection is attacked by a real job."""

from __future__ import annotations

import os
import sys
import textwrap
import time
import warnings
from pathlib import Path

import pytest

from sandbox import Job, JobResult, Workspace
from sandbox.errors import SandboxConfigError
from sandbox.local import LocalSandbox, default_hidden, gpu_env

ISOLATED = os.geteuid() == 0  # these machines run as root: namespaces + uid drop expected


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "ws")


def py(box: LocalSandbox, ws: Workspace, code: str, **job) -> JobResult:
    return box.run(Job(command=[sys.executable, "-c", textwrap.dedent(code)],
                       workspace=str(ws.root), **job))


def test_protections_are_reported(box: LocalSandbox) -> None:
    prot = box.protections()
    assert {"environment", "network", "filesystem", "pid_namespace", "user", "limits",
            "timeout"} <= prot.keys()
    if ISOLATED:
        assert box.namespaces, prot
        for key in ("network", "filesystem", "pid_namespace", "user"):
            assert prot[key].startswith("on"), (key, prot[key])


def test_json_in_events_and_result_out(box: LocalSandbox, ws: Workspace) -> None:
    seen: list[dict] = []
    res = box.run(Job(command=[sys.executable, "-c", textwrap.dedent("""
        import json, sys
        from sandbox.events import emit, emit_result
        x = json.load(sys.stdin)["x"]
        for i in range(3):
            emit({"event": "step", "i": i})
        emit_result({"double": 2 * x})
        """)], workspace=str(ws.root), input={"x": 21}), on_event=seen.append)
    assert res.status == "ok", res.stderr
    assert res.result == {"double": 42}
    assert [e["i"] for e in seen] == [0, 1, 2] and res.events == seen


def test_network_is_unreachable(box: LocalSandbox, ws: Workspace) -> None:
    res = py(box, ws, """
        import socket
        for host in [("1.1.1.1", 53), ("8.8.8.8", 443), ("10.0.0.1", 80)]:
            try:
                socket.create_connection(host, timeout=2).close()
                print("CONNECTED", host)
            except OSError as e:
                print("blocked", host, e.errno)
        print(sorted(l.split(":")[0].strip() for l in open("/proc/net/dev").readlines()[2:]))
        """)
    assert res.status == "ok", res.stderr
    assert "CONNECTED" not in res.stdout and res.stdout.count("blocked") == 3
    if ISOLATED:
        assert "['lo']" in res.stdout  # the namespace has no interface but loopback


def test_writing_outside_the_workspace_fails(box: LocalSandbox, ws: Workspace,
                                             tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"  # host /tmp: the job's /tmp is a private tmpfs
    project = Path(__file__).resolve().parents[2] / "sandbox-escape.txt"
    res = py(box, ws, f"""
        for p in [{str(project)!r}, "/etc/sandbox-escape", {str(outside)!r}, "inside.txt"]:
            try:
                open(p, "w").write("x")
                print("wrote", p)
            except OSError as e:
                print("refused", p, e.strerror)
        """)
    assert res.status == "ok", res.stderr
    assert (ws.root / "inside.txt").read_text() == "x"
    assert not project.exists() and not Path("/etc/sandbox-escape").exists()
    if ISOLATED:
        assert not outside.exists()
        assert f"refused {project}" in res.stdout


def test_parent_secrets_are_invisible(box: LocalSandbox, ws: Workspace,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "sk-sandbox-test-0123456789"
    monkeypatch.setenv("OPENAI_API_KEY", secret)
    monkeypatch.setenv("HF_TOKEN", secret)
    res = py(box, ws, f"""
        import glob, os
        print(sorted(os.environ))
        print(any({secret!r} in v for v in os.environ.values()))
        for path in ["/proc/{os.getpid()}/environ", *glob.glob("/proc/[0-9]*/environ")]:
            try:
                data = open(path, "rb").read()
                print(path, "readable", {secret!r}.encode() in data)
            except OSError as e:
                print(path, "unreadable", e.strerror)
        """)
    assert res.status == "ok", res.stderr
    assert secret not in res.stdout and "OPENAI_API_KEY" not in res.stdout
    assert "True" not in res.stdout  # neither in its env nor in any environ it can read
    assert f"/proc/{os.getpid()}/environ unreadable" in res.stdout


def test_job_env_refuses_secret_names() -> None:
    from sandbox.base import job_env

    with pytest.raises(SandboxConfigError, match="OPENAI_API_KEY"):
        job_env(Job(command=["true"], workspace="/tmp", env={"OPENAI_API_KEY": "x"}))


def test_timeout_kills_grandchildren(box: LocalSandbox, ws: Workspace) -> None:
    t0 = time.perf_counter()
    res = py(box, ws, """
        import os, time
        if os.fork() == 0:          # child
            os.setsid()             # escape the process group, like a daemon would
            if os.fork() == 0:      # grandchild: a heartbeat in the workspace
                while True:
                    with open("beat", "a") as f:
                        f.write(".")
                    time.sleep(0.05)
            os._exit(0)
        time.sleep(600)
        """, timeout_s=1.5)
    assert res.status == "timeout" and "timeout" in res.message
    assert time.perf_counter() - t0 < 10
    beat = ws.root / "beat"
    assert beat.exists()
    size = beat.stat().st_size
    time.sleep(0.5)
    if ISOLATED:  # without a pid namespace a setsid'd grandchild escapes (reported)
        assert beat.stat().st_size == size, "grandchild still running after the timeout"


@pytest.mark.parametrize("alloc", ["bytearray(2 << 30)", "__import__('torch').ones(2**29)"])
def test_memory_cap_gives_a_clear_error(box: LocalSandbox, ws: Workspace, alloc: str) -> None:
    res = py(box, ws, f"x = {alloc}\nprint('allocated')", memory_mb=1200)
    assert res.status == "memory_limit", (res.status, res.stderr)
    assert "1200 MiB" in res.message and "allocated" not in res.stdout


def test_bounded_fork_loop_stopped_by_process_limit(box: LocalSandbox, ws: Workspace) -> None:
    res = py(box, ws, """
        import os, time
        for i in range(500):            # bounded: harmless even without a limit
            try:
                pid = os.fork()
            except OSError as e:
                print("refused after", i, e.strerror)
                break
            if pid == 0:
                time.sleep(5)
                os._exit(0)
        else:
            print("forked 500")
        """, max_procs=40, timeout_s=30)
    assert res.status == "ok", res.stderr
    assert "refused after" in res.stdout, res.stdout
    assert int(res.stdout.split("refused after")[1].split()[0]) < 40


def test_output_is_size_capped(box: LocalSandbox, ws: Workspace) -> None:
    res = py(box, ws, "import sys\nsys.stdout.write('x' * 300_000)\nprint('END')",
             output_limit=10_000)
    assert res.status == "ok" and res.stdout_truncated and not res.stderr_truncated
    assert res.stdout.startswith("x" * 10_000) and "END" not in res.stdout
    assert "output truncated: 300004 bytes" in res.stdout


def test_failure_and_bad_workspace(box: LocalSandbox, ws: Workspace) -> None:
    res = py(box, ws, "raise ValueError('bad value 7')")
    assert res.status == "failed" and "ValueError: bad value 7" in res.message
    with pytest.raises(SandboxConfigError, match="workspace"):
        box.run(Job(command=["/bin/true"], workspace="relative/dir"))


def test_gpu_request_sets_visible_devices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    assert gpu_env(0) == {"CUDA_VISIBLE_DEVICES": ""}
    assert gpu_env(2) == {"CUDA_VISIBLE_DEVICES": "0,1"}
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "3,5,6")
    assert gpu_env(1) == {"CUDA_VISIBLE_DEVICES": "3"}


def test_gpu_is_hidden_unless_requested(box: LocalSandbox, ws: Workspace) -> None:
    res = py(box, ws, "import os; print(repr(os.environ['CUDA_VISIBLE_DEVICES']))")
    assert res.stdout.strip() == "''"


def test_file_size_and_cpu_time_limits(box: LocalSandbox, ws: Workspace) -> None:
    big = py(box, ws, "open('big.bin', 'wb').write(b'x' * (3 << 20))", file_mb=1)
    assert big.status == "failed" and "File too large" in big.message
    assert (ws.root / "big.bin").stat().st_size == 1 << 20
    spin = py(box, ws, "while True:\n    pass", cpu_s=1, timeout_s=30)
    assert spin.status == "killed" and "CPU time limit of 1 s" in spin.message


@pytest.mark.skipif(not ISOLATED, reason="hiding folders needs the mount namespace (root)")
def test_home_is_hidden_but_workspace_inside_it_works(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    (home / ".netrc").write_text("machine api password hunter2")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        box = LocalSandbox(hide=[str(home), *default_hidden()])
    ws = Workspace(home / "runs" / "r1")
    res = py(box, ws, f"""
        import os
        print(sorted(os.listdir({str(home)!r})))
        open("result.txt", "w").write("ok")
        """)
    assert res.status == "ok", res.stderr
    assert res.stdout.strip() == "['runs']" and "hunter2" not in res.stdout
    assert (ws.root / "result.txt").read_text() == "ok"
    with pytest.raises(SandboxConfigError, match="system folders"):
        LocalSandbox(hide=["/usr"])


@pytest.mark.skipif(not ISOLATED, reason="needs the mount namespace (root)")
def test_code_under_private_tmp_is_exposed_read_only(tmp_path: Path) -> None:
    # A checkout (and its venv) in /tmp would vanish under the job's private /tmp tmpfs.
    code = tmp_path / "checkout"
    code.mkdir()
    (code / "data.txt").write_text("visible")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        box = LocalSandbox(expose=[str(code), *LocalSandbox().expose])
    res = py(box, Workspace(tmp_path / "ws"), f"""
        print(open({str(code / "data.txt")!r}).read())
        try:
            open({str(code / "new.txt")!r}, "w")
        except OSError:
            print("read-only")
        """)
    assert res.status == "ok", res.stderr
    assert res.stdout.split() == ["visible", "read-only"]


def test_job_that_ignores_a_large_input_still_times_out(box: LocalSandbox, ws: Workspace) -> None:
    t0 = time.perf_counter()
    res = py(box, ws, "import time\ntime.sleep(60)", input={"blob": "x" * 1_000_000},
             timeout_s=1.0)
    assert res.status == "timeout" and time.perf_counter() - t0 < 8


def test_fallback_without_namespaces_reports_and_still_limits(ws: Workspace) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        box = LocalSandbox(namespaces=False)
    assert any("less isolation" in str(w.message) for w in caught)
    prot = box.protections()
    assert prot["network"].startswith("off") and prot["pid_namespace"].startswith("off")
    assert "process group" in prot["timeout"]
    res = py(box, ws, """
        import os, time
        if os.fork() == 0:
            while True:
                open("beat", "a").write(".")
                time.sleep(0.05)
        time.sleep(600)
        """, timeout_s=1.0)
    assert res.status == "timeout"
    time.sleep(0.2)
    size = (ws.root / "beat").stat().st_size
    time.sleep(0.4)
    assert (ws.root / "beat").stat().st_size == size
    assert py(box, ws, "x = bytearray(2 << 30)", memory_mb=300).status == "memory_limit"
