"""Benchmark: the referee (issue 23) on flooded reports, the host-side cost of `omnijet-agent review`.

    .venv/bin/python benchmarks/referee_flood.py [--sizes 250 3000 12000 50000] [--out FILE]

A report from elsewhere is written by anyone: a log of thousands of near-identical lines, or a padded one up to the
2 MiB that `review` reads, must not hold the review for hours. For each shape (a line per model with its AUC and a
precision, 'key: value' lines under one title, SQL INSERT rows, prose sentences, a markdown table; one line of comma-grouped digits, one long digit run) and size, the
seconds `referee()` takes, in one process, one shape at a time. Writes benchmarks/results/referee_flood.json.
Before 6a1480e, 250 lines of the first shape took 24 s and 3000 more than five minutes.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agents.referee.referee import referee  # noqa: E402

SHAPES = {
    "model lines": lambda n: "\n".join(f"KNN{i} ROC:0.{70 + i % 20}, precision @ rank n:0.3" for i in range(n)),
    "key: value under a title": lambda n: "Results:\n" + "\n".join(f"model_{i} auc: 0.9{i % 1000:03d}" for i in range(n)),
    "SQL inserts": lambda n: "\n".join(f"INSERT INTO runs VALUES ({i}, 'm{i}', 0.9{i % 1000:03d});" for i in range(n)),
    "prose": lambda n: "\n".join(f"The tagger {i} reaches AUC 0.9{i % 100:02d} on 1000 jets." for i in range(n)),
    "markdown table": lambda n: "| model | AUC |\n|---|---|\n" + "\n".join(f"| m{i} | 0.9{i % 1000:03d} |" for i in range(n)),
    # one line, n counting its pieces: every comma group of "999,999,..." once tried each number pattern to the line's
    # end (quadratic: 32000 groups took 52 s); a digit run of 40 n digits did the same to the count reader
    "one line of n comma groups": lambda n: "AUC 0.91 on " + ",".join(["999"] * n) + " jets.",
    "one run of 40 n digits": lambda n: "The tagger reaches AUC 0.91 on " + "9" * (40 * n) + " test jets.",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[250, 3000, 12000, 50000], help="lines per report")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/referee_flood.json")
    args = ap.parse_args()
    referee("warm-up: AUC 0.9 on 1000 jets.", "w.md")  # imports and compiled patterns, not the flood
    rows = []
    for shape, make in SHAPES.items():
        for n in args.sizes:
            text = make(n)
            t = time.perf_counter()
            found = referee(text, "flood.md").findings
            rows.append({"shape": shape, "lines": n, "bytes": len(text.encode()), "seconds": round(time.perf_counter() - t, 2),
                         "findings": len(found)})
            print(f"{shape:26s} {n:6d} lines {rows[-1]['bytes'] / 1024:8.0f} KiB  {rows[-1]['seconds']:7.2f} s", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": platform.processor() or platform.machine(), "rows": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
