"""`review`: forged reports are flagged, a genuine one passes (issue 12 item 8-9, issue 11 item 6).

Each test builds a session workspace by hand with the real `sandbox.workspace.Workspace`: the
artifacts are recorded by a "tool" call, report.md/report.json/tool_calls.json by a "report"
call, exactly as the manifest records them. Then the report is forged the way an attacker
(a sandboxed job, or someone handing over a report) could.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from agents.main import main
from agents.review import MAX_REPORT, ReviewInputError, as_json, format_result, review_report
from sandbox.workspace import CallRecord, Workspace, utc_now

A = "[↗]"
SCAN = {"table": [
    {"strategy": "finetune", "n_train": 100, "accuracy_mean": 0.832, "accuracy_sem": 0.004},
    {"strategy": "scratch", "n_train": 100, "accuracy_mean": 0.801, "accuracy_sem": 0.005},
    {"strategy": "finetune", "n_train": 1000, "accuracy_mean": 0.861, "accuracy_sem": 0.003},
    {"strategy": "scratch", "n_train": 1000, "accuracy_mean": 0.842, "accuracy_sem": 0.004},
], "n_seeds": 3}
CALLS = {"c1": {"id": "c1", "tool": "finetune_scan", "args": {"n_train": [100, 1000], "seeds": 3, "n_jets": 200},
                "ok": True, "output": {"metrics": "scan/metrics.json", "best_auc": 0.9071}, "ref": ""}}


def cite(value: str, path: str, ptr: str) -> str:
    return f"{value} {A}({path}#{ptr})"


def acc(i: int) -> str:
    row = SCAN["table"][i]
    return (cite(f"{row['accuracy_mean']}", "../scan/metrics.json", f"/table/{i}/accuracy_mean") + " ± "
            + cite(f"{row['accuracy_sem']}", "../scan/metrics.json", f"/table/{i}/accuracy_sem"))


GENUINE = (f"# Fine-tuning vs training from scratch\n\n"
           f"Fine-tuning reaches {acc(0)} with 100 labels, significantly better than training from scratch at "
           f"{acc(1)}. With 1000 labels: {acc(2)} vs {acc(3)}; fine-tuning is better at every size.\n\n"
           "## Appendix\n\n| quantity | value |\n|---|---|\n"
           f"| best AUC | {cite('0.9071', 'tool_calls.json', '/c1/output/best_auc')} |\n")


def _record(ws: Workspace, tool: str, outputs: list[str]) -> None:
    now = utc_now()
    call = CallRecord(call_id=ws.new_call_id(tool), tool=tool, args={}, started=now, ended=now, status="ok")
    ws.record(call, outputs)


def session(tmp_path: Path, report: str, artifacts: dict[str, Any] | None = None, calls: dict[str, Any] | None = None,
            meta: dict[str, Any] | None = None, unrecorded: tuple[str, ...] = ()) -> Path:
    """A workspace whose tool wrote `artifacts` and whose report writer wrote report/*; -> report.md."""
    ws = Workspace(tmp_path / "ws")
    artifacts = {"scan/metrics.json": SCAN} if artifacts is None else artifacts
    for rel, doc in artifacts.items():
        (ws.root / rel).parent.mkdir(parents=True, exist_ok=True)
        (ws.root / rel).write_text(json.dumps(doc))
    _record(ws, "finetune_scan", list(artifacts))
    (ws.root / "report").mkdir(exist_ok=True)
    files = {"report/report.md": report, "report/tool_calls.json": json.dumps(CALLS if calls is None else calls),
             "report/report.json": json.dumps(meta or {"request": "fine-tune vs scratch at 100 and 1000 labels",
                                                       "plan": {"family": "finetune"}, "figures": []})}
    for rel, text in files.items():
        (ws.root / rel).write_text(text)
    _record(ws, "report", [p for p in files if p not in unrecorded])
    return ws.root / "report" / "report.md"


def failures(path: Path, **kw: Any) -> str:
    return " | ".join(review_report(path, **kw).failures)


def test_genuine_report_passes_with_its_claims_checked(tmp_path: Path) -> None:
    res = review_report(session(tmp_path, GENUINE))
    assert res.ok and not res.findings, format_result(res)
    assert res.checked == 9
    verdicts = {(c.kind, c.verdict) for c in res.claims}
    assert ("significance", "holds") in verdicts and ("universal", "holds") in verdicts
    assert "4.8σ" in next(c.reason for c in res.claims if c.kind == "significance")
    assert json.loads(as_json(res))["ok"] is True


def test_citation_by_absolute_path_or_dotdot_out_of_the_workspace_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "forged.json"
    outside.write_text(json.dumps({"auc": 0.99}))
    report = session(tmp_path, GENUINE + f"\nAlso {cite('0.99', str(outside), '/auc')} and "
                                          f"{cite('0.99', '../../forged.json', '/auc')}.\n")
    f = failures(report)
    assert "absolute path or URL" in f and "leaves the session's workspace" in f
    report.write_text(GENUINE + f"\n{cite('0.99', 'file:///' + str(outside), '/auc')}\n")
    assert "absolute path or URL" in failures(report)


def test_citation_to_a_json_the_session_never_recorded_is_refused(tmp_path: Path) -> None:
    report = session(tmp_path, GENUINE)
    (report.parent.parent / "scan" / "planted.json").write_text(json.dumps({"auc": 0.99}))
    report.write_text(GENUINE + f"\nThe tagger reaches {cite('0.99', '../scan/planted.json', '/auc')}.\n")
    assert "scan/planted.json: not recorded by the session" in failures(report)


def test_recorded_artifact_edited_or_swapped_for_a_symlink_is_refused(tmp_path: Path) -> None:
    report = session(tmp_path, GENUINE)
    metrics = report.parent.parent / "scan" / "metrics.json"
    forged = json.loads(metrics.read_text())
    forged["table"][1]["accuracy_mean"] = 0.7  # makes fine-tuning look better; the report says the same
    metrics.write_text(json.dumps(forged))
    report.write_text(GENUINE.replace("0.801", "0.7"))
    assert "changed since the session recorded it" in failures(report)
    # same bytes as recorded, but behind a symlink (to a file outside the workspace): never followed
    original = tmp_path / "outside.json"
    original.write_text(json.dumps(SCAN))
    metrics.unlink()
    metrics.symlink_to(original)
    report.write_text(GENUINE)
    assert "is a symlink (not followed)" in failures(report)


def test_consistently_edited_tool_calls_json_is_caught_by_its_manifest_hash(tmp_path: Path) -> None:
    report = session(tmp_path, GENUINE)
    calls = report.parent / "tool_calls.json"
    doc = json.loads(calls.read_text())
    doc["c1"]["output"]["best_auc"] = 0.95
    calls.write_text(json.dumps(doc))
    report.write_text(GENUINE.replace("0.9071", "0.95"))
    assert "tool_calls.json: changed since the session recorded it" in failures(report)


def test_tool_calls_and_report_json_must_be_recorded(tmp_path: Path) -> None:
    report = session(tmp_path, GENUINE, unrecorded=("report/tool_calls.json", "report/report.json"))
    f = failures(report)
    assert "tool_calls.json: not recorded by the session" in f and "report.json: not recorded by the session" in f


def test_tool_call_naming_a_call_the_manifest_lacks_is_refused(tmp_path: Path) -> None:
    calls = {"c1": {**CALLS["c1"], "ref": "20260101T000000-finetune_scan-abcdef"}}
    assert "which the manifest does not have" in failures(session(tmp_path, GENUINE, calls=calls))


def test_wrong_integers_are_caught_cited_or_in_prose(tmp_path: Path) -> None:
    report = session(tmp_path, GENUINE + f"\nWe trained on {cite('500', 'tool_calls.json', '/c1/args/n_jets')} jets.\n")
    assert "500 -> tool_calls.json#/c1/args/n_jets: the artifact says 200" in failures(report)
    report.write_text(GENUINE.replace("with 100 labels", "with 700 labels"))
    assert "number 700 is not backed" in failures(report)
    report.write_text(GENUINE.replace("with 100 labels", "with 100 labels from 3 seeds"))
    assert review_report(report).ok  # 3 seeds is what the session ran (tool_calls.json args)


def test_report_without_a_session_manifest_is_not_trusted(tmp_path: Path) -> None:
    (tmp_path / "m.json").write_text(json.dumps({"auc": 0.9123}))
    (tmp_path / "r.md").write_text(f"# R\n\nAUC {cite('0.912', 'm.json', '/auc')}.\n")
    res = review_report(tmp_path / "r.md")
    assert not res.ok and "not recorded by a session" in res.failures[0] and len(res.failures) == 1


def test_a_report_copied_out_of_its_session_folder_is_said_once_and_read_on_content(tmp_path: Path) -> None:
    """A report of ours mailed on without its folder: every link would fail alike ('artifact missing', 'number not
    backed', hundreds of lines); it is said once, and the report is refereed on content and its question answered."""
    a = "analysis.json"
    (tmp_path / "r.md").write_text(
        "# R\n\nWith 1000 labelled jets the test accuracy is finetune 0.921 ± 0.009; scratch 0.901 ± 0.016. "
        f"finetune − scratch: {cite('0.0205', a, '/differences/2/mean')} ± {cite('0.016', a, '/differences/2/stderr')} "
        "in accuracy (not significant at 2 seeds (p = 0.41)); in AUC "
        f"{cite('0.0151', a, '/differences/3/mean')} ± {cite('0.0044', '../finetune/metrics.json', '/x')} "
        "(not significant at 2 seeds (p = 0.18)).\n\n| n | 1000 |\n| seeds | 2 |\n")
    res = review_report(tmp_path / "r.md", question="is the fine-tuning gain at 1000 labels larger than twice its uncertainty?")
    assert not res.ok and len(res.failures) == 1, res.failures
    assert "none of the files its links cite is beside it" in res.failures[0] and "../finetune/metrics.json" in res.failures[0]
    assert res.answer.startswith("Partly:") and "0.0151 ± 0.0044 is 3.4 times its error" in res.answer, res.answer
    assert "0.0205 ± 0.016 is 1.3 times" in res.answer and "p = 0.41 and 0.18" in res.answer
    (tmp_path / a).write_text(json.dumps({"differences": []}))  # one cited file beside it: each link is checked again
    assert any("not in the artifact" in f for f in review_report(tmp_path / "r.md").failures)


def test_unreadable_reports_get_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = session(tmp_path, GENUINE)
    report.write_bytes(GENUINE.encode() + b"\xff\xfe bad bytes\n")
    with pytest.raises(ReviewInputError, match="not UTF-8"):
        review_report(report)
    assert main(["review", str(report)]) == 2
    err = capsys.readouterr().err
    assert "not UTF-8 text" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    report.write_bytes(b"x" * (MAX_REPORT + 1))
    assert main(["review", str(report)]) == 2
    err = capsys.readouterr().err
    assert "over review's limit of 2 MiB" in err and len(err.strip().splitlines()) == 1
    report.unlink()
    report.symlink_to(tmp_path / "elsewhere.md")
    assert main(["review", str(report)]) == 2 and "is a symlink" in capsys.readouterr().err


def test_claim_contradicted_by_its_own_numbers_fails(tmp_path: Path) -> None:
    forged = GENUINE.replace("significantly better than", "significantly worse than")
    f = failures(session(tmp_path, forged))
    assert "claim contradicted by its numbers" in f and "claimed worse" in f
    ws = tmp_path / "b"
    reversed_ = (f"# R\n\nTraining from scratch at {acc(1)} outperforms fine-tuning at {acc(0)}.\n")
    assert "claim contradicted" in failures(session(ws, reversed_))


def test_every_size_claim_is_checked_against_the_whole_cited_table(tmp_path: Path) -> None:
    scan = json.loads(json.dumps(SCAN))
    scan["table"][3]["accuracy_mean"] = 0.87  # scratch wins at 1000 labels; the report cites only 100
    text = (f"# R\n\nFine-tuning beats training from scratch at every size: {acc(0)} vs {acc(1)}.\n")
    res = review_report(session(tmp_path, text.replace("0.842", "0.87"), artifacts={"scan/metrics.json": scan}))
    bad = [c for c in res.claims if c.kind == "universal"]
    assert bad and bad[0].verdict == "contradicted" and "n_train=1000" in bad[0].reason
    assert not res.ok


def test_comparison_without_uncertainties_is_a_finding(tmp_path: Path) -> None:
    def plain(i: int) -> str:
        return cite(f"{SCAN['table'][i]['accuracy_mean']}", "../scan/metrics.json", f"/table/{i}/accuracy_mean")

    text = f"# R\n\nFine-tuning reaches {plain(0)}, better than training from scratch at {plain(1)}.\n"
    res = review_report(session(tmp_path, text))
    assert res.ok  # the numbers are right ...
    found = " | ".join(res.findings)  # ... but nothing says whether 0.031 is more than noise
    assert "no uncertainties next to the headline numbers" in found
    assert "comparison presented without uncertainties" in found
    res = review_report(session(tmp_path / "z", text.replace(", better", " ± 0, better")))
    assert any("'± 0' is printed" in f for f in res.findings)


# a no-signal control sits at AUC 0.5 within its error (one far from it, e.g. 0.906, is itself a finding: the
# referee's control_vs_null); the 1% result is 0.6σ above it, the 5% result 5.2σ
ANOMALY = {"results": [{"signal_fraction": 0.0, "auc": 0.506, "auc_std": 0.01},
                       {"signal_fraction": 0.01, "auc": 0.512, "auc_std": 0.01},
                       {"signal_fraction": 0.05, "auc": 0.58, "auc_std": 0.01}]}


def _anomaly(tmp_path: Path, text: str) -> Path:
    meta = {"request": "CWoLa at 1% signal", "plan": {"family": "anomaly"}, "figures": []}
    return session(tmp_path, text, artifacts={"anomaly/metrics.json": ANOMALY}, meta=meta)


def _auc(i: int) -> str:
    return (cite(f"{ANOMALY['results'][i]['auc']}", "../anomaly/metrics.json", f"/results/{i}/auc") + " ± "
            + cite("0.01", "../anomaly/metrics.json", f"/results/{i}/auc_std"))


def test_anomaly_headline_without_its_no_signal_control_is_flagged(tmp_path: Path) -> None:
    bare = {"results": [{"signal_fraction": 0.01, "auc": 0.912, "auc_std": 0.01}]}
    meta = {"request": "CWoLa", "plan": {"family": "anomaly"}, "figures": []}
    text = f"# CWoLa\n\nCWoLa finds the signal: AUC {cite('0.912', '../anomaly/metrics.json', '/results/0/auc')} ± " \
           f"{cite('0.01', '../anomaly/metrics.json', '/results/0/auc_std')}.\n"
    res = review_report(session(tmp_path, text, artifacts={"anomaly/metrics.json": bare}, meta=meta),
                        question="does the CWoLa result hold up?")
    assert any("without a no-signal control" in f for f in res.findings)
    assert res.controls["missing"] == ["no-signal control for auc"]
    assert res.answer and res.answer.startswith("Not established") and "missing: no-signal control" in res.answer


def test_anomaly_headline_no_better_than_the_control_in_its_own_artifact(tmp_path: Path) -> None:
    text = f"# CWoLa\n\nCWoLa finds the signal at 1% injection: AUC {_auc(1)}.\n"
    res = review_report(_anomaly(tmp_path, text), question="does the CWoLa result hold up?")
    found = " | ".join(res.findings)
    assert "holds a no-signal control (auc = 0.506) that the report does not show" in found
    claim = next(c for c in res.claims if c.kind == "anomaly-vs-control")
    assert claim.verdict == "not established" and "0.6σ" in claim.reason
    assert res.answer and res.answer.startswith("No:")


def test_anomaly_result_above_its_cited_control_holds_up(tmp_path: Path) -> None:
    text = (f"# CWoLa\n\nAt 5% signal CWoLa reaches AUC {_auc(2)}, higher than the no-signal control at {_auc(0)}.\n")
    res = review_report(_anomaly(tmp_path, text), question="does the CWoLa result hold up?")
    assert res.ok and not res.findings, format_result(res)
    assert {c.verdict for c in res.claims} == {"holds"}
    assert res.answer and res.answer.startswith("Yes") and "cited no-signal control auc = 0.506" in res.answer


def test_cli_review_with_a_question(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = f"# CWoLa\n\nCWoLa finds the signal at 1% injection: AUC {_auc(1)}.\n"
    report = _anomaly(tmp_path, text)
    assert main(["review", str(report), "--question", "does the CWoLa result hold up?"]) == 0
    out = capsys.readouterr().out
    assert "not established" in out and "answer: No:" in out and "question: does the CWoLa" in out
    assert main(["review", str(report), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["controls"]["anomaly"] and doc["claims"][0]["verdict"] == "not established"


def test_figures_must_be_recorded_and_unchanged(tmp_path: Path) -> None:
    report = session(tmp_path, GENUINE + "\n![loss](figures/loss.png)\n")
    fig = report.parent / "figures" / "loss.png"
    fig.parent.mkdir()
    fig.write_bytes(b"png")
    assert "figure figures/loss.png: not recorded by the session" in failures(report)
    _record(Workspace(report.parent.parent), "report", ["report/figures/loss.png"])
    assert review_report(report).ok
    fig.write_bytes(b"forged png")
    assert "figure figures/loss.png changed since the session recorded it" in failures(report)
    os.unlink(fig)
    assert "figure missing: figures/loss.png" in failures(report)


def test_a_manifest_planted_inside_the_workspace_is_not_trusted(tmp_path: Path) -> None:
    report = session(tmp_path, GENUINE)
    fake = report.parent.parent / "fake"  # a job may write anywhere in the workspace but the parent's .omnijet/
    (fake / ".omnijet").mkdir(parents=True)
    forged = {"auc": 0.99}
    (fake / "forged.json").write_text(json.dumps(forged))
    digest = __import__("hashlib").sha256(json.dumps(forged).encode()).hexdigest()
    (fake / ".omnijet" / "manifest.json").write_text(json.dumps(
        {"calls": [], "artifacts": [{"path": "forged.json", "sha256": digest}]}))
    (fake / "report.md").write_text(f"# R\n\nThe tagger reaches {cite('0.99', 'forged.json', '/auc')}.\n")
    f = failures(fake / "report.md")
    assert "nested workspace manifests" in f and "fake/forged.json: not recorded by the session" in f


def test_symlinked_folders_are_never_followed(tmp_path: Path) -> None:
    report = session(tmp_path, GENUINE)
    ws = report.parent.parent
    (ws / "shown").symlink_to(ws / "report")  # planted: `shown/report.md` is the genuine report
    with pytest.raises(ReviewInputError, match="shown is a symlink inside the workspace"):
        review_report(ws / "shown" / "report.md")
    (ws / "scan").rename(tmp_path / "scan")  # the recorded folder, same bytes, now behind a link
    (ws / "scan").symlink_to(tmp_path / "scan")
    assert "scan/metrics.json: scan is a symlink (not followed)" in failures(report)


def test_hostile_artifacts_and_floods_end_in_findings_not_crashes(tmp_path: Path) -> None:
    import time

    report = session(tmp_path, GENUINE)
    ws = Workspace(report.parent.parent)
    (ws.root / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    _record(ws, "attack", ["deep.json"])
    report.write_text(GENUINE + f"\n{cite('1', '../deep.json', '/0')}\n")
    assert "nested too deeply" in failures(report)
    line = f"Scratch {cite('0.801', '../scan/metrics.json', '/table/1/accuracy_mean')} beats " \
           f"{cite('0.832', '../scan/metrics.json', '/table/0/accuracy_mean')} by 0.777.\n"
    report.write_text("# Flood\n\n" + line * (MAX_REPORT // len(line.encode()) - 1))
    t0 = time.perf_counter()
    res = review_report(report)
    assert time.perf_counter() - t0 < 30 and not res.ok
    assert len(res.failures) == 501 and res.failures[-1].startswith("... and ")


@pytest.mark.parametrize(("request_", "question"), [
    ("review runs/x/report/report.md: does the CWoLa result hold up?", "does the CWoLa result hold up?"),
    ("Does the CWoLa result in runs/x/report.md hold up?", "Does the CWoLa result in hold up?"),
    ("please check the report runs/x/report.md for the fine-tuning gain", "for the fine-tuning gain"),
    ("review runs/x/report.md", None),
])
def test_question_embedded_in_a_request(request_: str, question: str | None) -> None:
    from agents.review import question_in

    assert question_in(request_) == question


def test_derived_numbers_stand_if_the_session_wrote_the_sentence(tmp_path: Path) -> None:
    sentence = (f"CWoLa reaches {_auc(2)}, against {_auc(0)} with no signal injected: "
                "above the no-signal control by 5.2 sigma.")
    meta = {"request": "CWoLa", "plan": {"family": "anomaly"}, "figures": [], "answer": [sentence]}
    report = session(tmp_path, f"# CWoLa\n\n{sentence}\n", artifacts={"anomaly/metrics.json": ANOMALY}, meta=meta)
    res = review_report(report, question="does the CWoLa result hold up?")
    assert res.ok, res.failures
    assert res.answer and res.answer.startswith("Yes")
    report.write_text(f"# CWoLa\n\n{sentence.replace('5.2 sigma', '9.2 sigma')}\n")
    assert "number 9.2 is not backed" in failures(report)


def test_the_report_writers_sentence_shapes_are_read_right(tmp_path: Path) -> None:
    """Sentences as agents/answers.py writes them: a paired difference with its verdict, a
    likelihood AUC against 0.5, and a tokenizer comparison whose subject is named, not cited."""
    analysis = {"differences": [{"a": "finetune", "b": "scratch", "n_train": 100, "mean": 0.031, "stderr": 0.006,
                                 "p": 0.012}],
                "likelihood": {"auc_mean": 0.2814, "auc_err": 0.02},
                "comparison": {"mean_width": {"binned 64 codes": 0.081, "conditional 64 codes": 0.052}}}
    a = "analysis.json"
    text = ("# R\n\n"
            f"finetune − scratch: {cite('0.031', a, '/differences/0/mean')} ± {cite('0.006', a, '/differences/0/stderr')} "
            "in accuracy (significant at 3 seeds (p = 0.012)).\n\n"
            f"The backbone likelihood as an anomaly score: AUC {cite('0.2814', a, '/likelihood/auc_mean')} ± "
            f"{cite('0.02', a, '/likelihood/auc_err')}: significantly below 0.5, so no.\n\n"
            "Averaged over classes, the conditional 64 codes tokenizer resolves the mass best (binned 64 codes "
            f"{cite('0.081', a, '/comparison/mean_width/binned%2064%20codes')}; conditional 64 codes "
            f"{cite('0.052', a, '/comparison/mean_width/conditional%2064%20codes')}); conditional is the better "
            "tokenizer for mass at this training budget.\n")
    meta = {"request": "fine-tune vs scratch; tokenizers at 64 codes; likelihood", "spec": {"codebooks": [64]}}
    report = session(tmp_path, text, artifacts={"report/analysis.json": analysis}, meta=meta)
    res = review_report(report)
    assert res.ok, format_result(res)
    assert [(c.kind, c.verdict) for c in res.claims] == [("significance", "holds")] * 2 + [("comparison", "holds")]
    assert not res.controls["present"] and not any("control" in f for f in res.findings)
    report.write_text(text.replace("conditional is the better", "binned is the better"))
    assert "claim contradicted by its numbers: 0.081 vs 0.052" in failures(report)
    report.write_text(text.replace("significantly below 0.5", "significantly above 0.5"))
    assert "claim contradicted" in failures(report)


def test_two_paired_differences_in_one_sentence_each_get_their_own_verdict(tmp_path: Path) -> None:
    """answers.py writes the accuracy and the AUC difference in one sentence; each 'significant' is
    about the difference just before it (vs zero), not the gap between the two differences. A
    tagging report whose spec notes mention signal_fractions is still not an anomaly report."""
    analysis = {"differences": [{"mean": 0.04, "stderr": 0.015, "p": 0.23, "seeds": 2},
                                {"mean": 0.0459, "stderr": 0.0016, "p": 0.023, "seeds": 2}]}
    a = "analysis.json"
    text = ("# R\n\n"
            f"finetune − scratch: {cite('0.04', a, '/differences/0/mean')} ± {cite('0.015', a, '/differences/0/stderr')} "
            "in accuracy (not significant at 2 seeds (p = 0.23)); in AUC "
            f"{cite('0.0459', a, '/differences/1/mean')} ± {cite('0.0016', a, '/differences/1/stderr')} "
            "(significant at 2 seeds (p = 0.023)).\n\n"
            "- spec: the model's signal_fractions=[0.3] belongs to none of the tasks (link removed)\n")
    meta = {"request": "tagger", "plan": {"family": "finetune"}, "spec": {"signal_fractions": [0.3]}}
    report = session(tmp_path, text, artifacts={"report/analysis.json": analysis}, meta=meta)
    res = review_report(report)
    assert res.ok, res.failures
    assert [(c.kind, c.verdict) for c in res.claims] == [("significance", "holds")] * 2
    assert [c.reason for c in res.claims] == ["difference 0.04 is 2.7σ", "difference 0.0459 is 28.7σ"]
    assert not res.controls["anomaly"] and not res.findings
    report.write_text(text.replace("0.0016", "0.03"))  # the AUC difference no longer significant
    assert "claim contradicted" in failures(report)


def _pretraining_report(tmp_path: Path) -> Path:
    """The report writer's answer on fine-tuning vs scratch: the differences in report/analysis.json."""
    rows = [{"a": "finetune", "b": "scratch", "n_train": n, "metric": m, "mean": mean, "stderr": se, "n": 3, "p_value": p}
            for n, m, mean, se, p in ((100, "accuracy", -0.012, 0.009, 0.31), (100, "auc", 0.002, 0.001, 0.2),
                                      (1000, "accuracy", 0.03, 0.004, 0.017), (1000, "auc", 0.02, 0.003, 0.02))]
    a = "analysis.json"
    text = "# R\n\n" + " ".join(
        f"With {r['n_train']} labelled jets finetune − scratch: {cite(str(r['mean']), a, f'/finetune/differences/{i}/mean')} ± "
        f"{cite(str(r['stderr']), a, f'/finetune/differences/{i}/stderr')} in {r['metric']}." for i, r in enumerate(rows)) + "\n"
    return session(tmp_path, text, artifacts={"report/analysis.json": {"finetune": {"differences": rows}}})


@pytest.mark.parametrize(("question", "expected"), [
    ("does pretraining help the 100-label tagger?",
     "Not established: with 100 labelled jets fine-tuned − scratch = -0.012 ± 0.009 in accuracy (p = 0.31 at 3 seeds): "
     "not significant; +0.002 ± 0.001 in AUC (p = 0.2 at 3 seeds): not significant (line 3)."),
    ("Is the fine-tuned backbone better than training from scratch in accuracy at 1000 labels?",
     "Yes: with 1000 labelled jets fine-tuned − scratch = +0.03 ± 0.004 in accuracy (p = 0.017 at 3 seeds): "
     "a significant gain (line 3)."),
    ("was pretraining worth it?", "Partly: with 100 labelled jets"),
    # the ratio to its error that the question names, which a verdict of significance does not give (the referee's reading)
    ("is the gain at 1000 labels larger than twice its uncertainty?",
     "Yes: against the 2 asked about, the stated gain in accuracy 0.03 ± 0.004 is 7.5 times its error (line 3); in AUC "
     "0.02 ± 0.003 is 6.7 times its error (line 3)."),
    ("is the fine-tuning gain at 100 labels bigger than twice its error?",
     "No: against the 2 asked about, the stated gain in accuracy -0.012 ± 0.009 is 1.3 times its error (a loss) (line 3); "
     "in AUC 0.002 ± 0.001 is 2.00 times its error (line 3)."),
])
def test_whether_pretraining_helps_is_answered_from_the_recorded_differences(
        tmp_path: Path, question: str, expected: str) -> None:
    """"Does pretraining help at 100 labels?" gets the recorded difference at that label count, its
    error, p-value and line, not a tally of the report's claims (issue 23, point 4, on our own reports)."""
    res = review_report(_pretraining_report(tmp_path), question=question)
    assert res.answer.startswith(expected), res.answer
    assert "1000 labelled" not in res.answer or "1000" in question or "worth" in question


@pytest.mark.parametrize(("p_1000", "verdict"), [("0.07", "holds"), ("0.01", "unsupported")])
def test_a_summary_of_no_significant_difference_stands_on_the_lines_p_values(
        tmp_path: Path, p_1000: str, verdict: str) -> None:
    """The report writer's 'Verdict: no significant difference ...' after the differences and their
    p-values holds when every p-value on the line is at least 0.05; with one below, it stays unsupported."""
    rows = [{"mean": -0.012, "stderr": 0.009}, {"mean": 0.009, "stderr": 0.001}]
    a = "analysis.json"
    text = ("# R\n\n## Answer\n\n" + " ".join(
        f"finetune − scratch: {cite(str(r['mean']), a, f'/differences/{i}/mean')} ± "
        f"{cite(str(r['stderr']), a, f'/differences/{i}/stderr')} in accuracy (not significant at 2 seeds (p = {p}))."
        for i, (r, p) in enumerate(zip(rows, ("0.41", p_1000), strict=True)))
        + " Verdict: no significant difference between fine-tuning and training from scratch at 2 seeds.\n")
    res = review_report(session(tmp_path, text, artifacts={"report/analysis.json": {"differences": rows}}))
    summary = [c for c in res.claims if c.text.startswith("Verdict")]
    assert [c.verdict for c in summary] == [verdict], res.claims


def test_appendix_labels_name_the_seed_and_the_class() -> None:
    """The report's appendix named two seeds' points and two classes' widths alike
    ('points[finetune, n_train=100].accuracy' 0.907 and 0.857; 'jet.mass.width' of QCD and of top):
    a reader, or the referee, saw one quantity with two values."""
    from agents.report import label_of

    doc = {"points": [{"strategy": "finetune", "n_train": 100, "seed": s, "accuracy": a} for s, a in ((0, 0.907), (1, 0.857))],
           "per_class": {c: {"jet": {"mass": {"width": w}}} for c, w in (("QCD", 0.09), ("Tbqq", 0.08))}}
    assert [label_of(doc, ["points", i, "accuracy"]) for i in (0, 1)] == [
        "points[finetune, n_train=100, seed=0].accuracy", "points[finetune, n_train=100, seed=1].accuracy"]
    assert [label_of(doc, ["per_class", c, "jet", "mass", "width"]) for c in ("QCD", "Tbqq")] == [
        "QCD.jet.mass.width", "Tbqq.jet.mass.width"]
    assert label_of({"a": {"b": {"c": {"d": 1}}}}, ["a", "b", "c", "d"]) == "b.c.d"


@pytest.mark.parametrize(("verdict", "expected"), [
    ("Verdict: the pretrained backbone beats training from scratch at 1000 labelled jets (in AUC); "
     "at 100 the difference is not significant.", ["holds", "holds"]),
    ("Verdict: the pretrained backbone beats training from scratch at 100 labelled jets.", ["contradicted"]),
    ("Verdict: fine-tuning is significantly worse than training from scratch at 1000 labelled jets.", ["contradicted"]),
    ("Verdict: at 100, 1000 the difference is not significant.", ["contradicted"]),
    ("Verdict: training from scratch beats the pretrained backbone at 1000 labelled jets.", ["contradicted"]),
])
def test_the_writers_verdict_is_checked_against_the_recorded_differences(
        tmp_path: Path, verdict: str, expected: list[str]) -> None:
    """The writer's verdict names label counts and metrics, not numbers: it is held against the recorded
    fine-tuned − scratch differences at those counts (significant gain at 1000, none at 100 here),
    not left 'unsupported'."""
    path = _pretraining_report(tmp_path)
    path.write_text(path.read_text().rstrip("\n") + " " + verdict + "\n")
    res = review_report(path)
    said = [c for c in res.claims if not c.text.startswith("With") and "−" not in c.text]
    assert [c.verdict for c in said] == expected, [(c.text, c.verdict, c.reason) for c in res.claims]


def test_a_tokenizers_shift_is_set_against_its_spread_from_the_recorded_quantities(tmp_path: Path) -> None:
    """'Is the tau21 shift bigger than its spread?' on our token-quality report was answered 'Yes, as far as its own
    numbers go' (no rule compares a bias with a width) while the bias, 0.425, is smaller than the resolution, 0.513."""
    def value(what: str, v: float, err: float) -> dict:
        return {"label": f"tau21 (relative reco - truth) {what}, conditional tokenizer, 512 codes, Wqq", "value": v, "err": err}
    analysis = {"quantities": {"asked": [
        {"quantity": {"metric": "bias", "observable": "tau21"}, "status": "answered", "values": [value("bias (median)", 0.425, 0.06)]},
        {"quantity": {"metric": "resolution", "observable": "tau21"}, "status": "answered",
         "values": [value("resolution (half the 16–84% width)", 0.513, 0.026)]}]}}
    ptr = "/quantities/asked/{}/values/0/value"
    text = (f"# Token quality\n\nTau21 bias (median), Wqq: {cite('0.425', 'analysis.json', ptr.format(0))}. Tau21 "
            f"resolution, Wqq: {cite('0.513', 'analysis.json', ptr.format(1))}.\n")
    report = session(tmp_path, text, artifacts={"report/analysis.json": analysis},
                     meta={"request": "tau21 after tokenization", "plan": {"family": "tokenizer"}, "figures": []})
    said = review_report(report, question="is the tau21 shift bigger than its spread?").answer or ""
    assert said.startswith("No: tau21, conditional tokenizer, 512 codes, Wqq: bias 0.425 ± 0.06 (line 3), smaller in size "
                           "than the resolution 0.513 ± 0.026 (line 3), 1.3 combined errors apart"), said
    assert (review_report(report, question="is the tau21 bias smaller than the resolution?").answer or "").startswith("Yes: ")


def test_a_question_our_measured_quantities_answer_is_answered_from_them(tmp_path: Path) -> None:
    """'Is the W peak at the W mass?' was answered 'Yes: 1 holds' (the report's claims hold) while the report
    measures the peak 5 sigma above the pole mass: such a question is answered from the recorded quantities,
    a peak against its pole mass, a 'different' / 'same' question from the p-values of the figure it names."""
    peak = {"label": "peak of the jet mass, wqq jets", "value": 83.45, "err": 0.56, "unit": "GeV", "pole_mass": 80.385}
    diff = {"label": "median jet mass difference wqq − qcd", "value": 3.32, "err": 2.2, "p_value": 0.12}
    ks = {"label": "KS test p-value, wqq vs qcd jets' jet mass", "value": 8.2e-42, "statistic": 0.39}
    analysis = {"quantities": {"asked": [
        {"quantity": {"metric": "peak", "observable": "mass"}, "status": "answered", "values": [peak]},
        {"quantity": {"metric": "median", "observable": "mass"}, "status": "answered",
         "values": [{"label": "median jet mass, wqq jets", "value": 86.0, "err": 0.4}, diff]},
        {"quantity": {"metric": "class_ks", "observable": "mass"}, "status": "answered", "values": [ks]}]}}
    ptr = "/quantities/asked/{}/values/{}/value"
    text = (f"# W and QCD jets\n\nPeak of the jet mass, wqq jets: {cite('83.45', 'analysis.json', ptr.format(0, 0))} GeV.\n"
            f"Median difference wqq − qcd: {cite('3.32', 'analysis.json', ptr.format(1, 1))} GeV; KS test p-value "
            f"{cite('8.2e-42', 'analysis.json', ptr.format(2, 0))}.\n")
    report = session(tmp_path, text, artifacts={"report/analysis.json": analysis},
                     meta={"request": "W vs QCD mass", "plan": {"family": "generate"}, "figures": []})

    def answer(question: str) -> str:
        return review_report(report, question=question).answer or ""

    assert answer("is the W peak at the W mass?").startswith("No: peak of the jet mass, wqq jets 83.45 ± 0.56 GeV, +3.06 GeV "
                                                           "(5.5 sigma) from the generator's pole mass 80.385 GeV (line 3)")
    assert answer("do W and QCD jets have the same mass distribution?") == \
        "No: KS test p-value, wqq vs qcd jets' jet mass: 8.2e-42 (line 4)."
    assert answer("is the median mass of W jets different from QCD's?").startswith("No: median jet mass difference")
    assert answer("are W jets different from QCD jets?").startswith("Yes: ")  # the shapes differ


def test_a_value_question_is_answered_with_the_recorded_value_and_its_line() -> None:
    """Found as a user: 'how often does the tagger mistake a QCD jet for a top jet at 50% top efficiency?' on our own
    report was answered 'Yes, as far as its own numbers go' (a yes to a question that asks a number). A value asked
    ('what is', 'how often', 'how many') is read as a request is and answered with the report's recorded values of it,
    the class named when the report has it apart; a yes/no question is not."""
    from agents.review_claims import answer_question

    def row(label: str, value: float, err: float, note: str = "") -> dict:
        return {"label": label, "value": value, "err": err, "note": note}
    asked = [{"status": "answered", "quantity": {"metric": "rejection_at_efficiency", "efficiency": 0.5},
              "values": [row("background efficiency (mistag rate) eps_B at 50% signal efficiency", 0.09, 0.035)]},
             {"status": "answered", "quantity": {"metric": "median", "observable": "tau21"},
              "values": [row("median tau21, wqq jets", 0.328, 0.0058), row("median tau21, qcd jets", 0.655, 0.013)]},
             {"status": "answered", "quantity": {"metric": "fraction", "observable": "tau32", "high": 0.5},
              "values": [row("fraction of jets with tau32 < 0.5, top jets", 0.567, 0.02, "statistical, 340 of 600 jets pass")]}]
    docs = {"runs/x/analysis.json": {"quantities": {"asked": asked}}}
    text = "# R\n\n## Answer\n\n" + "\n".join(f"x [↗](analysis.json#/quantities/asked/{i}/values/{j}/value)"
                                                for i, r in enumerate(asked) for j in range(len(r["values"]))) + "\n"

    def ask(q: str) -> str:
        return answer_question(q, [], {}, [], [], docs, text)
    assert ask("how often does the tagger mistake a QCD jet for a top jet at 50% top efficiency?") == (
        "The report measures background efficiency (mistag rate) eps_B at 50% signal efficiency: 0.09 ± 0.035 (line 5).")
    assert ask("what is the median tau21 of W jets?") == "The report measures median tau21, wqq jets: 0.328 ± 0.0058 (line 6)."
    assert ask("how many top jets survive a tau32 cut at 0.5?") == ("The report measures fraction of jets with tau32 < 0.5, "
                                                                    "top jets: 0.567 ± 0.02 (statistical, 340 of 600 jets pass) (line 8).")
    assert not ask("is the median tau21 of W jets below 0.4?").startswith("The report measures")  # a yes or no asked
    assert not ask("what is the tagger's accuracy?").startswith("The report measures")  # not measured: the claims answer


def test_a_comparative_question_on_our_report_is_answered_from_the_two_recorded_values() -> None:
    """'Is top easier to tag than W?' of a report whose own verdict was 'not a significant difference' got 'Yes, as
    far as its own numbers go'. The two recorded values the question names before and after 'than' answer it, in
    its sense (easier: the AUC's own, higher is better; less likely: the higher NLL), against twice their errors."""
    from agents.review_claims import _comparison_answer

    def row(metric: str, side: str, value: float, err: float, key: str = "cls") -> tuple[dict, dict, str]:
        return {"metric": metric}, {"label": f"{metric} of {side}", "value": value, "err": err, key: side}, f"p{side}"

    aucs = [row("auc", "top", 0.868, 0.033), row("auc", "wqq", 0.812, 0.045)]
    no_line = lambda ptr: ""  # noqa: E731
    assert _comparison_answer("is top easier to tag than W?", aucs, no_line).startswith("Not significantly: auc of top: 0.868")
    sharp = [row("auc", "top", 0.868, 0.003), row("auc", "wqq", 0.812, 0.004)]
    assert _comparison_answer("is top easier to tag than W?", sharp, no_line).startswith("Yes:")
    assert _comparison_answer("is W jets' AUC higher than top's?", sharp, no_line).startswith("No:")
    nll = [row("likelihood_nll", "top", 505, 8.5), row("likelihood_nll", "qcd", 395, 12)]
    assert _comparison_answer("are top jets less likely than QCD jets?", nll, no_line).startswith("Yes:")
    assert _comparison_answer("are QCD jets less likely than top jets?", nll, no_line).startswith("No:")
    tagged = [row("accuracy", "finetune", 0.89, 0.01, "strategy"), row("accuracy", "scratch", 0.86, 0.01, "strategy")]
    assert _comparison_answer("is the fine-tuned tagger better than scratch?", tagged, no_line).startswith("Yes:")
    assert _comparison_answer("what is the AUC of top jets?", aucs, no_line) is None  # no comparison asked
