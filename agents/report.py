"""The session report: report.md + report.json + figures, every number referencing its artifact.

Layout, inside the session workspace:
  report/report.md        the report; each number written `VALUE [↗](PATH#/JSON/POINTER)`
  report/report.json      facts (value, artifact, pointer, tool call, sha256), figures, counters
  report/tool_calls.json  every tool call of the session (arguments, outputs, timing)
  report/figures/         copies of the plots the tools made
"""

from __future__ import annotations

import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from agents.llm.base import Backend, LLMError
from agents.provenance_refs import display, load_json, numbers, pointer
from agents.reviewer_checks import strings
from agents.state import AgentState, ToolCallRecord
from agents.toolbox import ToolBox
from omnijet.utils import provenance, sha256_file, write_json

# leaf names that are bookkeeping, not results
SKIP = {"seed", "seeds", "workers", "epoch", "epochs", "step", "steps", "batch_size", "pid", "exit_code",
        "version", "n_workers", "lr", "weight_decay", "start", "end", "created", "bytes", "codebook_size"}
# subtrees that hold settings and bookkeeping, not results
SKIP_TREES = {"config", "train_config", "meta", "provenance", "args", "history", "files", "data", "env",
              "cfg", "settings", "options", "inputs"}
KEY = ("auc", "accuracy", "acc", "max_sic", "sic", "rejection", "w1", "loss", "val_loss", "usage",
       "perplexity", "resolution", "n_jets", "jets_per_s", "classifier_test_auc")
MAX_PER_SOURCE = 40


@dataclass
class Fact:
    label: str
    value: float
    shown: str
    artifact: str  # path relative to the report directory
    pointer: str
    call_id: str
    step: int
    sha256: str = ""

    def ref(self) -> str:
        return f"{self.shown} [↗]({self.artifact}#{self.pointer})"


_TAGS = ("strategy", "method", "name", "process", "class", "n_train", "size", "fraction", "signal_fraction")


def label_of(doc: Any, parts: list[str | int]) -> str:
    """A readable name: the last keys, with list items named by their identifying fields
    (e.g. `table[finetune, n_train=100].accuracy_mean` instead of `table.0.accuracy_mean`)."""
    out: list[str] = []
    cur = doc
    for p in parts:
        if isinstance(p, int) and isinstance(cur, list) and isinstance(cur[p], dict):
            item = cur[p]
            tags = [f"{item[t]}" if isinstance(item[t], str) else f"{t}={item[t]}" for t in _TAGS if t in item]
            out.append(f"[{', '.join(tags)}]" if tags else f"[{p}]")
        else:
            out.append(f"[{p}]" if isinstance(p, int) else f".{p}")
        cur = cur[p] if isinstance(cur, dict | list) else None
    text = "".join(out).lstrip(".")
    keys = text.split(".")
    return ".".join(keys[-3:])


def _keep(parts: list[str | int]) -> bool:
    leaf = str(parts[-1]).lower() if parts else ""
    if not parts or any(str(p).lower() in SKIP_TREES for p in parts[:-1]):
        return False
    return leaf not in SKIP and not leaf.endswith(("_s", "_time", "time_s", "_seconds"))


def final_calls(state: AgentState) -> list[ToolCallRecord]:
    """What the results rest on: the successful latest calls of every step."""
    steps = sorted({c.step for c in state.calls})
    return [c for s in steps for c in state.latest_calls(s) if c.ok]


def collect_facts(state: AgentState, workspace: Path, report_dir: Path) -> list[Fact]:
    facts: list[Fact] = []
    seen: set[tuple[int, str, str]] = set()
    rel = Path("tool_calls.json")
    for c in final_calls(state):
        sources: list[tuple[str, Any, list[str | int], str]] = []
        for v in strings(c.output):
            if v.endswith(".json"):
                p = workspace / v
                if p.is_file() and p.stat().st_size < 5_000_000:
                    try:
                        sources.append((str(Path("..") / v), load_json(p), [], sha256_file(p)))
                    except ValueError:
                        pass
        sources.append((str(rel), c.output, [c.id, "output"], ""))
        for artifact, doc, prefix, sha in sources:
            n = 0
            for parts, value in numbers(doc):
                label = label_of(doc, parts)
                key = (c.step, label, display(value))
                if not _keep(parts) or n >= MAX_PER_SOURCE or key in seen:
                    continue  # the same quantity from a tool's output and its metrics file: cite the file
                seen.add(key)
                n += 1
                facts.append(Fact(label=label, value=value, shown=display(value), artifact=artifact,
                                  pointer=pointer([*prefix, *parts]), call_id=c.id, step=c.step, sha256=sha))
    return facts


def _figures(state: AgentState, workspace: Path, report_dir: Path) -> list[dict[str, str]]:
    figs = []
    (report_dir / "figures").mkdir(parents=True, exist_ok=True)
    for c in final_calls(state):
        for v in dict.fromkeys(strings(c.output)):
            if v.lower().endswith(".png") and (workspace / v).is_file():
                dest = report_dir / "figures" / f"{c.id}-{Path(v).name}"
                shutil.copyfile(workspace / v, dest)
                figs.append({"path": f"figures/{dest.name}", "source": v, "call_id": c.id, "step": str(c.step),
                             "sha256": sha256_file(dest)})
    return figs


