"""benchmarks/requests.py judged on stand-in runs (a real run of the suite takes hours).

The stand-in is a real subprocess that writes what `omnijet-agent run --workspace F` writes
(F/workspace/report/report.md and report.json), so exit codes, timeouts, the answer check and
the spec comparison go through the benchmark's own code.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import textwrap
from pathlib import Path

import pytest

from tests.agents.request_suite import SuiteEntry

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_requests", ROOT / "benchmarks" / "requests.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


ANSWER = ("Fine-tuning beats training from scratch with 100 labelled tops: accuracy 0.832 ± 0.004 "
          "[↗](../scan/metrics.json#/a) vs 0.806 ± 0.006 over 3 seeds.")
ENTRY = SuiteEntry(id="ft", set="dev", family="finetune", request="top tagger, only 100 tops, 3 seeds",
                   expected={"tasks": ["finetune"], "classes": ["top", "qcd"], "signal": "top",
                             "background": "qcd", "labels": [100], "labels_per_class": True, "seeds": 3})


def _stand_in(tmp_path: Path, monkeypatch, bench, opening: str, spec: dict | None, rc: int = 0, sleep: float = 0):
    script = tmp_path / "fake_agent.py"
    script.write_text(textwrap.dedent(f"""
        import json, sys, time
        from pathlib import Path
        args = sys.argv[1:]
        assert args[0] == "run" and "--preset" in args and "--workspace" in args, args
        time.sleep({sleep})
        rep = Path(args[args.index("--workspace") + 1]) / "workspace" / "report"
        rep.mkdir(parents=True)
        (rep / "report.md").write_text("# Title\\n\\n**Request:** x\\n\\nSession `s` · completed\\n\\n"
                                       + {opening!r} + "\\n\\n## Asked -> run\\n")
        (rep / "report.json").write_text(json.dumps({{"spec": {spec!r}}} if {spec!r} is not None else {{}}))
        print("error: something failed" if {rc} else "done")
        sys.exit({rc})
    """))
    monkeypatch.setattr(bench, "_agent_command", lambda: [sys.executable, str(script)])


def test_served_run_with_matching_spec(tmp_path, monkeypatch, bench):
    spec = {**ENTRY.expected, "question": "whatever", "preset": "tiny"}
    _stand_in(tmp_path, monkeypatch, bench, ANSWER, spec)
    row = bench.run_one(ENTRY, tmp_path / "out", "offline", "tiny", timeout_s=60)
    assert row["served"] and row["spec_checked"] and row["spec_matched"], row
    assert row["shortfalls"] == []


def test_shortfalls_are_listed(tmp_path, monkeypatch, bench):
    spec = {**ENTRY.expected, "labels": [200], "labels_per_class": False}
    step_bullets = "- Step 1: accept after 1 review(s); n = 200 [↗](tool_calls.json#/x)."
    _stand_in(tmp_path, monkeypatch, bench, step_bullets, spec, rc=1)
    row = bench.run_one(ENTRY, tmp_path / "out", "offline", "tiny", timeout_s=60)
    assert not row["served"] and row["spec_checked"] and not row["spec_matched"]
    assert row["shortfalls"][0] == "exit 1: error: something failed" and row["failure"] == "crash"
    assert any("does not open with an answer" in s for s in row["shortfalls"])
    assert "spec labels: expected [100], got [200]" in row["shortfalls"]
    assert any(s.startswith("spec labels_per_class") for s in row["shortfalls"])


def test_no_spec_in_report_skips_the_check(tmp_path, monkeypatch, bench):
    _stand_in(tmp_path, monkeypatch, bench, ANSWER, None)
    row = bench.run_one(ENTRY, tmp_path / "out", "offline", "tiny", timeout_s=60)
    assert row["served"] and not row["spec_checked"] and row["shortfalls"] == []


def test_timeout_stops_the_run(tmp_path, monkeypatch, bench):
    _stand_in(tmp_path, monkeypatch, bench, ANSWER, None, sleep=30)
    row = bench.run_one(ENTRY, tmp_path / "out", "offline", "tiny", timeout_s=1)
    assert row["timed_out"] and not row["served"] and row["wall_s"] < 20
    assert row["shortfalls"][0] == "timed out after 1 s" and row["failure"] == "timeout"


def test_main_writes_result(tmp_path, monkeypatch, bench):
    _stand_in(tmp_path, monkeypatch, bench, ANSWER, None)
    result = tmp_path / "requests.json"
    rc = bench.main(["--ids", "dev-gen-2k-top", "hold-rev-error-bars", "--out", str(tmp_path / "o"),
                     "--result", str(result)])
    assert rc == 0
    data = json.loads(result.read_text())
    assert data["partial"] and data["summary"]["requests"] == 2 and data["summary"]["served"] == 2
    assert [r["id"] for r in data["requests"]] == ["dev-gen-2k-top", "hold-rev-error-bars"]
    assert bench.main(["--ids", "no-such-id", "--result", str(result)]) == 2


def test_resume_keeps_earlier_rows_and_skips_their_ids(tmp_path, monkeypatch, bench):
    """Runs in chunks (--resume): a second chunk adds its rows to the first's, an id already run is
    not run again, and a file of another backend is refused, not mixed in."""
    _stand_in(tmp_path, monkeypatch, bench, ANSWER, None)
    result = tmp_path / "chunks.json"
    common = ["--out", str(tmp_path / "o"), "--result", str(result), "--resume"]
    assert bench.main(["--ids", "dev-gen-2k-top", *common]) == 0
    first = json.loads(result.read_text())["requests"][0]
    assert bench.main(["--ids", "dev-gen-2k-top", "hold-rev-error-bars", *common]) == 0
    data = json.loads(result.read_text())
    assert [r["id"] for r in data["requests"]] == ["dev-gen-2k-top", "hold-rev-error-bars"]
    assert data["requests"][0] == first and len(data["commands"]) == 2
    assert data["served_by_set"] == {"dev": "1/1", "holdout": "1/1"}
    assert bench.main(["--ids", "dev-gen-2k-top", *common, "--backend", "local"]) == 2


def test_beyond_the_catalogue_is_its_own_selection(bench):
    from tests.agents.request_suite import load_suite

    suite = load_suite()
    beyond = [e.id for e in suite if bench._beyond(e)]
    assert len(beyond) >= 10 and all(e.startswith("dev-b-") for e in beyond)
    assert not any(bench._beyond(e) for e in suite if e.id.startswith(("dev-q-", "hold-q")))


def test_combine_counts_each_id_once_and_lists_what_no_file_ran(tmp_path, monkeypatch, bench):
    _stand_in(tmp_path, monkeypatch, bench, ANSWER, None)
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert bench.main(["--ids", "dev-gen-2k-top", "--out", str(tmp_path / "o"), "--result", str(a)]) == 0
    assert bench.main(["--ids", "dev-gen-2k-top", "hold-rev-error-bars", "--out", str(tmp_path / "o"),
                       "--result", str(b)]) == 0
    out = tmp_path / "all.json"
    assert bench.main(["--ids", "dev-gen-2k-top", "hold-rev-error-bars", "dev-gen-typo", "--combine", str(a), str(b),
                       "--result", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["run"] == 2 and data["not_run"] == ["dev-gen-typo"] and data["summary"]["served"] == 2
    assert [r["from"] for r in data["requests"]] == ["b.json", "b.json"]
