"""Issue 12: attacks on the sandbox boundary, each through the path an agent uses (the tool
runner, the sandbox, the trusted writers), against the real kernel.

Each test is an attack that succeeded before issue 12 (see `benchmarks/attacks.py`, which runs
this file, review's forgery tests (item 8), the `data` CLI's one-line and overwrite tests and
`test_local.py`, the first round, and prints held/total).
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sandbox import LimitError, UnsafePathError, Workspace, safeio
from sandbox.base import UID_BASE, UID_RANGE, project_root
from sandbox.local import LocalSandbox
from tools.registry import get_tool
from tools.runner import ToolRunner

ROOT = os.geteuid() == 0  # these machines run as root: namespaces + uid drop expected
needs_root = pytest.mark.skipif(not ROOT, reason="needs root (namespaces, uid drop)")


@pytest.fixture
def runner(tmp_path: Path, box: LocalSandbox) -> ToolRunner:
    return ToolRunner(Workspace(tmp_path / "ws"), box)


def run_py(runner: ToolRunner, code: str, **kw):
    return runner.call("run_python", {"code": textwrap.dedent(code)}, **kw)


def _agent(ws: Path, code: str, timeout_s: float) -> subprocess.Popen:
    """A separate agent process making one run_python call (the process we kill or freeze)."""
    script = textwrap.dedent(f"""
        import warnings; warnings.simplefilter("ignore")
        from sandbox import Workspace
        from sandbox.local import LocalSandbox
        from tools.runner import ToolRunner
        r = ToolRunner(Workspace({str(ws)!r}), LocalSandbox())
        r.call("run_python", {{"code": {code!r}}}, timeout_s={timeout_s})
        """)
    return subprocess.Popen([sys.executable, "-c", script], cwd=project_root(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for(path: Path, timeout: float = 60) -> None:
    t0 = time.monotonic()
    while not (path.exists() and path.stat().st_size > 0):
        assert time.monotonic() - t0 < timeout, f"{path} never appeared"
        time.sleep(0.1)


def _growing(path: Path, wait: float = 1.0) -> bool:
    size = path.stat().st_size
    time.sleep(wait)
    return path.stat().st_size != size


HEARTBEAT = "import time\nwhile True:\n    open('beat', 'a').write('.')\n    time.sleep(0.05)\n"


# ---- 1. trusted writers never follow what a job plants ---------------------------------------
@needs_root
def test_report_writer_refuses_a_planted_symlink(runner: ToolRunner, tmp_path: Path) -> None:
    host = tmp_path / "host-dir"
    host.mkdir()
    res = run_py(runner, f"import os\nos.symlink({str(host)!r}, 'report')\n"
                         "open('x.png', 'wb').write(b'png')")
    assert res.ok, res.error
    ws = runner.workspace.root
    # what the report writer does (agents/report.py): create report/, write report.json there
    with pytest.raises(UnsafePathError, match="report"):
        safeio.ensure_dir(ws, "report")
    with pytest.raises(UnsafePathError):
        safeio.write_json(ws, "report/report.json", {"facts": []})
    with pytest.raises(UnsafePathError):
        safeio.copy_file(ws, "x.png", ws, "report/figures/x.png")
    assert list(host.iterdir()) == []


def test_the_sessions_report_writer_refuses_a_planted_report_link(tmp_path: Path) -> None:
    """agents/report.py itself, at the end of a real session: nothing lands in the host folder."""
    from tests.agents.scripted import ScriptedBackend
    from tests.agents.test_graph import _session

    host = tmp_path / "host-dir"
    host.mkdir()
    ws = tmp_path / "s" / "workspace"
    ws.mkdir(parents=True)
    os.symlink(host, ws / "report")  # what a job's run_python plants
    ses = _session(tmp_path, ScriptedBackend(epochs=2, steps=1))
    with pytest.raises(UnsafePathError, match="'report' is a symlink"):
        ses.start("fit a line")
    assert list(host.iterdir()) == [] and (ws / "report").is_symlink()


@needs_root
def test_report_file_link_is_replaced_not_written_through(runner: ToolRunner,
                                                          tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("host content")
    res = run_py(runner, f"import os\nos.mkdir('report')\nos.symlink({str(victim)!r}, "
                         "'report/report.md')\nos.symlink('/etc/passwd', 'fig.png')")
    assert res.ok, res.error
    ws = runner.workspace
    safeio.write_text(ws.root, "report/report.md", "# report\n")
    assert victim.read_text() == "host content"
    assert (ws.root / "report" / "report.md").read_text() == "# report\n"
    assert not (ws.root / "report" / "report.md").is_symlink()
    with pytest.raises(UnsafePathError):  # a figure that is a link to a host file: not copied
        safeio.copy_file(ws.root, "fig.png", ws.root, "report/figures/fig.png")
    with pytest.raises(UnsafePathError, match="another user"):  # and the job's folder is not ours
        safeio.ensure_dir(ws.root, "report", owned=True)
    (art,) = ws.record_trusted(["report/report.md"])
    assert ws.artifact("report/report.md").sha256 == art.sha256 and art.tool == "report"


@needs_root
def test_manifest_and_logs_never_follow_links(tmp_path: Path, box: LocalSandbox) -> None:
    host = tmp_path / "host"
    host.mkdir()
    (tmp_path / "ws").mkdir()
    os.symlink(host, tmp_path / "ws" / ".omnijet")
    with pytest.raises(UnsafePathError):
        Workspace(tmp_path / "ws")
    assert list(host.iterdir()) == []
    # an output swapped for a link to a host file after the job: never hashed, never read
    r = ToolRunner(Workspace(tmp_path / "ws2"), box)
    res = run_py(r, "import os\nopen('a.txt','w').write('x')\nos.symlink('/etc/shadow', 'b.txt')")
    assert res.ok and [a.path for a in res.artifacts] == ["a.txt"]


# ---- 2. fork copies links as links -------------------------------------------------------------
@needs_root
def test_fork_does_not_turn_a_link_into_a_readable_copy(runner: ToolRunner,
                                                        tmp_path: Path, box: LocalSandbox) -> None:
    from agents.session import copy_workspace

    secret = tmp_path / "secret.txt"  # readable by root only, and outside the job's view
    secret.write_text("hunter2")
    os.chmod(secret, 0o600)
    assert run_py(runner, f"import os\nos.symlink({str(secret)!r}, 'leak.txt')").ok
    child = tmp_path / "fork" / "workspace"
    copy_workspace(runner.workspace.root, child)
    assert (child / "leak.txt").is_symlink()
    forked = ToolRunner(Workspace(child), box)
    res = run_py(forked, "try:\n    print(open('leak.txt').read())\nexcept OSError as e:\n"
                         "    print('unreadable', e.strerror)")
    assert res.ok and "hunter2" not in res.output["stdout"] and "unreadable" in res.output["stdout"]
    # the fork's jobs run as the fork's own user and can still write the copied folders
    assert run_py(runner, "import os\nos.makedirs('d', exist_ok=True)\nopen('d/a','w')").ok
    copy_workspace(runner.workspace.root, tmp_path / "fork2" / "workspace")
    again = ToolRunner(Workspace(tmp_path / "fork2" / "workspace"), box)
    assert run_py(again, "open('d/a', 'w').write('edited')").ok


# ---- 3. job lifetime independent of the agent --------------------------------------------------
@needs_root
def test_job_dies_with_a_killed_agent_and_resume_does_not_rerun_over_it(
        tmp_path: Path, box: LocalSandbox) -> None:
    ws = tmp_path / "ws"
    agent = _agent(ws, HEARTBEAT, timeout_s=600)
    _wait_for(ws / "beat")
    agent.kill()  # kill -9 of the agent mid-call
    agent.wait()
    time.sleep(0.5)
    assert not _growing(ws / "beat"), "the job outlived its agent"
    runner = ToolRunner(Workspace(ws), box)  # what a resumed session builds first
    (rec,) = runner.recovered
    assert rec.status == "interrupted" and rec.tool == "run_python"
    assert runner.workspace.artifact("beat").call_id == rec.call_id  # partial output adopted
    assert not any((ws / ".omnijet" / "inflight").iterdir())


@needs_root
def test_deadline_holds_while_the_agent_is_frozen(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    agent = _agent(ws, HEARTBEAT, timeout_s=2)
    try:
        _wait_for(ws / "beat")
        agent.send_signal(signal.SIGSTOP)  # the agent (and its timer) stop; the job must not
        time.sleep(3.5)
        assert not _growing(ws / "beat"), "the job ran past its 2 s deadline"
    finally:
        agent.send_signal(signal.SIGCONT)
        agent.wait(timeout=60)
    calls = Workspace(ws).calls()
    assert calls[-1].status == "error" and "timeout" in calls[-1].message


# ---- 4. memory limit counts shared mappings ----------------------------------------------------
def test_shared_mapping_counts_against_the_memory_limit(tmp_path: Path, box: LocalSandbox) -> None:
    tool = dataclasses.replace(get_tool("run_python"), memory_mb=1024)
    r = ToolRunner(Workspace(tmp_path / "ws"), box, tools=[tool])
    res = run_py(r, """
        import mmap
        m = mmap.mmap(-1, 3 << 30, mmap.MAP_SHARED)   # 3 GiB against a 1 GiB limit
        for i in range(0, len(m), 4096):
            m[i] = 1
        print("touched 3 GiB")
        """)
    assert not res.ok and "touched" not in (res.error.message + res.stdout)
    assert "Cannot allocate memory" in res.error.message or res.error.kind == "memory_limit"


# ---- 5. the event channel is bounded in bytes ---------------------------------------------------
def test_event_flood_stops_the_job(runner: ToolRunner) -> None:
    t0 = time.perf_counter()
    res = run_py(runner, """
        import os
        fd = int(os.environ["SANDBOX_EVENTS_FD"])
        line = b'{"x": "' + b"a" * (1 << 20) + b'"}\\n'
        for _ in range(200):                                # 200 MiB of events
            os.write(fd, line)
        print("sent all")
        """)
    assert not res.ok and res.error.kind == "limit" and "bytes of events" in res.error.message
    assert time.perf_counter() - t0 < 60
    log = runner.workspace.root / ".omnijet" / "calls" / res.call_id / "job.json"
    assert log.stat().st_size < 40 << 20  # the log stays under the 32 MiB cap (+ JSON)


# ---- 6. one uid per session; the checkout and other sessions unseen -----------------------------
@needs_root
def test_sessions_get_their_own_uid_and_see_only_the_packages(tmp_path: Path,
                                                              box: LocalSandbox) -> None:
    a, b = (ToolRunner(Workspace(tmp_path / n), box) for n in ("a", "b"))
    (b.workspace.root / "secret.json").write_text('{"auc": 0.99}')
    probe = f"""
        import os, omnijet
        print(os.getuid(), os.getgid())
        print(os.path.exists({str(project_root() / "README.md")!r}),
              os.path.exists({str(project_root() / "runs")!r}))
        for p in [{str(tmp_path / "b" / "secret.json")!r}]:
            try:
                open(p).read(); print("READ")
            except OSError:
                print("refused")
        """
    out_a = run_py(a, probe).output["stdout"].split("\n")
    out_b = run_py(b, "import os\nprint(os.getuid(), os.getgid())").output["stdout"].split("\n")
    uid_a, uid_b = int(out_a[0].split()[0]), int(out_b[0].split()[0])
    assert uid_a != uid_b and UID_BASE <= uid_a < UID_BASE + UID_RANGE
    assert out_a[1] == "False False" and out_a[2] == "refused"
    assert os.stat(b.workspace.root).st_mode & 0o007 == 0  # no access for other users


@needs_root
def test_a_session_home_anywhere_hides_the_other_sessions() -> None:
    """--home outside the user's folder, /tmp and the checkout: a job still sees no neighbour."""
    import shutil
    import tempfile

    from agents.toolbox import RegistryToolBox

    home = Path(tempfile.mkdtemp(prefix="omnijet-attack-home-", dir="/var/tmp"))
    os.chmod(home, 0o755)  # as a --home folder usually is
    try:
        (home / "other" / "workspace").mkdir(parents=True)
        (home / "other" / "state.sqlite").write_text("other session's state")
        (home / "other" / "meta.json").write_text('{"request": "secret"}')
        box = RegistryToolBox(home / "mine" / "workspace", sandbox="local", gpu=False)
        out = box.call("run_python", {"code": textwrap.dedent(f"""
            import os
            for p in [{str(home / "other" / "state.sqlite")!r}, {str(home / "other" / "meta.json")!r}]:
                try:
                    open(p).read(); print("READ", p)
                except OSError:
                    print("refused")
            print(sorted(os.listdir({str(home)!r})))
            open("mine.txt", "w").write("ok")
            """)})
        assert out.ok, out.error
        stdout = out.output["stdout"]
        assert "READ" not in stdout and "'other'" not in stdout, stdout
        assert (home / "mine" / "workspace" / "mine.txt").read_text() == "ok"
    finally:
        shutil.rmtree(home)


