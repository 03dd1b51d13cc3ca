"""Interop benchmark: do the community's tools read our JetClass ROOT files?

    make interop      # or: flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/interop.py

In throwaway virtual environments under benchmarks/.cache/ (never the project's .venv):
1. uproot==5.1.2 (pinned by the reference OmniJet-alpha code; with numpy<2, which 5.1.2
   predates) opens generated top and QCD files and checks classnames (TTree), branch names
   and dtypes against the JetClass schema of omnijet/data/jetclass.py.
2. weaver-core (torch==2.13.0, the CPU wheel of the package index) trains one tiny epoch
   on the same files with particle_transformer's UNCHANGED data/JetClass/JetClass_full.yaml
   and networks/example_PFN.py (copies in benchmarks/interop/, source commit in their header).
Writes benchmarks/results/interop.json. Heavy steps take /tmp/omnijet-heavy.lock themselves
unless OMNIJET_HEAVY_LOCKED=1 (set by `make interop`, which holds the lock).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import _common  # noqa: F401  (first: OpenMP threads, plots to files, the repository on sys.path)
from _common import ROOT

from omnijet.data.jetclass import (
    COUNTER,
    FLAGS,
    IMPACT,
    JET_BRANCHES,
    KINEMATICS,
    LABEL_DTYPES,
)

BENCH = ROOT / "benchmarks"
CACHE = BENCH / ".cache" / "interop"
CONFIGS = BENCH / "interop"
RESULTS = BENCH / "results" / "interop.json"
N_JETS = 200
UPROOT_PKGS = ["uproot==5.1.2", "awkward", "numpy<2"]
WEAVER_PKGS = [["torch==2.13.0"], ["weaver-core"]]
LOCK = "/tmp/omnijet-heavy.lock"

# the dtypes the JetClass schema asks for (numpy dtype names, big-endian as stored)
EXPECTED = {COUNTER: "int32"}
EXPECTED.update({b: "float32" for b in (*KINEMATICS, *IMPACT, "part_charge")})
EXPECTED.update({b: "int32" for b in FLAGS})
EXPECTED.update({b: "float32" for b in JET_BRANCHES})
EXPECTED.update({k: v.__name__.rstrip("_") for k, v in LABEL_DTYPES.items()})
JAGGED = {*KINEMATICS, *IMPACT, "part_charge", *FLAGS}

UPROOT_CHECK = r"""
import json, sys, uproot, numpy
expected = json.loads(sys.argv[1]); jagged = set(json.loads(sys.argv[2])); out = {}
for path in sys.argv[3:]:
    f = uproot.open(path); t = f["tree"]; problems = []
    classnames = {k: v for k, v in f.classnames().items()}
    if classnames.get("tree;1") != "TTree":
        problems.append(f"tree is {classnames.get('tree;1')}, not TTree")
    got = {}
    for k in t.keys():
        interp = t[k].interpretation
        inner = getattr(interp, "content", interp)
        got[k] = numpy.dtype(inner.from_dtype).newbyteorder("=").name
        if (k in jagged) != hasattr(interp, "content"):
            problems.append(f"{k}: jagged={hasattr(interp, 'content')}")
    missing = sorted(set(expected) - set(got)); extra = sorted(set(got) - set(expected))
    wrong = {k: [got[k], v] for k, v in expected.items() if k in got and got[k] != v}
    arrays = t.arrays(library="ak")  # read every branch
    out[path] = {"classnames": classnames, "entries": int(t.num_entries),
                 "branches_read": len(arrays.fields), "missing": missing, "extra": extra,
                 "wrong_dtypes": wrong, "problems": problems,
                 "ok": not (missing or wrong or problems) and len(arrays) == t.num_entries}
