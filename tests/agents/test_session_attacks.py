"""Issue 21, third attack round: session folders are written by strangers (shared, copied).

Every attack goes through the user's own path (`omnijet-agent sessions ...`, a real session made
by the real graph) and each broke the code before the fix: a msgpack extension in state.sqlite
ran os.system on `sessions show/fork/resume`; `sessions list` died on one bad meta.json (a FIFO
hung it); `sessions show ../other/ID` left the home; a second `resume` ran beside the first; a
kill during the checkpoint write repeated a finished tool call; a crafted sandbox.json lent its
workspace another session's job uid.
"""

from __future__ import annotations

import json
import os
import pickle
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import ormsgpack
import pytest

from agents.configuration import Settings
from agents.main import main
from agents.session import Session
from tests.agents.scripted import ScriptedBackend
from tests.agents.toolkit import FunctionToolBox

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE", "MPLBACKEND": "Agg", "COLUMNS": "200",
       "OMNIJET_LLM_BASE_URL": "", "OPENAI_API_KEY": "", "OMNIJET_LLM_BACKEND": "offline",
       "PYTHONPATH": str(ROOT)}


def make_session(home: Path, sid: str = "s", log: Path | None = None) -> Session:
    """A finished one-step session made by the real graph (scripted model, in-test tools)."""
    ses = Session(Settings(home=home), sid, toolbox=FunctionToolBox(home / sid / "workspace", log=log),
                  backend=ScriptedBackend(epochs=4, steps=1))
    ses.start("fit a line")
    ses.close()
    return ses


def lines(text: str) -> list[str]:
    return [ln for ln in text.strip().splitlines() if ln.strip()]


def errors(text: str) -> list[str]:
    """stderr without the sandbox's one-line notices about protections this host lacks."""
    return [ln for ln in lines(text) if not ln.startswith("note: ")]


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    got = capsys.readouterr()
    return code, got.out, got.err


# ---- item 1: state.sqlite is data, never code -----------------------------------------------------
class Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {shlex.quote(str(self.marker))}",))


def _ext_system(marker: Path) -> ormsgpack.Ext:
    """What JsonPlusSerializer rebuilds by name: getattr(import_module('os'), 'system')(arg)."""
    return ormsgpack.Ext(0, ormsgpack.packb(("os", "system", f"touch {shlex.quote(str(marker))}")))


def _latest(db: sqlite3.Connection) -> tuple[str, str, bytes]:
    return db.execute("SELECT checkpoint_id, type, checkpoint FROM checkpoints "
                      "ORDER BY checkpoint_id DESC LIMIT 1").fetchone()


def _plain(kind: str, blob: bytes) -> dict:
    return ormsgpack.unpackb(blob) if kind == "msgpack" else json.loads(blob)


def plant(folder: Path, how: str, marker: Path) -> None:
    """Rewrite the newest checkpoint (or add a pending write) of a real session as an attacker."""
    with sqlite3.connect(folder / "state.sqlite") as db:
        cid, kind, blob = _latest(db)
        cp = _plain(kind, blob)
        if how == "msgpack-ext":
            cp["channel_values"]["request"] = _ext_system(marker)
            row = ("msgpack", ormsgpack.packb(cp))
        elif how == "pickle":
            row = ("pickle", pickle.dumps({**cp, "payload": Payload(marker)}))
        elif how == "lc-constructor":
            cp["channel_values"]["request"] = {"lc": 2, "type": "constructor", "id": ["os", "system"],
                                               "args": [f"touch {marker}"]}
            row = ("json", json.dumps(cp).encode())
        if how == "pending-write":
            db.execute("INSERT INTO writes (thread_id, checkpoint_ns, checkpoint_id, task_id, task_path, idx, "
                       "channel, type, value) VALUES (?, '', ?, 'evil', '', 0, 'request', 'msgpack', ?)",
                       (folder.name, cid, ormsgpack.packb([_ext_system(marker)])))
        else:
            db.execute("UPDATE checkpoints SET type = ?, checkpoint = ? WHERE checkpoint_id = ?", (*row, cid))


