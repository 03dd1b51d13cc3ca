"""Benchmark: the public request suite served end to end (`omnijet-agent run "<request>"`).

Each request of tests/agents/requests.yaml runs as its own `omnijet-agent run` process, with
its own session folder and a wall-clock limit. A request is *served* when the run exits 0 and
its report opens with an answer (the first prose paragraph carries a number), and, for a request
whose expectation names quantities (issue 26), the report's analysis.json records every asked
quantity as answered with a number and its uncertainty (or the reason it has none). Shortfalls per
request: non-zero exit or timeout, no report, no answer at the top, and every spec field that
departs from the suite's expectation (read from the `spec` that report.json records; the
check is skipped, and says so, when the report has none).

    flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/requests.py [--set dev|holdout|all]
        [--ids ID ...] [--limit N] [--backend offline|local] [--timeout 900]
    .venv/bin/python benchmarks/requests.py --plan-only      # every request, seconds, no tool runs

The whole suite takes hours at `tiny` on 2 cores: use --ids / --limit for a quick look.
Writes benchmarks/results/requests.json (`partial: true` unless the whole suite ran).
`--plan-only` (offline backend) parses, compiles and fidelity-checks every request without
running a tool: the spec against the suite's expectation, and every stated value against the
first tool calls of the plan (benchmarks/results/requests_plan.json).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("MPLBACKEND", "Agg")
ROOT = Path(__file__).resolve().parent.parent
# this file is named like the `requests` library: keep its folder off the import path so that a
# library importing `requests` never gets this script
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from omnijet.utils import provenance, write_json  # noqa: E402
from tests.agents.request_suite import SuiteEntry, load_suite, spec_mismatches  # noqa: E402

MAX_READ = 2_000_000  # bytes of report.md / report.json read: the workspace is untrusted
_META = re.compile(r"^(\*\*request:?\*\*|session `|\|)", re.I)


def _agent_command() -> list[str]:
    exe = Path(sys.executable).with_name("omnijet-agent")
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "agents.main"]


def _read_text(path: Path) -> str | None:
    """The start of a regular file (never through a symlink), or None."""
    if path.is_symlink() or not path.is_file():
        return None
    with open(path, "rb") as f:
        return f.read(MAX_READ).decode("utf-8", errors="replace")


def _tail(path: Path, n_bytes: int = 4096, lines: int = 4) -> list[str]:
    """The last lines of the run's log (what it said when it stopped)."""
    with open(path, "rb") as f:
        f.seek(max(0, path.stat().st_size - n_bytes))
        return f.read().decode("utf-8", errors="replace").strip().splitlines()[-lines:]


def _opening_lines(md: str) -> list[str]:
    """The first block of a report after its title, request line and session line
    (headings, tables and figures skipped, blockquote marks removed)."""
    block: list[str] = []
    for line in md.splitlines():
        s = line.strip()
        if s.startswith(">"):
            s = s.lstrip("> ").strip()
        if not s:
            if block:
                break
            continue
        if s.startswith(("#", "![", "<!--", "---")) or _META.match(s) or (s.startswith("_(") and s.endswith(")_")):
            if block:
                break
            continue
        block.append(s)
    return block


def report_opening(md: str) -> str:
    return " ".join(_opening_lines(md))


def opens_with_answer(md: str) -> bool:
    """The report opens with prose that answers with numbers: its first block is not a list
    (step bullets are not an answer), carries a number, and has at least eight plain words
    besides links and `field.name = value` listings; a notice that the summary is missing
    does not count."""
    lines = _opening_lines(md)
    if not lines or any(re.match(r"([-*+]|\d+[.)])\s", s) for s in lines):
        return False
    text = re.sub(r"\[[^\]]*\]\([^)]*\)", " ", " ".join(lines))  # drop [↗](artifact#/pointer) links
    words = [w for w in re.findall(r"[^\s]+", text) if re.fullmatch(r"[A-Za-z][a-z'-]*[,;:.?!]?", w)]
    return bool(re.search(r"\d", text)) and len(words) >= 8 and "unavailable" not in text.lower()


