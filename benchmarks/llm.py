"""Benchmark: the local model (`--backend local`) beside `offline` on the request suite.

For every request of the suite (tests/agents/requests.yaml, or --suite), both backends fill
the analysis spec: offline with its parser, local with the model over real HTTP (the openai
client code against the server on 127.0.0.1). Per backend it reports:

- planned: the spec names known tasks, compiles into a plan, and the plan carries every
  stated value (agents.planner.check_fidelity): the request would be served as asked;
- spec accuracy per field, by the suite's rules (tests/agents/request_suite.py), counting a
  request with no spec (an error, or offline's "needs an LLM") as wrong in every field;
- model seconds, calls and tokens per request (local), and the fields where the two disagree.

`local` is what the local backend serves (the parser's reading where the parser recognises the
request and the model reads it differently, the model's elsewhere); `local_model` is the
model's own reading, judged the same way;
- with --e2e-ids: those requests run end to end (`omnijet-agent run`, benchmarks/requests.py)
  through both backends: served = exit 0 and a report that opens with an answer.

Also: model load time and decode / prefill speed (one fixed request).

    flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/llm.py [--set all|dev|holdout]
        [--ids ID ...] [--limit N] [--threads N] [--e2e-ids ID ...] [--suite PATH]

Writes benchmarks/results/llm.json (`partial: true` unless the whole suite ran).
"""

from __future__ import annotations

import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import _common  # noqa: F401  (first: OpenMP threads, plots to files, the repository on sys.path)
from _common import ROOT, parser

from agents.configuration import load_settings
from agents.llm import local
from agents.llm.base import LLMError, NeedsLLM
from agents.planner import check_fidelity, compile_plan
from agents.spec import AnalysisSpec
from omnijet.errors import OmniJetError
from omnijet.utils import provenance, write_json
from tests.agents.request_suite import (
    NOT_COMPARED,
    ONLY_WHEN_EXPECTED,
    SUITE,
    SuiteEntry,
    load_suite,
    spec_mismatches,
)

FIELDS = [f for f in AnalysisSpec.model_fields if f not in NOT_COMPARED]


def planned(spec: AnalysisSpec | None) -> tuple[bool, str]:
    """Would the request be served as asked: known tasks, a compiled plan, fidelity held."""
    if spec is None or not spec.tasks:
        return False, "no spec with a known task"
    try:
        plan = compile_plan(spec, "tiny")
        problems = check_fidelity(spec, plan)
    except OmniJetError as e:
        return False, f"plan: {e}"
    except Exception as e:  # noqa: BLE001 - a planner crash is a result here (the session would crash too)
        return False, f"planner crashed: {type(e).__name__}: {e}"
    return (not problems), "; ".join(problems)


def judge(entry: SuiteEntry, spec: AnalysisSpec | None) -> dict[str, bool]:
    """Per field: right (True) or wrong (False); fields compared only when expected are left out
    when not expected."""
    fields = [f for f in FIELDS if f not in ONLY_WHEN_EXPECTED or f in entry.expected]
    if spec is None:
        return dict.fromkeys(fields, False)  # no spec: every field counts as wrong
    bad = {m.split(": ", 2)[1] for m in spec_mismatches(entry.id, entry.expected, spec.model_dump())}
    return {f: f not in bad for f in fields}


