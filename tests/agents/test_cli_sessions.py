"""`omnijet-agent` commands around a session, as a user types them: demo, run, sessions, chat."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.agents.test_end_to_end import cli


def test_demo_refuses_an_unknown_preset_before_doing_anything(tmp_path: Path) -> None:
    proc = cli("demo", "--preset", "huge", "--out", str(tmp_path / "demo"))
    assert proc.returncode == 2 and "unknown preset 'huge'" in proc.stderr and not (tmp_path / "demo").exists()


def test_unservable_request_offline_says_an_endpoint_is_needed_and_keeps_the_session(tmp_path: Path) -> None:
    proc = cli("run", "write me a poem about gluons", "--workspace", str(tmp_path / "s"))
    assert proc.returncode == 1
    assert "LLM endpoint" in proc.stderr and "Traceback" not in proc.stderr
    meta = json.loads((tmp_path / "s" / "meta.json").read_text())
    assert meta["status"] == "failed" and meta["request"] == "write me a poem about gluons"
    proc = cli("sessions", "list", "--home", str(tmp_path))
    assert "s " in proc.stdout and "failed" in proc.stdout
    shown = cli("sessions", "show", "s", "--home", str(tmp_path))
    assert json.loads(shown.stdout.split("\n  [")[0])["status"] == "failed"
    again = cli("sessions", "resume", "s", "--home", str(tmp_path))  # still unservable: same clear message
    assert again.returncode == 1 and "LLM endpoint" in again.stderr
    fork = cli("sessions", "fork", "s", "--at", "0", "--home", str(tmp_path))
    assert fork.returncode == 0 and "forked s at 0" in fork.stdout
    missing = cli("sessions", "resume", "nope", "--home", str(tmp_path))
    assert missing.returncode == 2 and "no session 'nope'" in missing.stderr


def test_chat_through_stdin_runs_a_request_and_quits(tmp_path: Path) -> None:
    stdin = "generate 60 top jets (tiny preset)\n/plan\n/status\n/budget\n/report\n/quit\n"
    proc = cli("chat", "--home", str(tmp_path), stdin=stdin, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout + proc.stderr
    assert "generate_data" in out and "plot_distributions" in out
    assert re.search(r"session \S+: done · step 2/2", out)
    assert "tool calls 3/" in out and "referenced numbers" in out and proc.stdout.rstrip().endswith("bye")
    assert (tmp_path / ".chat_history").read_text().splitlines()[0].startswith("generate 60 top jets")
    (session,) = [d for d in tmp_path.iterdir() if d.is_dir()]
    assert (session / "workspace" / "data" / "top_train.root").is_file()
    assert (session / "workspace" / "plots" / "distributions.png").is_file()
