"""The real thing: `omnijet-agent` on the offline backend with the real sandboxed tools.

Only the tests of the one expensive run live here (under pytest-xdist, `--dist loadfile` keeps a
module on one worker, so the run is made once); the other CLI tests are in test_cli_sessions.py."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE", "MPLBACKEND": "Agg", "COLUMNS": "200",
       "OMNIJET_LLM_BASE_URL": "", "OPENAI_API_KEY": "", "OMNIJET_LLM_BACKEND": "offline"}


def cli(*args: str, stdin: str | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "agents.main", *args], cwd=ROOT, env=ENV, input=stdin,
                          capture_output=True, text=True, timeout=timeout)


# The README demo's analysis (pretrain + fine-tune vs scratch) at the tiny preset, in other words,
# with 500 jets per class and 4 fine-tuning epochs instead of 600 and 8: every tool and the report.
TAGGER_REQUEST = ("Pretrain a backbone on 500 top and 500 QCD jets, then fine-tune a top vs QCD tagger for 4 "
                  "epochs on 200 labelled jets with 2 seeds, compared with training from scratch")


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("e2e") / "tagger"
    proc = cli("run", TAGGER_REQUEST, "--preset", "tiny", "--workspace", str(folder))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (folder / "cli-output.txt").write_text(proc.stdout + proc.stderr)
    return folder


@pytest.mark.slow
def test_offline_tiny_run_writes_a_report_that_review_confirms(tiny_run: Path) -> None:
    report = tiny_run / "workspace" / "report" / "report.md"
    shown = (tiny_run / "cli-output.txt").read_text()
    assert "▶ step 4/4" in shown and "epoch: desc=pretrain" in shown  # live progress of the tool jobs
    assert "asked: tasks = pretrain, finetune" in shown  # the spec is shown before anything runs
    meta = json.loads((report.parent / "report.json").read_text())
    assert meta["status"] == "done" and meta["plan"]["family"] == "pretrain+finetune"
    text = report.read_text()
    # the report opens with the answer: accuracies with standard errors over seeds and a verdict
    opening = text.split("## Answer", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"finetune \d\.\d+ \[↗\]\(analysis\.json#/finetune/estimates/\d+/mean\) ± \d", opening)
    assert "Verdict:" in opening and text.index("## Answer") < text.index("## Asked → run") < text.index("## Appendix")
    assert meta["body_numbers"] <= 40
    tools = {c["tool"] for c in json.loads((report.parent / "tool_calls.json").read_text()).values()}
    assert {"generate_data", "train_tokenizer", "tokenize", "pretrain", "finetune_scan"} <= tools
    text = report.read_text()
    assert re.search(r"table\[finetune, n_train=200\]\.accuracy_mean \| \d\.\d+ \[↗\]\(\.\./finetune[^/]*/metrics\.json#/", text)
    assert meta["figures"] and (report.parent / meta["figures"][0]["path"]).is_file()
    proc = cli("review", str(report))
    assert proc.returncode == 0, proc.stdout
    assert "OK" in proc.stdout
    manifest_ids = [c["call_id"] for c in json.loads((report.parent / "tool_calls.json").read_text()).values()]
    assert all(manifest_ids)  # every call is traceable to the workspace manifest


@pytest.mark.slow
def test_review_catches_an_altered_number_and_missing_artifacts(tiny_run: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(tiny_run / "workspace", copy)
    report = copy / "report" / "report.md"
    text = report.read_text()
    m = re.search(r"accuracy_mean \| (\d\.\d+) \[", text)
    assert m
    altered = f"{float(m.group(1)) + 0.05:.{len(m.group(1)) - 2}f}"
    report.write_text(text.replace(m.group(0), m.group(0).replace(m.group(1), altered), 1))
    proc = cli("review", str(report))
    assert proc.returncode == 1
    assert re.search(rf"{altered} -> \.\./finetune[^/]*/metrics\.json#/table/.*the artifact says", proc.stdout)
    for metrics in copy.glob("finetune*/metrics.json"):
        metrics.unlink()
    proc = cli("review", str(report), "--json")
    res = json.loads(proc.stdout)
    assert proc.returncode == 1 and any("artifact missing" in f for f in res["failures"])
