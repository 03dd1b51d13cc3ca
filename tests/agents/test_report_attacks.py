"""Issue 21 (third attack round), the report's part: a consistent forgery of a signed report, and
model-written text in the report. Each test attacks through the user's own path (`omnijet-agent
review`, the report writer the sessions use).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from agents.review import review_report
from omnijet.cli.main import main
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
    assert code == 0 and "manifest: signed here: intact" in out
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
    assert code == 0 and "manifest: not signed here" in out
    (report.parent.parent / ".omnijet" / "manifest.sig").unlink()  # a stripped signature: the same
    assert "manifest: not signed here" in _review(report, capsys)[1]


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