print(json.dumps({"uproot": uproot.__version__, "numpy": numpy.__version__, "files": out}))
"""


def run(cmd: list[str], log: Path | None = None, heavy: bool = False,
        env: dict | None = None) -> subprocess.CompletedProcess:
    if heavy and os.environ.get("OMNIJET_HEAVY_LOCKED") != "1":
        cmd = ["flock", LOCK, *cmd]
    print("+", " ".join(c if len(c) < 120 else c[:60] + "..." for c in cmd), flush=True)
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if log is not None:
        log.write_text(p.stdout + p.stderr)
    return p


def venv(name: str, pkg_groups: list[list[str]]) -> tuple[Path, str | None]:
    """A venv under the cache with `pkg_groups` installed (one pip call per group)."""
    d = CACHE.parent / name
    py = d / "bin" / "python"
    if not py.exists():
        run([sys.executable, "-m", "venv", str(d)])
    for pkgs in pkg_groups:
        p = run([str(py), "-m", "pip", "install", "-q", *pkgs], heavy=True)
        if p.returncode:
            return py, f"pip install {' '.join(pkgs)} failed: {p.stderr.strip()[-400:]}"
    return py, None


def generate(tmp: Path) -> dict[str, Path]:
    files = {}
    for proc in ("top", "qcd"):
        out = tmp / f"{proc}.root"
        if not out.exists():
            p = run([str(ROOT / ".venv" / "bin" / "omnijet-agent"), "data", "generate",
                     "--process", proc, "--jets", str(N_JETS), "--out", str(out)], heavy=True)
            if p.returncode:
                raise SystemExit(f"generation failed: {p.stderr[-500:]}")
        files[proc] = out
    return files


def check_uproot(files: dict[str, Path]) -> dict:
    py, err = venv("uproot512", [UPROOT_PKGS])
    if err:
        return {"passed": False, "error": err}
    p = run([str(py), "-c", UPROOT_CHECK, json.dumps(EXPECTED), json.dumps(sorted(JAGGED)),
             *map(str, files.values())])
    if p.returncode:
        return {"passed": False, "error": p.stderr.strip()[-800:]}
    res = json.loads(p.stdout.strip().splitlines()[-1])
    res["passed"] = all(v["ok"] for v in res["files"].values())
    res["packages"] = UPROOT_PKGS
    return res


def check_weaver(files: dict[str, Path]) -> dict:
    py, err = venv("weaver", WEAVER_PKGS)
    if err:
        return {"passed": False, "error": err}
    work = CACHE / "weaver_run"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    # weaver writes an auto-generated .yaml next to the data config: use copies (unchanged)
    for name in ("JetClass_full.yaml", "example_PFN.py"):
        shutil.copy(CONFIGS / name, work / name)
    weaver = py.parent / "weaver"
    log = work / "train.log"
    cmd = [str(weaver), "--data-train", *(f"{k}:{v}" for k, v in files.items()),
           "--data-config", str(work / "JetClass_full.yaml"),
           "--network-config", str(work / "example_PFN.py"),
           "--model-prefix", str(work / "net"), "--num-workers", "0", "--fetch-step", "1",
           "--batch-size", "64", "--num-epochs", "1", "--steps-per-epoch", "2",
           "--steps-per-epoch-val", "1", "--start-lr", "1e-3", "--optimizer", "ranger",
           "--gpus", "", "--log", str(log)]
    env = dict(os.environ, OMP_NUM_THREADS="2")
    t0 = time.time()
    p = run(cmd, log=work / "stdout.log", heavy=True, env=env)
    text = p.stdout + p.stderr
    lines = [s for s in text.splitlines() if s.strip()]
    losses = [s.strip() for s in lines if "AvgLoss" in s or "Loss:" in s]
    vers = run([str(py), "-c", "from importlib.metadata import version as v;"
                "print(*(v(p) for p in ('torch', 'weaver-core', 'uproot', 'awkward')))"]).stdout.split()
    return {
        "passed": p.returncode == 0 and any("AvgLoss" in s for s in lines)
        and "Zero entries" not in text,
        "returncode": p.returncode, "seconds": round(time.time() - t0, 1),
        "command": " ".join(c if c else "''" for c in cmd),
        "versions": dict(zip(("torch", "weaver", "uproot", "awkward"), vers, strict=False)),
        "loss_lines": losses[-6:], "last_lines": lines[-15:],
    }


def main() -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    files = generate(CACHE / "data")
    result = {"command": "make interop  (benchmarks/interop.py)", "n_jets_per_file": N_JETS,
              "files": {k: str(v.relative_to(ROOT)) for k, v in files.items()},
              "configs": "benchmarks/interop/ (particle_transformer, unchanged)"}
    result["uproot_5_1_2"] = check_uproot(files)
    print("uproot 5.1.2:", result["uproot_5_1_2"].get("passed"), flush=True)
    result["weaver_core"] = check_weaver(files)
    print("weaver-core:", result["weaver_core"].get("passed"), flush=True)
    result["passed"] = result["uproot_5_1_2"]["passed"] and result["weaver_core"]["passed"]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: result[k] for k in ("passed",)}), "->", RESULTS)
    sys.exit(0 if result["passed"] else 1)


if __name__ == "__main__":
    main()
