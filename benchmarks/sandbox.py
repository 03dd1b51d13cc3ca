"""Sandbox launch overhead (ms per job) vs a plain subprocess, and tool calls end to end.

    flock /tmp/omnijet-heavy.lock python benchmarks/sandbox.py [--repeats 20]

Writes benchmarks/results/sandbox.json: per launcher and command, mean / std / min / median
of the wall time per job (ms), the overhead over a plain subprocess, the protections that were
active, and end-to-end times of `run_python` and of a tiny-preset `train_tokenizer` call
(sandboxed via ToolRunner vs the same tool function called in-process).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import _common  # noqa: F401  (first: OpenMP threads, plots to files, the repository on sys.path)
from _common import parser

from omnijet.utils import provenance, write_json
from sandbox import Job, Workspace
from sandbox.local import LocalSandbox
from tools.base import ToolContext
from tools.registry import get_tool
from tools.runner import ToolRunner

COMMANDS = {"true": ["/bin/true"], "python": [sys.executable, "-c", "pass"]}


def stats(times_s: list[float]) -> dict[str, float]:
    ms = [t * 1e3 for t in times_s]
    return {"mean_ms": round(statistics.mean(ms), 2),
            "std_ms": round(statistics.stdev(ms), 2) if len(ms) > 1 else 0.0,
            "min_ms": round(min(ms), 2), "median_ms": round(statistics.median(ms), 2), "n": len(ms)}


def timed(fn: Callable[[], object], repeats: int, warmup: int = 2) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def launch_overhead(ws: Path, repeats: int) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        boxes = {"local_namespaces": LocalSandbox(),
                 "local_rlimits_only": LocalSandbox(namespaces=False)}
    res: dict = {"protections": {k: b.protections() for k, b in boxes.items()}}
    for cname, cmd in COMMANDS.items():
        plain = stats(timed(lambda cmd=cmd: subprocess.run(cmd, check=True), repeats))
        row = {"plain_subprocess": plain}
        for bname, box in boxes.items():
            def job(box=box, cmd=cmd):
                r = box.run(Job(command=cmd, workspace=str(ws)))
                assert r.ok, r.message
            s = stats(timed(job, repeats))
            s["overhead_ms"] = round(s["mean_ms"] - plain["mean_ms"], 2)
            row[bname] = s
        res[cname] = row
        print(cname, {k: (v["mean_ms"], v["std_ms"]) for k, v in row.items()}, flush=True)
    return res


def tool_calls(ws_root: Path, repeats: int) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        runner = ToolRunner(Workspace(ws_root), LocalSandbox())
    out: dict = {}
    rp = stats(timed(lambda: runner.call("run_python", {"code": "print(1)"}), repeats, 1))
    out["run_python_print"] = rp
    gen = runner.call("generate_data", {"process": "qcd", "n": 200, "seed": 0})
    assert gen.ok, gen.error
    out["generate_data_qcd_200_s"] = round(gen.wall_s, 2)
    args = {"data": [gen.output["path"]], "preset": "tiny", "epochs": 2, "batch_size": 64,
            "codebook_size": 64, "out": "runs/tok_bench"}
    sandboxed = []
    for _ in range(3):
        shutil.rmtree(ws_root / "runs", ignore_errors=True)
        t0 = time.perf_counter()
        r = runner.call("train_tokenizer", args)
        sandboxed.append(time.perf_counter() - t0)
        assert r.ok, r.error
    tool = get_tool("train_tokenizer")
    ctx = ToolContext(workspace=ws_root, progress=lambda e: None)
    direct = []
    cwd = os.getcwd()
    os.chdir(ws_root)
    try:
        for _ in range(3):
            shutil.rmtree(ws_root / "runs", ignore_errors=True)
            t0 = time.perf_counter()
            tool.run(args, ctx)  # warm process: torch and omnijet already imported after the 1st
            direct.append(time.perf_counter() - t0)
    finally:
        os.chdir(cwd)
    out["train_tokenizer_tiny"] = {
        "args": args, "sandboxed_tool_call": stats(sandboxed), "in_process": stats(direct),
        "note": "sandboxed = new process in the sandbox: launch + imports (torch, omnijet) + "
                "train + manifest; in_process reuses an already warm interpreter",
        "val": r.output["val"]}
    print("tools", {k: v for k, v in out.items() if k != "train_tokenizer_tiny"},
          out["train_tokenizer_tiny"]["sandboxed_tool_call"]["mean_ms"],
          out["train_tokenizer_tiny"]["in_process"]["mean_ms"], flush=True)
    return out


def main() -> int:
    ap = parser(__doc__, brief=True)
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "sandbox.json"))
    a = ap.parse_args()
    t0, load_start = time.time(), os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-sandbox-") as tmp:
        ws = Path(tmp) / "launch"
        ws.mkdir()
        os.chmod(ws, 0o1777)
        result = {"launch": launch_overhead(ws, a.repeats),
                  "tool_calls": tool_calls(Path(tmp) / "tools", max(3, a.repeats // 4))}
    result["wall_s"] = round(time.time() - t0, 1)
    result["provenance"] = provenance(
        command=f"flock /tmp/omnijet-heavy.lock python benchmarks/sandbox.py --repeats {a.repeats}",
        cpus=os.cpu_count(),
        loadavg={"start": load_start, "end": os.getloadavg(),
                 "note": "shared machine: other jobs' CPU use inflates and spreads the timings"})
    write_json(a.out, result)
    print(f"-> {a.out} ({result['wall_s']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