def _key_facts(facts: list[Fact], k: int = 4) -> list[Fact]:
    key = [f for f in facts if any(w in f.label.lower() for w in KEY)]
    return (key or facts)[:k]


def write_report(state: AgentState, toolbox: ToolBox, backend: Backend) -> str:
    workspace = Path(toolbox.workspace)
    report_dir = workspace / "report"
    report_dir.mkdir(parents=True, exist_ok=True)
    calls_doc = {c.id: c.model_dump() for c in state.calls}
    write_json(report_dir / "tool_calls.json", calls_doc)
    facts = collect_facts(state, workspace, report_dir)
    figs = _figures(state, workspace, report_dir)
    counters = state.counters.model_dump()
    write_json(report_dir / "report.json", {
        "session": state.session_id, "request": state.request, "status": "stopped" if state.stop_reason else "done",
        "stop_reason": state.stop_reason, "plan": state.plan.model_dump() if state.plan else None,
        "facts": [asdict(f) for f in facts], "figures": figs, "counters": counters,
        "reviews": [r.model_dump() for r in state.reviews], "provenance": provenance(backend=backend.name),
    })
    plan = state.plan
    L: list[str] = [f"# {plan.title if plan else 'Session report'}", ""]
    L += [f"**Request:** {state.request}", "",
          f"Session `{state.session_id}` · backend `{backend.name}` · "
          f"{'stopped: ' + state.stop_reason if state.stop_reason else 'completed'}"
          + (f" · step(s) {', '.join(str(i + 1) for i in state.open_steps())} not accepted" if state.open_steps() else ""), ""]
    if plan and plan.params.get("note"):
        L += [f"> {plan.params['note']}", ""]
    summary = None
    lines = [f"- {f.label} (step {f.step + 1}): {f.ref()}" for f in facts]
    try:
        summary = backend.summarise(state.request, [f"{f.label} = {f.shown} (from {f.artifact}#{f.pointer})" for f in facts])
    except LLMError as e:
        summary = None
        L += [f"> summary by the model unavailable: {e}", ""]
    L += ["## Summary", ""]
    if summary:
        who = "computed by the offline backend from the results below" if backend.name == "offline" else \
            "written by the model; `review` checks its numbers against the results below"
        L += [summary, "", f"_({who})_", ""]
    if plan:
        for i in range(len(plan.steps)):
            reviews = [r for r in state.reviews if r.step == i]
            verdict = reviews[-1].verdict if reviews else "not reached"
            key = [f for f in _key_facts([f for f in facts if f.step == i])]
            nums = ", ".join(f"{f.label} = {f.ref()}" for f in key)
            L.append(f"- Step {i + 1}: {verdict} after {len(reviews)} review(s)" + (f"; {nums}" if nums else "") + ".")
        L.append("")
        L += ["## Steps", ""]
        for i, step in enumerate(plan.steps):
            L += [f"### Step {i + 1}: {step.goal}", ""]
            results = [r for r in state.results if r.step == i]
            if results:
                L += [results[-1].summary.strip() or "(no summary)", ""]
            for r in (r for r in state.reviews if r.step == i):
                failed = [c for c in r.checks if not c.passed]
                L.append(f"- review of attempt {r.attempt + 1}: **{r.verdict}**"
                         + (" — " + "; ".join(c.message for c in failed) if failed else "")
                         + (f" — model: {r.critique}" if r.critique else ""))
                L += [f"  - requested: {q}" for q in r.requests]
            step_facts = [f for f in facts if f.step == i]
            if step_facts:
                L += ["", "| quantity | value | tool call |", "|---|---|---|"]
                L += [f"| {f.label} | {f.ref()} | `{f.call_id}` |" for f in step_facts]
            step_figs = [f for f in figs if f["step"] == str(i)]
            for f in step_figs:
                L += ["", f"![{Path(f['source']).name}]({f['path']})", f"_{f['source']} (tool call `{f['call_id']}`)_"]
            L.append("")
    budget = [("tool calls", "tool_calls"), ("tool time (s)", "tool_wall_s"), ("agent time (s)", "agent_wall_s"),
              ("GPU time (s)", "gpu_s"), ("LLM calls", "llm_calls"), ("prompt tokens", "prompt_tokens"),
              ("completion tokens", "completion_tokens"), ("cost (USD)", "cost_usd")]
    L += ["## Budget", "", "| counter | value |", "|---|---|"]
    L += [f"| {name} | {display(counters[k])} [↗](report.json#/counters/{k}) |" for name, k in budget]
    L += ["", "## Tool calls", "", "(`manifest`: the call's id in the workspace manifest, `.omnijet/manifest.json`)", "",
          "| id | tool | ok | wall (s) | manifest |", "|---|---|---|---|---|"]
    L += [f"| `{c.id}` | {c.tool} | {'yes' if c.ok else 'no: ' + (c.error or '')[:80].replace('|', '/')} | "
          f"{display(c.wall_s)} [↗](tool_calls.json#{pointer([c.id, 'wall_s'])}) | `{c.ref or '-'}` |" for c in state.calls]
    L += ["", "## All numbers", ""] + (lines or ["(none)"]) + [""]
    out = report_dir / "report.md"
    from omnijet.utils import atomic_path

    with atomic_path(out) as tmp:
        tmp.write_text("\n".join(L))
    return str(out)