@pytest.mark.parametrize("how", ["msgpack-ext", "pending-write", "pickle", "lc-constructor"])
def test_a_crafted_state_sqlite_runs_nothing_on_show_fork_or_resume(tmp_path: Path, capsys, how: str) -> None:
    home, marker = tmp_path / "home", tmp_path / "pwned"
    make_session(home)
    plant(home / "s", how, marker)
    for argv in (["show", "s"], ["fork", "s", "--at", "0"], ["resume", "s", "--sandbox", "local"]):
        code, out, err = run_cli(capsys, "sessions", *argv, "--home", str(home))
        assert not marker.exists(), f"{how}: `sessions {argv[0]}` ran the planted code"
        assert code == 2, (argv, code, out, err)
        assert len(errors(err)) == 1 and "Traceback" not in err and "checkpoint" in err, err
    assert sorted(p.name for p in home.iterdir()) == ["s"]  # the fork made nothing


def test_a_genuine_session_still_shows_forks_and_resumes_through_the_cli(tmp_path: Path, capsys) -> None:
    home = tmp_path / "home"
    make_session(home)
    code, out, _ = run_cli(capsys, "sessions", "show", "s", "--home", str(home))
    assert code == 0 and json.loads(out.split("\n  [")[0])["status"] == "done"
    code, out, _ = run_cli(capsys, "sessions", "fork", "s", "--at", "1", "--home", str(home))
    assert code == 0 and "forked s at 1" in out