def test_default_session_home_is_outside_the_checkout() -> None:
    from agents.configuration import default_home

    assert not default_home().resolve().is_relative_to(project_root())


# ---- 7. file-count limit ------------------------------------------------------------------------
def test_file_flood_fails_the_call_and_keeps_later_scans_bounded(tmp_path: Path,
                                                                 box: LocalSandbox) -> None:
    r = ToolRunner(Workspace(tmp_path / "ws", max_files=300), box)
    res = run_py(r, "import os\nos.mkdir('f')\nfor i in range(3000):\n    open(f'f/{i}', 'w')")
    assert not res.ok and res.error.kind == "limit" and "300" in res.error.message
    assert r.workspace.calls()[-1].outputs == []
    snap = r.workspace.snapshot()
    assert not snap.complete and len(snap) <= 300
    with pytest.raises(LimitError):
        r.workspace.changed({})
    clean = run_py(r, "import shutil\nshutil.rmtree('f')\nopen('ok.txt', 'w')")
    assert clean.ok and [a.path for a in clean.artifacts] == ["ok.txt"]


# ---- 9/10. one-line errors and no silent overwrites, through the real entry point ----------------
def _one_line(capsys: pytest.CaptureFixture[str], message: str) -> None:
    err = capsys.readouterr().err
    assert message in err, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err