def speed(backend: Any) -> dict[str, float]:
    """Decode and prefill speed on one fixed request (from the server's own timings)."""
    srv = local.ensure_server(backend.settings.threads, backend.settings.n_ctx)
    import openai

    client = openai.OpenAI(base_url=srv.url, api_key=srv.api_key, timeout=600, max_retries=0)
    prompt = "List the planets of the solar system with one fact each. " * 4
    t0 = time.perf_counter()
    r = client.chat.completions.create(model=local.MODEL_ALIAS, max_tokens=64, temperature=0,
                                       messages=[{"role": "user", "content": prompt}])
    timings = (r.model_extra or {}).get("timings", {})
    return {"request_s": round(time.perf_counter() - t0, 2),
            "prompt_tokens": r.usage.prompt_tokens if r.usage else 0,
            "completion_tokens": r.usage.completion_tokens if r.usage else 0,
            "decode_tokens_per_s": round(float(timings.get("predicted_per_second", 0.0)), 2),
            "prefill_tokens_per_s": round(float(timings.get("prompt_per_second", 0.0)), 2)}


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__, brief=True)
    ap.add_argument("--suite", type=Path, default=SUITE, help="request suite with expected specs")
    ap.add_argument("--set", default="all", choices=["all", "dev", "holdout"])
    ap.add_argument("--ids", nargs="*", default=None)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--threads", type=int, default=None, help="model threads (default: up to 4)")
    ap.add_argument("--e2e-ids", nargs="*", default=[], help="requests to also run end to end, both backends")
    ap.add_argument("--e2e-timeout", type=float, default=900.0)
    ap.add_argument("--result", type=Path, default=ROOT / "benchmarks/results/llm.json")
    ap.add_argument("--resume", action="store_true", help="keep the requests already in --result, run the rest")
    args = ap.parse_args(argv)

    entries = load_suite(args.suite, args.set)
    if args.ids:
        entries = [e for e in entries if e.id in set(args.ids)]
    if args.limit:
        entries = entries[: args.limit]
    partial = bool(args.ids or args.limit or args.set != "all")
    if not local.is_set_up():
        print("the local model is not set up: run `omnijet-agent llm setup` (or `make llm`) first", file=sys.stderr)
        return 2

    from agents.llm.local_backend import LocalBackend
    from agents.llm.offline import OfflineBackend

    settings = load_settings(backend="local", env={**os.environ})
    if args.threads:
        settings = settings.with_(threads=args.threads)
    offline = OfflineBackend(load_settings(backend="offline", env={}))
    notes: list[str] = []
    loc = LocalBackend(settings, say=notes.append)
    t0 = time.perf_counter()
    srv = local.ensure_server(settings.threads, settings.n_ctx)
    load_s = time.perf_counter() - t0
    spd = speed(loc)
    print(f"model loaded in {load_s:.1f} s ({srv.threads} threads); decode {spd['decode_tokens_per_s']} tok/s, "
          f"prefill {spd['prefill_tokens_per_s']} tok/s", flush=True)

    def write(rows: list[dict[str, Any]], e2e: list[dict[str, Any]], partial: bool) -> None:
        write_json(args.result, {
            "benchmark": "llm", "command": "flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/llm.py "
                                          + " ".join(argv if argv is not None else sys.argv[1:]),
            "partial": partial or len(rows) < len(entries), "suite": str(args.suite), "model": local.MODEL_NAME,
            "sha256": local.MODEL_SHA256, "threads": srv.threads, "load_s": round(load_s, 2), "speed": spd,
            "tool_mode_notes": notes, "summary": summarise(rows, e2e), "requests": rows, "end_to_end": e2e,
            "provenance": provenance(),
        })

    rows: list[dict[str, Any]] = []
    if args.resume and args.result.is_file():
        import json

        ids = {e.id for e in entries}
        rows = [r for r in json.loads(args.result.read_text()).get("requests", []) if r["id"] in ids]
        print(f"resuming: {len(rows)} requests kept from {args.result}", flush=True)
    done = {r["id"] for r in rows}
    for i, e in enumerate(entries, 1):
        if e.id in done:
            continue
        row: dict[str, Any] = {"id": e.id, "set": e.set, "family": e.family, "request": e.request,
                               "expected": e.expected}
        for name, be in (("offline", offline), ("local", loc)):
            t1 = time.perf_counter()
            try:
                spec, error = be.spec(e.request), None
            except (NeedsLLM, LLMError, OmniJetError) as err:
                spec, error = None, str(err)[:300]
            usage = be.take_usage()
            ok, why = planned(spec)
            fields = judge(e, spec)
            row[name] = {"planned": ok, "why_not": None if ok else why, "error": error,
                         "spec": spec.model_dump(exclude={"question"}) if spec else None,
                         "fields_right": sum(fields.values()), "fields": len(fields),
                         "wrong": sorted(f for f, v in fields.items() if not v),
                         "wall_s": round(time.perf_counter() - t1, 2), "model_s": round(usage.model_s, 2),
                         "llm_calls": usage.llm_calls, "prompt_tokens": usage.prompt_tokens,
                         "completion_tokens": usage.completion_tokens}
            if name == "local":
                row[name]["notes"] = list(getattr(be, "spec_notes", []))
                # the model's own reading, before the parser's is preferred where the two differ
                raw = getattr(be, "model_spec", None) if error is None else None
                ok, why = planned(raw)
                fields = judge(e, raw)
                row["local_model"] = {**row[name], "planned": ok, "why_not": None if ok else why,
                                      "spec": raw.model_dump(exclude={"question"}) if raw else None,
                                      "fields_right": sum(fields.values()),
                                      "wrong": sorted(f for f, v in fields.items() if not v)}
        so, sl = row["offline"]["spec"], row["local_model"]["spec"]
        row["disagree"] = sorted(f for f in FIELDS if (so or {}).get(f) != (sl or {}).get(f)) if so and sl else None
        rows.append(row)
        lo = row["local"]
        print(f"[{i}/{len(entries)}] {e.id}: offline {'planned' if row['offline']['planned'] else 'not planned'} "
              f"wrong={row['offline']['wrong']} | local {'planned' if lo['planned'] else 'not planned'} "
              f"wrong={lo['wrong']} (the model's own reading: wrong={row['local_model']['wrong']}) "
              f"{lo['model_s']:.0f} s {lo['prompt_tokens']}+{lo['completion_tokens']} tok", flush=True)
        write(rows, [], partial=True)  # a run stopped early still leaves its figures (partial)
    local.stop_server()

    e2e: list[dict[str, Any]] = []
    if args.e2e_ids:
        from benchmarks.requests import run_one

        out = ROOT / "runs" / "bench-llm"
        for e in [x for x in load_suite(args.suite, "all") if x.id in set(args.e2e_ids)]:
            for name in ("offline", "local"):
                r = run_one(e, out / name, name, "tiny", args.e2e_timeout)
                e2e.append({"id": e.id, "backend": name, "served": r["served"], "wall_s": r["wall_s"],
                            "shortfalls": r["shortfalls"]})
                print(f"e2e {e.id} {name}: served={r['served']} {r['wall_s']:.0f} s {r['shortfalls'][:2]}", flush=True)

    write(rows, e2e, partial=partial)
    print(f"wrote {args.result}")
    return 0