# ---- item 7: one bad meta.json is one line, the others still list -------------------------------
def test_bad_meta_json_files_are_one_line_each_and_the_rest_still_list(tmp_path: Path) -> None:
    home = tmp_path / "home"
    make_session(home, "good")
    bad = {"alist": "[]", "anint": "7", "anull": "null", "wrongtype": '{"request": 5, "status": []}',
           "notjson": "{", "deep": "[" * 100_000, "huge": json.dumps({"request": "x" * (2 << 20)})}
    for name, text in bad.items():
        (home / name).mkdir()
        (home / name / "meta.json").write_text(text)
    (home / "fifo").mkdir()
    os.mkfifo(home / "fifo" / "meta.json")
    (home / "zero").mkdir()
    (home / "zero" / "meta.json").symlink_to("/dev/zero")
    (home / "linked").symlink_to(home / "good")  # a session folder that is a link: not listed
    (home / "escapes").mkdir()  # well-formed, but its text would drive the terminal
    (home / "escapes" / "meta.json").write_text(json.dumps({"status": "done\x1b[2J", "request":
                                                            "\x1b]8;;http://evil\x07click\x1b]8;;\x07 me"}))
    proc = subprocess.run([sys.executable, "-m", "agents.main", "sessions", "list", "--home", str(home)],
                          cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    rows = {ln.split()[0]: ln for ln in lines(proc.stdout)}
    assert "done" in rows["good"] and "fit a line" in rows["good"]
    for name in [*bad, "fifo", "zero"]:
        assert name in rows and "unreadable" in rows[name], (name, proc.stdout)
    assert "linked" not in rows and len(lines(proc.stdout)) == len(bad) + 4
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout and "click" in rows["escapes"]
    assert "not an object" in rows["alist"] and "valid string" in rows["wrongtype"]
    assert "at most" in rows["huge"] and "not a plain file" in rows["zero"]


# ---- item 13: a session id is a name inside the home --------------------------------------------
def test_a_session_id_outside_the_home_is_refused_in_one_line(tmp_path: Path, capsys) -> None:
    make_session(tmp_path / "other", "s")
    home = tmp_path / "home"
    home.mkdir()
    (home / "link").symlink_to(tmp_path / "other" / "s")
    for sid in ("../other/s", str(tmp_path / "other" / "s"), "link", ".."):
        for argv in (["show", sid], ["resume", sid, "--sandbox", "local"], ["fork", sid, "--at", "0"]):
            code, out, err = run_cli(capsys, "sessions", *argv, "--home", str(home))
            assert code == 2 and len(errors(err)) == 1 and "Traceback" not in err, (argv, out, err)
            assert "session" in err and '"status"' not in out
    assert sorted(p.name for p in home.iterdir()) == ["link"]


# ---- item 8: one process per session --------------------------------------------------------------
HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from agents.configuration import Settings
    from agents.session import Session
    from tests.agents.scripted import ScriptedBackend
    from tests.agents.toolkit import FunctionToolBox
    home, log = Path(sys.argv[1]), Path(sys.argv[2])
    def hook(name, args):  # the first call waits until the test says go
        (home / "ready").touch()
        while not (home / "go").exists():
            time.sleep(0.05)
    box = FunctionToolBox(home / "b" / "workspace", log=log, hook=hook)
    Session(Settings(home=home), "b", toolbox=box, backend=ScriptedBackend(epochs=4, steps=1)).start("fit")
""")


def test_a_second_resume_of_a_running_session_is_refused_naming_the_holder(tmp_path: Path) -> None:
    home, log = tmp_path / "home", tmp_path / "calls.log"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(home), str(log)], cwd=ROOT, env=ENV,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not (home / "ready").exists():
            assert holder.poll() is None and time.monotonic() < deadline, holder.communicate()
            time.sleep(0.05)
        second = subprocess.run([sys.executable, "-m", "agents.main", "sessions", "resume", "b", "--home",
                                 str(home), "--sandbox", "local"], cwd=ROOT, env=ENV, capture_output=True,
                                text=True, timeout=120)
        assert second.returncode != 0 and len(errors(second.stderr)) == 1, second.stdout + second.stderr
        assert f"in use by pid {holder.pid} on " in second.stderr and " since 20" in second.stderr
    finally:
        (home / "go").touch()
        out, err = holder.communicate(timeout=120)
    assert holder.returncode == 0, err
    calls = [json.loads(x) for x in log.read_text().splitlines()]
    assert [c["tool"] for c in calls] == ["fit_line", "count_words"]  # each ran once: no second runner
    again = subprocess.run([sys.executable, "-m", "agents.main", "sessions", "resume", "b", "--home",
                            str(home), "--sandbox", "local"], cwd=ROOT, env=ENV, capture_output=True,
                           text=True, timeout=120)
    assert again.returncode == 0 and "done" in again.stdout, again.stdout + again.stderr  # lock released


# ---- item 9: a kill at any statement of the checkpoint write never repeats a finished call -----
KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from agents.configuration import Settings
    from agents.session import Session
    from tests.agents.scripted import ScriptedBackend
    from tests.agents.toolkit import FunctionToolBox
    home, log, at = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    n = int(at.split("+")[0])
    ses = Session(Settings(home=home), "k", toolbox=FunctionToolBox(home / "k" / "workspace", log=log),
                  backend=ScriptedBackend(epochs=4, steps=2))
    seen = []
    def die(*_):
        os.kill(os.getpid(), signal.SIGKILL)
    def trace(stmt):  # statements after the first tool call finished (its side effect is logged)
        if log.exists():
            seen.append(stmt)
            if len(seen) == n:
                if at.endswith("+progress"):  # inside this statement's execution
                    ses._conn.set_progress_handler(die, 1)
                else:  # before it runs
                    die()
    ses._conn.set_trace_callback(trace)
    ses.start("fit")
""")