def _spec_from(report_json: dict[str, Any]) -> dict[str, Any] | None:
    spec = report_json.get("spec")
    if not isinstance(spec, dict):
        plan = report_json.get("plan") or {}
        spec = (plan.get("spec") or (plan.get("params") or {}).get("spec")) if isinstance(plan, dict) else None
    return spec if isinstance(spec, dict) else None


def _stop(proc: subprocess.Popen) -> None:
    """End the run's whole process group (started by us with its own session)."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def run_one(entry: SuiteEntry, out: Path, backend: str, preset: str, timeout_s: float) -> dict[str, Any]:
    folder = out / entry.id  # the session folder (--workspace): home = out, id = entry.id
    if folder.exists():
        shutil.rmtree(folder)  # `run --workspace` would resume an old session
    out.mkdir(parents=True, exist_ok=True)
    log = out / f"{entry.id}.log"
    cmd = [*_agent_command(), "run", entry.request, "--preset", preset, "--backend", backend,
           "--workspace", str(folder), "--quiet"]
    env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE", "MPLBACKEND": "Agg"}
    t0 = time.perf_counter()
    timed_out = False
    with open(log, "wb") as f:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=f, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            rc = proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            timed_out = True
            _stop(proc)
            rc = proc.returncode
        finally:
            if proc.poll() is None:
                _stop(proc)
    wall = time.perf_counter() - t0
    tail = _tail(log)

    shortfalls: list[str] = []
    if timed_out:
        shortfalls.append(f"timed out after {timeout_s:.0f} s")
    elif rc != 0:
        shortfalls.append(f"exit {rc}: {tail[-1] if tail else ''}".strip())
    report_dir = folder / "workspace" / "report"
    md = _read_text(report_dir / "report.md")
    answered = bool(md) and opens_with_answer(md)
    if md is None:
        shortfalls.append("no report.md")
    elif not answered:
        shortfalls.append("the report does not open with an answer (no number in its first paragraph)")
    spec_checked = False
    raw_json = _read_text(report_dir / "report.json")
    try:
        report_json = json.loads(raw_json) if raw_json else {}
    except ValueError:
        report_json = {}
        shortfalls.append("report.json is not valid JSON")
    spec = _spec_from(report_json) if isinstance(report_json, dict) else None
    if spec is not None:
        spec_checked = True
        shortfalls += [f"spec {m.split(': ', 1)[1]}" for m in spec_mismatches(entry.id, entry.expected, spec)]
    asked = [q for q in entry.expected.get("quantities") or []]
    quantities = _quantities_answered(report_dir) if asked else None
    if quantities is not None and quantities["missing"]:
        shortfalls += [f"asked quantity not answered: {m}" for m in quantities["missing"]]
    served = rc == 0 and not timed_out and answered and (quantities is None or not quantities["missing"])
    log_text = (_read_text(log) or "")[-20000:]
    return {
        "id": entry.id, "set": entry.set, "family": entry.family, "request": entry.request,
        "served": served, "failure": None if served else failure_kind(timed_out, rc, shortfalls, log_text),
        "spec_checked": spec_checked, "quantities": quantities,
        "spec_matched": spec_checked and not any(s.startswith("spec ") for s in shortfalls),
        "exit": rc, "timed_out": timed_out, "wall_s": round(wall, 1), "shortfalls": shortfalls,
        "opening": report_opening(md)[:400] if md else None, "log_tail": tail,
        "session": str(folder),
    }


def failure_kind(timed_out: bool, rc: int | None, shortfalls: list[str], log_text: str) -> str:
    """Why a request was not served, in one word group: timeout, grounding rejection (the model's
    reading named what the request does not say), wrong quantity (the spec's quantities differ
    from the suite's), not answered (exit 3: an asked quantity without a number), crash."""
    if timed_out:
        return "timeout"
    if "could not read the request" in log_text:
        return "grounding rejection"
    if any(s.startswith("spec quantities") for s in shortfalls):
        return "wrong quantity"
    if rc == 3 or any(s.startswith("asked quantity not answered") for s in shortfalls):
        return "not answered"
    return "crash" if rc not in (0, None) else "no answer in the report"


def _beyond(entry: SuiteEntry) -> bool:
    """A request whose quantities are all beyond the catalogue (an observable no tool computes)."""
    qs = entry.expected.get("quantities") or []
    return bool(qs) and all(isinstance(q, dict) and q.get("unsupported") for q in qs)


def _quantities_answered(report_dir: Path) -> dict[str, Any]:
    """Every asked quantity of the report's analysis.json: answered with a finite number (and
    an uncertainty, or the reason there is none), or missing (with the reason)."""
    raw = _read_text(report_dir / "analysis.json")
    try:
        rows = ((json.loads(raw) if raw else {}).get("quantities") or {}).get("asked") or []
    except (ValueError, AttributeError):
        rows = []
    ok, missing, agent = [], [], 0
    for r in rows if isinstance(rows, list) else []:
        if not isinstance(r, dict):
            continue
        values = [v for v in r.get("values") or [] if isinstance(v, dict)]
        good = r.get("status") == "answered" and values and all(
            isinstance(v.get("value"), int | float) and (v.get("err") is not None or v.get("note")) for v in values)
        (ok if good else missing).append(f"{r.get('described')}" + ("" if good else f" ({r.get('reason', 'no number')})"))
        agent += bool(good) and any(str(v.get("note", "")).startswith("agent-written") for v in values)
    if not rows:
        missing.append("analysis.json records no asked quantity")
    return {"answered": ok, "missing": missing, "agent_written": agent}


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    by_family: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        by_family[r["family"]][0] += r["served"]
        by_family[r["family"]][1] += 1
    n = len(rows)
    served = sum(r["served"] for r in rows)
    checked = [r for r in rows if r["spec_checked"]]
    return {
        "requests": n, "served": served, "served_fraction": round(served / n, 3) if n else None,
        "served_with_spec_matched": sum(r["served"] and r["spec_matched"] for r in rows),
        "spec_checked": len(checked), "spec_matched": sum(r["spec_matched"] for r in checked),
        "served_by_family": {k: f"{v[0]}/{v[1]}" for k, v in sorted(by_family.items())},
        "quantity_requests_served": f"{sum(r['served'] for r in rows if r.get('quantities') is not None)}/"
                                    f"{sum(r.get('quantities') is not None for r in rows)}",
        "agent_written_answers": sum((r.get("quantities") or {}).get("agent_written", 0) for r in rows),
        "failures": dict(sorted(Counter(r.get("failure") for r in rows if not r["served"]).items(), key=str)),
        "wall_s_total": round(sum(r["wall_s"] for r in rows), 1),
    }


def plan_only(entries: list[SuiteEntry], preset: str) -> dict[str, Any]:
    """Spec and plan fidelity of every entry through the offline backend (no tool runs)."""
    from agents.llm.offline_parse import parse_spec
    from agents.planner import PlanBug, check_fidelity, compile_plan

    rows = []
    for e in entries:
        shortfalls: list[str] = []
        try:
            spec = parse_spec(e.request)
            shortfalls += [f"spec {m.split(': ', 1)[1]}"
                           for m in spec_mismatches(e.id, e.expected, spec.model_dump())]
            if not spec.tasks:
                shortfalls.append("no task recognised")
            else:
                plan = compile_plan(spec, preset)
                shortfalls += [f"plan: {p}" for p in check_fidelity(spec, plan)]
        except (PlanBug, ValueError) as err:
            shortfalls.append(f"{type(err).__name__}: {err}")
        rows.append({"id": e.id, "set": e.set, "family": e.family, "request": e.request,
                     "planned_as_asked": not shortfalls, "shortfalls": shortfalls})
    by_set = {w: [r for r in rows if r["set"] == w] for w in ("dev", "holdout")}
    return {"requests": len(rows), "planned_as_asked": sum(r["planned_as_asked"] for r in rows),
            **{f"{w}": f"{sum(r['planned_as_asked'] for r in v)}/{len(v)}" for w, v in by_set.items()},
            "rows": rows}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default="all", choices=["dev", "holdout", "all"], dest="which")
    ap.add_argument("--ids", nargs="+", default=None, help="only these request ids")
    ap.add_argument("--limit", type=int, default=None, help="only the first N selected requests")
    ap.add_argument("--quantities", action="store_true", help="only the requests that ask for a quantity (issue 26)")
    ap.add_argument("--beyond", action="store_true", help="only the requests for a quantity no tool computes "
                    "(a model backend's coder writes the analysis; offline answers 'Not answered', exit 3)")
    ap.add_argument("--backend", default="offline", choices=["offline", "local"])
    ap.add_argument("--preset", default="tiny", choices=["tiny", "small", "paper"])
    ap.add_argument("--timeout", type=float, default=900.0, help="wall-clock limit per request (s)")
    ap.add_argument("--out", default=str(ROOT / "benchmarks/.cache/requests"), help="session folders (one per id)")
    ap.add_argument("--result", default=None, help="JSON result (default benchmarks/results/"
                    "requests.json, or requests_plan.json with --plan-only)")
    ap.add_argument("--plan-only", action="store_true", help="parse, compile and fidelity-check only")
    ap.add_argument("--combine", nargs="+", default=None, metavar="RESULT",
                    help="no run: one figure over the rows of these result files (a later file's row of an id "
                         "replaces an earlier one), for the selected requests; written to --result")
    ap.add_argument("--resume", action="store_true", help="keep the rows already in --result (same backend and "
                    "preset), skip their ids, and rewrite the file after each request (runs in chunks)")
    args = ap.parse_args(argv)

    entries = load_suite(which=args.which)
    args.suite_size = len(load_suite())  # read once: the suite file may change while the requests run
    if args.ids:
        unknown = sorted(set(args.ids) - {e.id for e in entries})
        if unknown:
            print(f"error: unknown request id(s) in set {args.which}: {', '.join(unknown)}", file=sys.stderr)
            return 2
        entries = [e for e in entries if e.id in set(args.ids)]
    if args.quantities:  # the estimand requests of the catalogue
        entries = [e for e in entries if e.expected.get("quantities") and not _beyond(e)]
    if args.beyond:
        entries = [e for e in entries if _beyond(e)]
    if args.limit is not None:
        entries = entries[:max(args.limit, 0)]
    if not entries:
        print("error: no request selected", file=sys.stderr)
        return 2
    if args.combine:
        res = combine([Path(f) for f in args.combine], entries, args)
        write_json(args.result or ROOT / "benchmarks/results/requests_combined.json", res)
        print(json.dumps({k: v for k, v in res.items() if k not in ("requests", "provenance")}, indent=1))
        return 0
    if args.plan_only:
        res = plan_only(entries, args.preset)
        for r in res["rows"]:
            if not r["planned_as_asked"]:
                print(f"{r['id']} ({r['set']}): {r['request']}" + "".join(f"\n    - {x}" for x in r["shortfalls"]))
        res["command"] = ".venv/bin/python benchmarks/requests.py " + " ".join(argv if argv is not None else sys.argv[1:])
        write_json(args.result or ROOT / "benchmarks/results/requests_plan.json", {**res, "provenance": provenance()})
        print({k: v for k, v in res.items() if k != "rows"})
        return 0
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    result_path = Path(args.result or ROOT / "benchmarks/results/requests.json")
    try:
        rows, commands = _earlier_rows(result_path, args) if args.resume else ([], [])
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    done = {r["id"] for r in rows}
    todo = [e for e in entries if e.id not in done]
    commands.append("flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/requests.py "
                    + " ".join(argv if argv is not None else sys.argv[1:]))
    for i, entry in enumerate(todo, 1):
        print(f"[{i}/{len(todo)}] {entry.id}: {entry.request}", flush=True)
        row = run_one(entry, out, args.backend, args.preset, args.timeout)
        rows.append(row)
        verdict = "served" if row["served"] else "NOT served"
        print(f"    {verdict} · exit {row['exit']} · {row['wall_s']} s"
              + "".join(f"\n    - {s}" for s in row["shortfalls"]), flush=True)
        if args.resume:  # a chunk cut short keeps what it ran
            _write_result(result_path, rows, args, commands)
    result = _write_result(result_path, rows, args, commands)
    print(json.dumps(result["summary"], indent=1))
    return 0