def _writers(tmp_path: Path, out: Path) -> dict[str, list[str]]:
    """Every CLI command that writes one output file (checkpoints and data need not exist:
    the output is checked before any of them is read)."""
    missing = str(tmp_path / "missing.pt")
    return {
        "generate": ["generate", "--gpt", missing, "--out", str(out.with_suffix(".root"))],
        "tokenize": ["tokenize", "--tokenizer", missing, "--data", str(tmp_path / "x.root"),
                     "--out", str(out.with_suffix(".pt"))],
        "data plot": ["data", "plot", str(tmp_path / "x.root"), "--out", str(out.with_suffix(".png"))],
        "data generate": ["data", "generate", "--process", "qcd", "--jets", "5",
                          "--out", str(out.with_suffix(".root"))],
    }


@pytest.mark.parametrize("command", ["generate", "tokenize", "data plot", "data generate"])
def test_existing_outputs_are_never_silently_replaced(command: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from agents.main import main

    argv = _writers(tmp_path, tmp_path / "existing")[command]
    out = Path(argv[argv.index("--out") + 1])
    out.write_bytes(b"an earlier result")
    assert main(argv) == 2
    _one_line(capsys, "exists (pass --overwrite to replace it)")
    assert out.read_bytes() == b"an earlier result"
    if command != "data generate":  # --overwrite passes the check (then stops at the missing input)
        assert main([*argv, "--overwrite"]) == 2
        err = capsys.readouterr().err
        assert "exists" not in err and "Traceback" not in err
        assert out.read_bytes() == b"an earlier result"


@pytest.mark.parametrize("command", ["generate", "tokenize", "data plot", "data generate"])
def test_unwritable_outputs_are_one_line(command: str, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from agents.main import main

    # /proc refuses new files even to root (chmod does not stop root)
    assert main(_writers(tmp_path, Path("/proc/omnijet-no-such-dir/out"))[command]) == 2
    _one_line(capsys, "cannot write there")


@pytest.mark.parametrize("argv, message", [
    (["data", "info", "{f}", "--max-jets", "0"], "--max-jets must be >= 1, got 0"),
    (["data", "plot", "{f}", "--max-jets", "-3", "--out", "{d}/p.png"], "--max-jets must be >= 1"),
    (["generate", "--gpt", "{f}", "--jets", "0", "--out", "{d}/g.root"], "--jets must be >= 1"),
    (["tokenize", "--tokenizer", "{f}", "--data", "{f}", "--max-jets", "0", "--out", "{d}/t.pt"],
     "--max-jets must be >= 1"),
    (["review", "{d}/report.md"], "not UTF-8 text"),
])
def test_bad_values_and_unreadable_inputs_are_one_line(argv: list[str], message: str,
                                                       tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from agents.main import main

    (tmp_path / "x.root").write_bytes(b"not read")
    (tmp_path / "report.md").write_bytes(b"# report\n\nAUC 0.9 \xff\xfe\n")
    args = [a.format(f=tmp_path / "x.root", d=tmp_path) for a in argv]
    assert main(args) == 2
    _one_line(capsys, message)
    assert [p.name for p in tmp_path.iterdir()] in (["x.root", "report.md"], ["report.md", "x.root"])


# ---- 11. a stdout flood says what happened --------------------------------------------------------
def test_stdout_flood_is_reported_with_detail(runner: ToolRunner) -> None:
    res = run_py(runner, """
        import sys
        block = b"x" * (1 << 20)
        for _ in range(300):
            sys.stdout.buffer.write(block)
        print("END")
        """)
    assert res.ok, res.error
    out = res.output["stdout"]
    assert "stdout flood: the script wrote 314572804 bytes" in out and out.endswith("END\n")
    assert len(out) < 20_000


def test_events_json_log_is_sane(runner: ToolRunner) -> None:
    """The ordinary path still works: events, result, logs written through the safe helper."""
    res = run_py(runner, "from sandbox.events import emit\nemit({'event': 'e', 'i': 1})")
    assert res.ok and res.events == [{"event": "e", "i": 1}]
    job = json.loads((runner.workspace.root / ".omnijet" / "calls" / res.call_id /
                      "job.json").read_text())
    assert job["status"] == "ok"
