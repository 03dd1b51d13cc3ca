"""Benchmark: the README's main job (`omnijet-agent demo`, offline, `small` preset) on this machine.

Wall time of the whole session split into tool time (sandboxed tool jobs, per tool) and agent
overhead (planning, reviewing, checkpointing, reporting: everything outside the tools).

    flock /tmp/omnijet-heavy.lock python benchmarks/agents.py [--preset small] [--out runs/bench-agents]

Writes benchmarks/results/agents.json.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

import _common  # noqa: F401  (first: OpenMP threads, plots to files, the repository on sys.path)
from _common import parser

from agents.commands import DEMO_REQUEST
from agents.configuration import load_settings
from agents.progress import ProgressPrinter
from agents.review import review_report
from agents.session import Session
from omnijet.utils import provenance, read_json, write_json


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__, brief=True)
    ap.add_argument("--preset", default="small", choices=["tiny", "small", "paper"])
    ap.add_argument("--out", default="runs/bench-agents", help="session folder (wiped first)")
    ap.add_argument("--result", default="benchmarks/results/agents.json")
    args = ap.parse_args(argv)
    folder = Path(args.out)
    if folder.exists():
        shutil.rmtree(folder)
    settings = load_settings(backend="offline", preset=args.preset, home=folder.parent, env={})
    session = Session(settings, folder.name, on_event=ProgressPrinter())
    t0 = time.perf_counter()
    state = session.start(f"{DEMO_REQUEST} ({args.preset} preset)")
    wall = time.perf_counter() - t0
    status = session.status()
    session.close()
    per_tool: dict[str, dict[str, float]] = defaultdict(lambda: {"calls": 0, "wall_s": 0.0})
    for c in state.calls:
        per_tool[c.tool]["calls"] += 1
        per_tool[c.tool]["wall_s"] = round(per_tool[c.tool]["wall_s"] + c.wall_s, 2)
    tool_s = sum(c.wall_s for c in state.calls)
    review = review_report(state.report) if state.report else None
    report_json = read_json(Path(state.report).parent / "report.json") if state.report else {}
    headline = {f["label"]: f["value"] for f in report_json.get("facts", [])
                if f["label"].startswith("table[") and f["label"].endswith(("accuracy_mean", "auc_mean"))}
    result = {
        "benchmark": "agents: README main job (offline demo)",
        "preset": args.preset,
        "status": status,
        "wall_s": round(wall, 1),
        "tool_s": round(tool_s, 1),
        "agent_overhead_s": round(wall - tool_s, 2),  # planning, reviewing, checkpoints, report
        "agent_overhead_frac": round((wall - tool_s) / wall, 4),
        "agent_wall_s_counted_in_graph": round(state.counters.agent_wall_s, 2),
        "tool_calls": len(state.calls),
        "revisions": sum(1 for r in state.reviews if r.verdict == "revise"),
        "steps_not_accepted": [i + 1 for i in state.open_steps()],
        "caveats": [r.critique for r in state.reviews if r.critique],
        "per_tool": dict(per_tool),
        "review_ok": bool(review and review.ok),
        "referenced_numbers": review.checked if review else 0,
        "headline": headline,
        "report": state.report,
        "noise": "single run; tool times vary by a few % run to run on the shared 2-core machine",
        "command": f"flock /tmp/omnijet-heavy.lock python benchmarks/agents.py --preset {args.preset}",
        "provenance": provenance(cpus=os.cpu_count()),
    }
    write_json(args.result, result)
    print({k: result[k] for k in ("status", "wall_s", "tool_s", "agent_overhead_s", "tool_calls", "review_ok")})
    return 0 if status == "done" else 1


if __name__ == "__main__":
    sys.exit(main())
