"""The sandbox attack suite (issue 12, and the first round's list): held / total.

    flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/attacks.py [--only 1,3,8]

Runs every attack test through pytest, against the real kernel and the agent's own path
(tool runner, sandbox, trusted writers, the `omnijet-agent` entry point):

    tests/sandbox/test_attacks.py    issue 12 items 1-7, 9-11
    tests/agents/test_review.py      item 8 (forged reports) and item 9 (review's one line)
    tests/data/test_cli.py           items 9-10 for `data ...` (one-line errors, overwrites)
    tests/sandbox/test_local.py      the first round (network, secrets, limits, timeouts)
    tests/test_trust_attacks.py      issue 21 (third round): checkpoints, rerun, Slurm, configs
    tests/agents/test_session_attacks.py  issue 21: session files, uids, locks, kills, ids
    tests/agents/test_report_attacks.py, tests/sandbox/test_trust_round3.py,
    tests/agents/test_local_backend.py   issue 21: model text, signed manifests, the local model,
                                         detached children

An attack is held when its test passes; a skipped test (no root here, say) is not held and is
listed. Prints one line per item and `held/total`; writes benchmarks/results/attacks.json
(per test: item, outcome, seconds, failure line) with the machine's sandbox protections.
Exit status 0 when every attack is held, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import _common  # noqa: F401  (first: OpenMP threads, plots to files, the repository on sys.path)
from _common import ROOT

RESULTS = ROOT / "benchmarks" / "results" / "attacks.json"

ITEMS = {
    "1": "trusted writers never follow what a job plants",
    "2": "fork copies links as links",
    "3": "no job outlives its agent or its deadline; no rerun over an orphan",
    "4": "memory limit counts shared mappings",
    "5": "event channel bounded in bytes",
    "6": "per-session uid; checkout and other sessions unseen",
    "7": "file-count limit",
    "8": "review trusts only what the session recorded",
    "9": "one-line errors, exit 2",
    "10": "no silent overwrites",
    "11": "a stdout flood says what happened",
    "R1": "first round (network, secrets, read-only system, limits, timeouts)",
    "T2": "third round: checkpoints load weights-only (a pickled .pt never runs)",
    "T3": "third round: rerun writes only under the folder named, in the sandbox",
    "T4": "third round: Slurm values in their grammar, every script value quoted",
    "T12": "third round: config values strictly typed, malformed files one line",
    "T1": "third round: a session's state.sqlite is data (nothing rebuilt by name)",
    "T6": "third round: a job uid from the host's registry, never the workspace's file",
    "T7": "third round: sessions list survives bad meta.json (bounded, no links, no FIFOs)",
    "T8": "third round: one process per session (a second resume names the holder)",
    "T9": "third round: a kill during the checkpoint write never repeats a finished call",
    "T13id": "third round: a session id is a name inside the home",
    "T5": "third round: model text inert in report and terminal; review checks every section",
    "T10": "third round: local model re-hashed at each start, its server wants a key, early deaths said",
    "T11": "third round: signed manifests (a consistent forgery fails review; jobs never see the key)",
    "T13": "third round: a detached child holding stdout does not stall run_python",
}

# (file, test-name pattern, item): the first match wins; tests of a file matching none are
# not attacks (review's claim checks of issue 11, say) and are not run
SUITE: list[tuple[str, str, str]] = [
    ("tests/sandbox/test_attacks.py", r"report_writer|report_file_link|manifest_and_logs", "1"),
    ("tests/sandbox/test_attacks.py", r"fork_", "2"),
    ("tests/sandbox/test_attacks.py", r"killed_agent|deadline_holds", "3"),
    ("tests/sandbox/test_attacks.py", r"shared_mapping", "4"),
    ("tests/sandbox/test_attacks.py", r"event_flood|events_json_log", "5"),
    ("tests/sandbox/test_attacks.py", r"own_uid|session_home", "6"),
    ("tests/sandbox/test_attacks.py", r"file_flood", "7"),
    ("tests/sandbox/test_attacks.py", r"never_silently_replaced", "10"),
    ("tests/sandbox/test_attacks.py", r"unwritable|bad_values", "9"),
    ("tests/sandbox/test_attacks.py", r"stdout_flood", "11"),
    ("tests/agents/test_review.py", r"unreadable_reports", "9"),
    ("tests/agents/test_review.py",
     r"genuine_report_passes|absolute_path|never_recorded|edited_or_swapped|tool_calls_json|"
     r"must_be_recorded|manifest_lacks|wrong_integers|without_a_session_manifest|figures_must|"
     r"manifest_planted|symlinked_folders|hostile_artifacts", "8"),
    ("tests/data/test_cli.py", r"existing_output|refuses_an_existing", "10"),
    ("tests/data/test_cli.py", r"bad_max_jets|unwritable_outputs|info_bad_files", "9"),
    ("tests/sandbox/test_local.py", r".", "R1"),
    ("tests/test_trust_attacks.py", r"pickled", "T2"),
    ("tests/test_trust_attacks.py", r"rerun", "T3"),
    ("tests/test_trust_attacks.py", r"slurm|sbatch", "T4"),
    ("tests/test_trust_attacks.py", r"config", "T12"),
    ("tests/agents/test_session_attacks.py", r"crafted_state_sqlite", "T1"),
    ("tests/agents/test_session_attacks.py", r"sandbox_json", "T6"),
    ("tests/agents/test_session_attacks.py", r"meta_json", "T7"),
    ("tests/agents/test_session_attacks.py", r"second_resume", "T8"),
    ("tests/agents/test_session_attacks.py", r"kill_during", "T9"),
    ("tests/agents/test_session_attacks.py", r"outside_the_home", "T13id"),
    ("tests/agents/test_report_attacks.py", r"forgery|signed|not_signed_here|blessed|unsafe_key", "T11"),
    ("tests/agents/test_report_attacks.py", r"model_text|every_section", "T5"),
    ("tests/sandbox/test_trust_round3.py", r"manifest_key", "T11"),
    ("tests/sandbox/test_trust_round3.py", r"detached", "T13"),
    ("tests/agents/test_local_backend.py", r"swap|dies_early|without_its_key", "T10"),
]


def item_of(file: str, name: str) -> str | None:
    for f, pattern, item in SUITE:
        if f == file and re.search(pattern, name):
            return item
    return None


def collect(files: list[str]) -> list[str]:
    """Node ids of every test in `files` (pytest --collect-only)."""
    out = subprocess.run([sys.executable, "-m", "pytest", "-o", "addopts=", "-q", "--collect-only",
                          "-p", "no:cacheprovider", *files], cwd=ROOT, text=True,
                         capture_output=True, timeout=600)
    ids = [line.strip() for line in out.stdout.splitlines() if "::" in line]
    if not ids:
        raise SystemExit(f"no tests collected:\n{out.stdout[-2000:]}{out.stderr[-2000:]}")
    return ids


def run(node_ids: list[str], timeout_s: int) -> tuple[dict[str, dict], float, int]:
    """Run the tests; per node id: outcome (passed/failed/error/skipped), seconds, message."""
    with tempfile.TemporaryDirectory(prefix="omnijet-attacks-") as tmp:
        xml = Path(tmp) / "junit.xml"
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               f"--junitxml={xml}", "-o", "junit_family=xunit1", *node_ids],
                              cwd=ROOT, text=True, capture_output=True, timeout=timeout_s)
        wall = time.perf_counter() - t0
        if not xml.exists():
            raise SystemExit(f"pytest wrote no report:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
        tree = ET.parse(xml)
    results: dict[str, dict] = {}
    for case in tree.iter("testcase"):
        file = case.get("file") or case.get("classname", "").replace(".", "/") + ".py"
        node = f"{file}::{case.get('name')}"
        outcome, message = "passed", ""
        for tag in ("failure", "error", "skipped"):
            el = case.find(tag)
            if el is not None:
                outcome = {"failure": "failed"}.get(tag, tag)
                message = (el.get("message") or "").splitlines()[0][:300] if el.get("message") else ""
                break
        results[node] = {"outcome": outcome, "seconds": round(float(case.get("time", 0)), 2),
                         "message": message}
    return results, wall, proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", help="comma-separated items to run (e.g. 1,3,8 or R1)")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds for the whole suite")
    args = ap.parse_args()
    only = set(args.only.split(",")) if args.only else set(ITEMS)

    files = sorted({f for f, _, _ in SUITE})
    chosen = []
    for node in collect(files):
        file, name = node.split("::", 1)
        item = item_of(file, name)
        if item in only:
            chosen.append((node, item))
    results, wall, _ = run([n for n, _ in chosen], args.timeout)

    from omnijet.utils import provenance, write_json
    from sandbox.local import LocalSandbox

    tests, per_item = [], {k: [0, 0] for k in ITEMS if k in only}
    for node, item in chosen:
        r = results.get(node) or results.get(node.split("[")[0]) or \
            {"outcome": "missing", "seconds": 0.0, "message": "no result in the pytest report"}
        held = r["outcome"] == "passed"
        per_item[item][0] += held
        per_item[item][1] += 1
        tests.append({"test": node, "item": item, "held": held, **r})
    held = sum(h for h, _ in per_item.values())
    total = sum(t for _, t in per_item.values())

    for item, (h, t) in per_item.items():
        flag = "ok  " if h == t else "FAIL"
        print(f"{flag} item {item:>3}  {h:>3}/{t:<3} {ITEMS[item]}")
    for t in tests:
        if not t["held"]:
            print(f"     not held: {t['test']} ({t['outcome']}: {t['message'][:160]})")
    print(f"held {held}/{total} attacks in {wall:.0f} s")

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # what is off is in the protections themselves
            protections = LocalSandbox().protections()
    except Exception as e:  # noqa: BLE001 - reported, not fatal: the tests already ran
        protections = {"error": f"{type(e).__name__}: {e}"}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    write_json(RESULTS, {
        "held": held, "total": total, "wall_s": round(wall, 1),
        "per_item": {k: {"held": h, "total": t, "what": ITEMS[k]} for k, (h, t) in per_item.items()},
        "tests": tests, "euid": os.geteuid(), "protections": protections,
        "command": "flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/attacks.py"
                   + (f" --only {args.only}" if args.only else ""),
        "provenance": provenance(),
    })
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0 if held == total else 1


if __name__ == "__main__":
    sys.exit(main())
