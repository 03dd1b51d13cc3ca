"""Benchmark: the referee (issue 23) on its suite of reports with planted errors.

    .venv/bin/python benchmarks/referee.py [--suite DIR] [--out FILE]

For each report of tests/agents/referee_suite/ (markdown logs with tables, JSON answers, prose),
the planted errors caught (the right rule on the right line) over those planted, the false
alarms (findings on clean reports; extra findings on the others) and the answers to the
questions, for the public part and, apart, for the holdout part (not tuned to). Writes
benchmarks/results/referee.json. Runs in about a second; no model.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agents.referee.suite import score  # noqa: E402


def by_batch(rows: list[dict]) -> dict[str, dict[str, int]]:
    """Holdout figures per batch (the file-name prefix: b1_..., s01_...): as they stand now, after the
    fixes each batch's one blind run led to (its first-run figures are in the commit that added it)."""
    out: dict[str, dict[str, int]] = {}
    for r in rows:
        head = r["report"].split("_")[0]  # b1_..., b10_...: the batch; s01_...: s
        b = out.setdefault(head if head[:1] == "b" and head[1:].isdigit() else
                           r["report"][0], {"planted": 0, "caught": 0, "clean": 0, "clean_flagged": 0})
        b["planted"] += r["planted"]
        b["caught"] += r["caught"]
        b["clean"] += r["clean"]
        b["clean_flagged"] += bool(r["clean"] and r["extra"])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suite", type=Path, default=ROOT / "tests/agents/referee_suite")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/referee.json")
    args = ap.parse_args()
    t0 = time.perf_counter()
    res = score(args.suite)
    res["seconds"] = round(time.perf_counter() - t0, 2)
    res["holdout_by_batch"] = by_batch([r for r in res["reports"] if r["split"] == "holdout"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2) + "\n")
    for split in ("public", "holdout"):
        s = res[split]
        print(f"{split:8s} caught {s['caught']}/{s['planted']} planted ({s['recall']}), "
              f"false alarms on {s['clean_with_false_alarm']}/{s['clean_reports']} clean reports, "
              f"{s['extra_findings_on_planted']} extra finding(s) on the others, "
              f"answers {s['answers_right']}/{s['questions']}")
    for name, b in res["holdout_by_batch"].items():
        print(f"  holdout {name}: {b['caught']}/{b['planted']} caught, {b['clean_flagged']}/{b['clean']} clean flagged")
    for r in res["reports"]:
        if r["missed"] or r["extra"] or not r.get("answer_ok", True):
            print(f"  {r['report']}: missed {r['missed']} extra {r['extra']}"
                  + ("" if r.get("answer_ok", True) else f" answer {r['answer']!r}"))


if __name__ == "__main__":
    main()
