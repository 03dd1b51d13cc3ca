"""Graph mechanics with the in-test tool box: revisions, limits, kill + resume, fork, reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

from agents.configuration import Settings
from agents.review import review_report
from agents.session import Session
from tests.agents.scripted import ScriptedBackend
from tests.agents.toolkit import FunctionToolBox

ROOT = Path(__file__).resolve().parents[2]


def _session(tmp_path: Path, backend: ScriptedBackend, sid: str = "s", log: Path | None = None, **limits) -> Session:
    settings = Settings(home=tmp_path)
    settings = settings.with_(limits=replace(settings.limits, **limits))
    return Session(settings, sid, toolbox=FunctionToolBox(tmp_path / sid / "workspace", log=log), backend=backend)


def test_failed_check_causes_a_real_revision(tmp_path: Path) -> None:
    ses = _session(tmp_path, ScriptedBackend(epochs=2, steps=1, revise_falling=True), max_revisions=2)
    st = ses.start("fit a line")
    fits = [c for c in st.calls if c.tool == "fit_line"]
    assert [c.args["epochs"] for c in fits] == [2, 4, 8]  # the remedy (epochs x2) applied after each revise
    assert [r.verdict for r in st.reviews] == ["revise", "revise", "accept"]
    assert st.reviews[0].remedy is not None and st.reviews[0].remedy.epochs == 2
    assert "train longer" in st.reviews[0].requests
    last = st.reviews[-1]  # revisions spent: the still-falling loss stays as a stated limitation
    assert [c.kind for c in last.checks if c.name == "train_longer" and not c.passed] == ["limitation"]
    losses = [c.output["val_loss"] for c in fits]
    assert losses[0] > losses[1] > losses[2]  # the revision really trained longer
    assert st.status == "done" and st.step == 1 and st.open_steps() == []


def test_a_limitation_alone_never_revises(tmp_path: Path) -> None:
    ses = _session(tmp_path, ScriptedBackend(epochs=2, steps=1), max_revisions=2)
    st = ses.start("fit a line")
    assert [c.args["epochs"] for c in st.calls if c.tool == "fit_line"] == [2]
    (review,) = st.reviews
    assert review.verdict == "accept" and review.remedy is None
    assert any(c.name == "train_longer" and not c.passed and c.kind == "limitation" for c in review.checks)
    assert st.status == "done"


def test_converged_step_is_accepted_and_report_reviews_clean(tmp_path: Path) -> None:
    ses = _session(tmp_path, ScriptedBackend(epochs=32, steps=2))
    st = ses.start("fit a line")
    assert [r.verdict for r in st.reviews] == ["accept", "accept"]
    res = review_report(st.report)
    assert res.ok, res.failures
    assert res.checked >= 8 and res.figures == 2


def test_tool_call_limit_is_enforced_by_the_graph(tmp_path: Path) -> None:
    ses = _session(tmp_path, ScriptedBackend(epochs=2, steps=3), max_tool_calls=3)
    st = ses.start("fit a line")
    assert len(st.calls) == 3
    assert st.status == "stopped" and "tool-call limit" in st.stop_reason
    assert Path(st.report).is_file()  # a partial report is still written


KILL_SCRIPT = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from agents.configuration import Settings
    from agents.session import Session
    from tests.agents.scripted import ScriptedBackend
    from tests.agents.toolkit import FunctionToolBox
    home, log = Path(sys.argv[1]), Path(sys.argv[2])
    seen = []
    def hook(name, args):  # die in the middle of the 4th tool call (step 2, count_words)
        seen.append(name)
        if len(seen) == 4:
            os.kill(os.getpid(), signal.SIGKILL)
    box = FunctionToolBox(home / "k" / "workspace", log=log, hook=hook)
    Session(Settings(home=home), "k", toolbox=box, backend=ScriptedBackend(epochs=32, steps=3)).start("fit")
""")


def test_killed_session_resumes_without_repeating_finished_calls(tmp_path: Path) -> None:
    log = tmp_path / "calls.log"
    proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT.format(root=str(ROOT)), str(tmp_path), str(log)],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == -9, proc.stderr
    before = [json.loads(x) for x in log.read_text().splitlines()]
    assert len(before) == 3  # three calls finished, the fourth was killed in flight
    ses = _session(tmp_path, ScriptedBackend(epochs=32, steps=3), sid="k", log=log)
    assert ses.status() == "interrupted"
    st = ses.resume()
    after = [json.loads(x) for x in log.read_text().splitlines()]
    assert st.status == "done" and len(st.calls) == 6
    assert len(after) == 6  # 3 before + the killed one redone + 2 new: nothing finished ran twice
    keys = [json.dumps(x, sort_keys=True) for x in after]
    assert len(set(keys)) == len(keys)
    assert review_report(st.report).ok


def test_fork_from_an_earlier_checkpoint(tmp_path: Path) -> None:
    parent = _session(tmp_path, ScriptedBackend(epochs=32, steps=2), sid="p")
    st = parent.start("fit")
    hist = parent.history()
    # the checkpoint just before step 2's coder ran: step 1 done, its tool calls recorded
    at = next(h["index"] for h in hist if h["next"] == ["coder"] and h["step"] == 1)
    child = parent.fork(at, "c")
    assert child.status() == "interrupted"
    cst = child.resume()
    assert cst.status == "done" and cst.session_id == "c"
    assert [c.id for c in cst.calls] == [c.id for c in st.calls]
    assert (tmp_path / "c" / "workspace" / "fit1" / "metrics.json").is_file()
    assert child.meta()["forked_from"].startswith("p@")
    assert review_report(cst.report).ok


def test_per_attempt_call_limit_blocks_new_calls_and_the_reviewer_says_so(tmp_path: Path) -> None:
    ses = _session(tmp_path, ScriptedBackend(epochs=32, steps=1), max_calls_per_attempt=1)
    st = ses.start("fit")
    assert st.calls == [] and st.open_steps() == [0]
    assert st.status == "stopped" and st.stop_reason.startswith("step 1 failed")  # no result: no silent success
    assert st.results[0].summary.startswith("stopped: 0 tool calls in this attempt, 2 more asked")
    assert any(c.name == "step_limit" and not c.passed for c in st.reviews[0].checks)


def test_offline_review_request_checks_a_report(tmp_path: Path) -> None:
    from agents.llm.offline import OfflineBackend

    (tmp_path / "m.json").write_text(json.dumps({"auc": 0.9123}))
    report = tmp_path / "r.md"
    report.write_text("# R\n\n## Summary\n\nAUC 0.95 [src](m.json#/auc).\n")  # altered: the artifact says 0.9123
    ses = Session(Settings(home=tmp_path / "home"), "rv", toolbox=FunctionToolBox(tmp_path / "ws"),
                  backend=OfflineBackend(Settings()))
    st = ses.start(f"please review {report}")
    assert st.plan is not None and st.plan.family == "review" and st.calls == []
    assert "FAILED" in st.results[0].summary and "the artifact says 0.9123" in st.results[0].summary
    assert st.reviews[0].critique == "report fails review with 2 problem(s)"  # + not recorded by a session