def _killed_then_resumed(tmp: Path, at: str) -> list[str]:
    """Tool calls run (as logged by their side effect) when the session is killed at `at`, then
    resumed to the end."""
    home, log = tmp / at / "home", tmp / at / "calls.log"
    proc = subprocess.run([sys.executable, "-c", KILLER, str(home), str(log), at], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -9, proc.stderr
    assert len(log.read_text().splitlines()) == 1, at  # the first call finished, then the kill
    ses = Session(Settings(home=home), "k", toolbox=FunctionToolBox(home / "k" / "workspace", log=log),
                  backend=ScriptedBackend(epochs=4, steps=2))
    st = ses.resume()
    ses.close()
    assert st.status == "done" and len(st.calls) == 4, at
    return log.read_text().splitlines()


def test_a_kill_during_the_checkpoint_write_never_repeats_a_finished_call(tmp_path: Path) -> None:
    """After the first call: BEGIN, 4 x INSERT writes, COMMIT, BEGIN, INSERT checkpoints, COMMIT.
    Killed just before each of them, or inside one ("+progress": SQLite's progress handler)."""
    for at in ("1", "2+progress", "5+progress", "6", "7", "8+progress", "9"):
        calls = _killed_then_resumed(tmp_path, at)
        assert len(calls) == 4 and len(set(calls)) == 4, (at, calls)  # each ran once, the first included


def test_a_journal_entry_not_written_here_is_never_taken_for_a_finished_call(tmp_path: Path) -> None:
    """The journal that saves a resume from repeating a call travels with a copied session: an
    entry planted there (a forged result for the call about to run) does not verify with this
    installation's key, so the call runs. (A guard of the journal itself, which the previous main
    did not have.)"""
    from tools.workspace import JOURNAL, call_key

    home, log = tmp_path / "home", tmp_path / "calls.log"
    ses = Session(Settings(home=home), "s", toolbox=FunctionToolBox(home / "s" / "workspace", log=log),
                  backend=ScriptedBackend(epochs=4, steps=1))
    forged = {"tool": "fit_line", "args": {"epochs": 4, "out": "fit0"},
              "result": {"tool": "fit_line", "ok": True, "output": {"val_loss": 123.0}}}
    entry = home / "s" / "workspace" / JOURNAL / f"{call_key('s', 0, 0, 0, 'c0')}.json"
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(json.dumps({"body": json.dumps(forged, sort_keys=True), "mac": "0" * 64}))
    st = ses.start("fit")
    ses.close()
    assert [json.loads(x)["tool"] for x in log.read_text().splitlines()] == ["fit_line", "count_words"]
    assert st.calls[0].output["val_loss"] != 123.0 and st.status == "done"


# ---- item 6: a job uid comes from the host's registry, never from the workspace -----------------
@pytest.mark.skipif(os.geteuid() != 0, reason="needs root (per-session uids)")
def test_a_crafted_sandbox_json_cannot_borrow_another_sessions_uid() -> None:
    from agents.toolbox import RegistryToolBox

    base = Path(tempfile.mkdtemp(prefix="omnijet-uid-attack-", dir="/var/tmp"))  # not a job's private /tmp
    os.chmod(base, 0o755)
    try:
        a = RegistryToolBox(base / "home-a" / "a" / "workspace", sandbox="local", gpu=False)
        made = a.call("run_python", {"code": "import os\nopen('secret.txt', 'w').write('A only')\n"
                                             "os.chmod('secret.txt', 0o600)\nprint(os.getuid())"})
        assert made.ok, made.error
        uid_a = int(made.output["stdout"].split()[0])
        b = RegistryToolBox(base / "home-b" / "b" / "workspace", sandbox="local", gpu=False)
        ids = b.workspace / ".omnijet" / "sandbox.json"
        ids.write_text(json.dumps({"uid": uid_a, "gid": uid_a}))  # as a shared session folder carries it
        secret = base / "home-a" / "a" / "workspace" / "secret.txt"
        probe = b.call("run_python", {"code": textwrap.dedent(f"""
            import os
            print(os.getuid())
            try:
                print(open({str(secret)!r}).read())
            except OSError:
                print("refused")
            """)})
        assert probe.ok, probe.error
        uid_b, seen = probe.output["stdout"].split("\n")[:2]
        assert int(uid_b) != uid_a and seen == "refused", probe.output["stdout"]
    finally:
        shutil.rmtree(base)