def combine(paths: list[Path], entries: list[SuiteEntry], args: argparse.Namespace) -> dict[str, Any]:
    """One figure over earlier runs (same backend and preset) of the selected requests; the
    selected requests no file ran are listed, never counted as served."""
    rows: dict[str, dict[str, Any]] = {}
    wanted = {e.id: e for e in entries}
    for path in paths:
        doc = json.loads(_read_text(path) or "{}")
        if doc.get("backend") != args.backend or doc.get("preset") != args.preset:
            raise SystemExit(f"error: {path} holds backend {doc.get('backend')} / preset {doc.get('preset')}")
        for r in doc.get("requests") or []:
            if r.get("id") in wanted:
                rows[r["id"]] = {**r, "set": wanted[r["id"]].set, "from": path.name}  # the suite's set today
    ordered = [rows[e.id] for e in entries if e.id in rows]
    by_set = {w: [r for r in ordered if r["set"] == w] for w in ("dev", "holdout")}
    return {"benchmark": "requests: earlier runs combined", "backend": args.backend, "preset": args.preset,
            "selected": len(entries), "run": len(ordered), "not_run": [e.id for e in entries if e.id not in rows],
            "summary": summarise(ordered),
            "served_by_set": {w: f"{sum(r['served'] for r in v)}/{len(v)}" for w, v in by_set.items()},
            # the issue-26 additions (ids dev-q-*, hold-q-*, hold-q2-*), apart from older entries given quantities later
            "estimand_requests": _served_of([r for r in ordered if re.match(r"(dev|hold)-q2?-", r["id"])]),
            "estimand_requests_holdout": _served_of([r for r in ordered if re.match(r"(dev|hold)-q2?-", r["id"])
                                                     and r["set"] == "holdout"]),
            "files": [str(p) for p in paths], "requests": ordered,
            "command": ".venv/bin/python benchmarks/requests.py " + " ".join(sys.argv[1:]),
            "provenance": provenance()}