def summarise(rows: list[dict[str, Any]], e2e: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"requests": len(rows)}
    for name in ("offline", "local", "local_model"):
        per_field: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in rows:
            wrong = set(r[name]["wrong"])
            for f in FIELDS:
                if f in ONLY_WHEN_EXPECTED and f not in r["expected"]:
                    continue  # preset: compared only where the suite expects it
                per_field[f][0] += f not in wrong
                per_field[f][1] += 1
        n = len(rows) or 1
        out[name] = {
            "planned_fraction": round(sum(r[name]["planned"] for r in rows) / n, 3),
            "spec_exact_fraction": round(sum(not r[name]["wrong"] and r[name]["spec"] is not None for r in rows) / n, 3),
            "field_accuracy": {f: round(a / b, 3) for f, (a, b) in per_field.items() if b},
            "model_s_per_request": round(sum(r[name]["model_s"] for r in rows) / n, 2),
            "prompt_tokens_per_request": round(sum(r[name]["prompt_tokens"] for r in rows) / n, 1),
            "completion_tokens_per_request": round(sum(r[name]["completion_tokens"] for r in rows) / n, 1),
            "llm_calls": sum(r[name]["llm_calls"] for r in rows),
        }
        runs = [x for x in e2e if x["backend"] == name]
        if runs:
            out[name]["e2e_served"] = f"{sum(x['served'] for x in runs)}/{len(runs)}"
    both = [r for r in rows if r["disagree"] is not None]
    out["disagreements"] = sum(bool(r["disagree"]) for r in both)
    return out


if __name__ == "__main__":
    sys.exit(main())