def _served_of(rows: list[dict[str, Any]]) -> str:
    return f"{sum(r['served'] for r in rows)}/{len(rows)}"


def _earlier_rows(path: Path, args: argparse.Namespace) -> tuple[list[dict[str, Any]], list[str]]:
    """The rows and commands of an earlier run of the same backend and preset (resume), or none."""
    if not path.is_file():
        return [], []
    doc = json.loads(_read_text(path) or "{}")
    if doc.get("backend") != args.backend or doc.get("preset") != args.preset:
        raise ValueError(f"{path} holds a run with backend {doc.get('backend')} and preset {doc.get('preset')}, "
                         f"not {args.backend} / {args.preset}: give another --result")
    cmds = doc.get("commands") or ([doc["command"]] if doc.get("command") else [])
    return list(doc.get("requests") or []), list(cmds)


def _write_result(path: Path, rows: list[dict[str, Any]], args: argparse.Namespace, commands: list[str]) -> dict[str, Any]:
    by_set = {w: [r for r in rows if r["set"] == w] for w in ("dev", "holdout")}
    result = {
        "benchmark": "requests: the public request suite served end to end",
        "set": args.which, "backend": args.backend, "preset": args.preset, "timeout_s": args.timeout,
        "partial": len(rows) < args.suite_size, "summary": summarise(rows),
        "served_by_set": {w: f"{sum(r['served'] for r in v)}/{len(v)}" for w, v in by_set.items()},
        "requests": rows,
        "served_rule": "exit 0 and the report opens with prose (not a list) that carries a number and >= 8 plain "
                       "words; a quantity request also needs every asked quantity answered in analysis.json",
        "command": commands[-1], "commands": commands,
        "provenance": provenance(cpus=os.cpu_count()),
    }
    write_json(path, result)
    return result


if __name__ == "__main__":
    sys.exit(main())
