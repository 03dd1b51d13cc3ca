"""The session report: it opens with the answer, then what was asked vs run, key figures, caveats.

Layout, inside the session workspace:
  report/report.md        the report; each number written `VALUE [↗](PATH#/JSON/POINTER)`
  report/analysis.json    numbers derived for the answer (means over seeds, errors, differences)
  report/report.json      spec, plan, changes, facts (value, artifact, pointer, call, sha256), figures
  report/tool_calls.json  every tool call of the session (arguments, outputs, timing)
  report/figures/         copies of the plots the tools made

Everything is written through `tools.workspace` (no symlink a job planted is ever followed) and
recorded with its sha256 in the workspace manifest, so `review` can trust it. Every string a
model or a job wrote (summaries, remarks, goals, notes, labels, file names, errors) goes through
`agents.model_text`: no link, image or HTML but the writer's own citations, a model's numbers
re-cited or '[?]'; what a model wrote is recorded, as shown, in report.json (`model_text`).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from agents.answers import Answer, answer, vet_model_words
from agents.llm.base import Backend, LLMError, Usage
from agents.model_text import cite_numbers, for_report, plain  # noqa: F401 - cite_numbers: re-exported
from agents.planner import asked_vs_run
from agents.provenance_refs import REF, display, numbers, pointer
from agents.reviewer_checks import read_inside, strings
from agents.state import AgentState, ToolCallRecord
from agents.toolbox import ToolBox
from tools.workspace import (
    copy_file,
    ensure_dir,
    file_sha256,
    is_plain_file,
    provenance,
    write_json_file,
    write_text_file,
)

# leaf names that are bookkeeping, not results
SKIP = {"seed", "seeds", "workers", "epoch", "epochs", "step", "steps", "batch_size", "pid", "exit_code",
        "version", "n_workers", "lr", "weight_decay", "start", "end", "created", "bytes", "codebook_size",
        "n_seeds", "dim", "n_blocks", "n_heads", "mlp_ratio", "max_len", "n_classes", "best_epoch", "epochs_run"}
# subtrees that hold settings and bookkeeping, not results
SKIP_TREES = {"config", "train_config", "meta", "provenance", "args", "history", "files", "data", "env",
              "cfg", "settings", "options", "inputs", "gpt_config", "fingerprint", "definitions"}
MAX_PER_SOURCE = 60
_SAFE_PATH = re.compile(r"[\w./+-]+")  # an artifact path a citation can carry as it is (no markdown in it)
REPORT = "report"


@dataclass
class Fact:
    label: str
    value: float
    shown: str
    artifact: str  # path relative to the report directory
    pointer: str
    call_id: str
    step: int
    attempt: int
    sha256: str = ""

    def ref(self) -> str:
        return f"{self.shown} [↗]({self.artifact}#{self.pointer})"


_TAGS = ("strategy", "method", "name", "process", "class", "n_train", "size", "fraction", "signal_fraction", "seed")


def label_of(doc: Any, parts: list[str | int]) -> str:
    """A readable name: the last keys, with list items named by their identifying fields
    (e.g. `table[finetune, n_train=100, seed=0].accuracy_mean` instead of `table.0.accuracy_mean`),
    and the entry of a `per_*` mapping kept (`QCD.jet.mass.width`, not `jet.mass.width` twice)."""
    segs: list[str] = []
    cur = doc
    for p in parts:
        if isinstance(p, int):
            item = cur[p] if isinstance(cur, list) else None
            tags = [f"{item[t]}" if isinstance(item[t], str) else f"{t}={item[t]}" for t in _TAGS if t in item] \
                if isinstance(item, dict) else []
            tag = f"[{', '.join(tags)}]" if tags else f"[{p}]"
            if segs:
                segs[-1] += tag
            else:
                segs.append(tag)
        else:
            segs.append(str(p))
        cur = cur[p] if isinstance(cur, dict | list) else None
    start = max(0, len(segs) - 3)
    named = [i for i in range(1, start + 1) if segs[i - 1].startswith("per_")]  # the class (method, ...) it is of
    return ".".join(segs[named[-1] if named else start:])


def _keep(parts: list[str | int]) -> bool:
    leaf = str(parts[-1]).lower() if parts else ""
    if not parts or any(str(p).lower() in SKIP_TREES for p in parts[:-1]):
        return False
    return leaf not in SKIP and not leaf.endswith(("_s", "_time", "time_s", "_seconds"))


def result_calls(state: AgentState) -> list[ToolCallRecord]:
    """Every successful call of every attempt (earlier attempts' results are kept)."""
    return [c for c in state.calls if c.ok]


def collect_facts(state: AgentState, workspace: Path) -> list[Fact]:
    facts: list[Fact] = []
    seen: set[tuple[str, str]] = set()
    for c in result_calls(state):
        sources: list[tuple[str, Any, list[str | int], str]] = []
        for v in dict.fromkeys(strings(c.output)):
            if v.endswith(".json") and _SAFE_PATH.fullmatch(v) and (doc := read_inside(workspace, v)):
                sources.append((f"../{v}", doc, [], file_sha256(workspace, v)))
        sources.append(("tool_calls.json", c.output, [c.id, "output"], ""))
        for artifact, doc, prefix, sha in sources:
            n = 0
            for parts, value in numbers(doc):
                key = (artifact, pointer([*prefix, *parts]))
                if not _keep(parts) or n >= MAX_PER_SOURCE or key in seen or \
                        (artifact == "tool_calls.json" and any(f.call_id == c.id and f.value == value for f in facts)):
                    continue  # the same quantity in a tool's output and its metrics file: cite the file
                seen.add(key)
                n += 1
                facts.append(Fact(label=label_of(doc, parts), value=value, shown=display(value), artifact=artifact,
                                  pointer=key[1], call_id=c.id, step=c.step, attempt=c.attempt, sha256=sha))
    return facts


def _copy_figures(sources: list[str], state: AgentState, workspace: Path) -> list[dict[str, str]]:
    figs = []
    owner = {v: c for c in result_calls(state) for v in strings(c.output)}
    for v in dict.fromkeys(sources):
        c = owner.get(v)
        if not v.lower().endswith(".png") or c is None or not is_plain_file(workspace, v):
            continue
        dest = f"figures/{_ident(c.id)}-{_ident(Path(v).name)}"  # names a job chose: inert
        try:
            copy_file(workspace, v, f"{REPORT}/{dest}", max_bytes=20 << 20)
        except (OSError, ValueError):
            continue  # a planted link or an oversized file is not copied into the report
        figs.append({"path": dest, "source": v, "call_id": c.id, "step": str(c.step),
                     "sha256": file_sha256(workspace, f"{REPORT}/{dest}")})
    return figs


def _ident(text: str) -> str:
    """An id or file name a model or job chose, as characters that cannot build markdown."""
    return re.sub(r"[^\w.:+-]", "_", str(text))[:120] or "_"


class _Words:
    """Text from outside this code on its way into the report (`agents.model_text`). What it
    shows is kept in `said` (report.json's `written`): the sentences `review` takes as the
    session's own, so it must hold only what went through the filter."""

    def __init__(self, backend: Backend, given: list[str]) -> None:
        self.model = backend.name != "offline"  # the offline backend's words are this code's own
        self.given = given  # the cited lines the model was shown
        self.said: list[str] = []

    def __call__(self, text: str, given: list[str] | None = None) -> tuple[str, int]:
        """A model's words: inert, its numbers re-cited or '[?]' (the offline backend's: inert)."""
        if not self.model:
            return self.ours(text), 0
        out, dropped = for_report(text, self.given if given is None else given)
        self.said.append(out)
        return out, dropped

    def ours(self, text: Any) -> str:
        """This code's sentence, which may quote a job or a model (a file name, an error): inert."""
        out = plain(text)
        if any(ch.isdigit() for ch in out):
            self.said.append(out)
        return out


def _opening(state: AgentState, ans: Answer, facts: list[Fact], backend: Backend, L: list[str],
             say: _Words) -> None:
    L += ["## Answer", ""]
    if ans.sentences:
        L += [" ".join(ans.sentences), ""]
    # the model words the answer; with no computed answer (a plan of its own) it reads the numbers
    given = ans.sentences or _fact_lines(facts)
    try:
        words = backend.summarise(state.request, given) if backend.name != "offline" else None
    except LLMError as e:
        words = None
        L += [f"> the model's summary is unavailable: {say.ours(e)}", ""]
    if words:
        kept, dropped = say(words, given)
        vetted, why = vet_model_words(kept, given, ans.derived)  # each number stands for what it is cited as
        if vetted is None:
            ans.derived.setdefault("model_words", {})["dropped"] = why
            L += [f"> the model's paragraph was dropped: {say.ours(why)}.", ""]
        else:
            L += [f"_In the model's words:_ {kept}", ""]
        if dropped:
            L += [f"> {dropped} number(s) in the model's text match no number it was given and were removed.", ""]
    elif not ans.sentences:
        L += ["No answer could be computed: " + say.ours(state.stop_reason or "the steps produced no result for the question") + ".", ""]


def _fact_lines(facts: list[Fact]) -> list[str]:
    """The facts as the model is given them: `label = value [↗](artifact#pointer)`."""
    return [f"{f.label} = {f.ref()}" for f in facts]


def _reviewer_words(text: str, backend: Backend, ans: Answer, facts: list[Fact]) -> str:
    """The reviewer's critique; a model's numbers are cited like the summary's, or removed."""
    return _remark(text, _Words(backend, ans.sentences + _fact_lines(facts)))


def _remark(text: str, say: _Words) -> str:
    kept, dropped = say(text)
    if not say.model:
        return f"reviewer: {kept}"
    return f"_reviewer (the model's words):_ {kept}" + \
        (f" ({dropped} number(s) matching no artifact removed)" if dropped else "")


def _steps(state: AgentState, say: _Words, goal_words: list[str]) -> list[str]:
    """The Steps section: each goal (a model's plan is checked against the request and the plan's
    own settings), its reviews and remarks, and the summary of its last attempt."""
    L = ["## Steps", ""]
    ours = _our_goals(state)
    for i, step in enumerate(state.plan.steps if state.plan else []):
        reviews = [r for r in state.reviews if r.step == i]
        verdict = reviews[-1].verdict if reviews else "not reached"
        goal = say.ours(step.goal) if step.goal in ours else say(step.goal, goal_words)[0]
        L.append(f"{i + 1}. {goal} — **{say.ours(verdict)}** after {len(reviews)} review(s)")
        for r in reviews:
            if r.verdict == "revise" and r.remedy is not None:
                asked = "; ".join(say(q, goal_words)[0] for q in r.requests)
                L.append(f"   - attempt {r.attempt + 1} sent back ({asked}); revision: {say.ours(r.remedy.describe())}")
        if reviews and reviews[-1].critique:
            L.append("   - " + _remark(reviews[-1].critique, say))
        results = [r for r in state.results if r.step == i]
        if results and results[-1].summary.strip():  # this code's own summary is not filtered as a model's words
            last = results[-1]
            L.append(f"   - {say.ours(last.summary.strip()) if last.author == 'code' else say(last.summary.strip())[0]}")
    return [*L, ""]


def write_report(state: AgentState, toolbox: ToolBox, backend: Backend) -> tuple[str, Usage]:
    """Write report.md, report.json and the files beside them; returns the report's path and the
    model use of writing it (the summary), which the totals in the report already include."""
    workspace = Path(toolbox.workspace)
    ensure_dir(workspace, REPORT)
    calls_doc = {c.id: c.model_dump() for c in state.calls}
    write_json_file(workspace, f"{REPORT}/tool_calls.json", calls_doc)
    ans = answer(state, workspace)
    write_json_file(workspace, f"{REPORT}/analysis.json", ans.derived)
    facts = collect_facts(state, workspace)
    figs = _copy_figures(ans.figures, state, workspace)
    every = [v for c in result_calls(state) for v in strings(c.output) if v.lower().endswith(".png")]
    more = _copy_figures([v for v in every if v not in ans.figures], state, workspace)
    plan, spec = state.plan, state.spec
    say = _Words(backend, ans.sentences + _fact_lines(facts))
    status = "stopped: " + say.ours(state.stop_reason) if state.stop_reason else "completed"
    L: list[str] = [f"# {say(plan.title, _goal_words(state))[0] if plan else 'Session report'}", "",
                    f"**Request:** {plain(state.request, 10_000)}", ""]
    _opening(state, ans, facts, backend, L, say)
    L += [f"Session `{_ident(state.session_id)}` · backend `{_ident(backend.name)}` · {status}", ""]
    if spec and plan and not spec.tasks:
        L += ["The request names no analysis family the planner knows; the model planned the steps itself.", ""]
    elif spec and plan and spec.beyond_catalogue:
        L += [f"The request asks what no catalogue plan carries ({plain('; '.join(spec.beyond_catalogue))}); the model "
              "planned the steps itself.", ""]
    elif spec and plan:
        L += ["## Asked → run", "", "| quantity | asked | run |", "|---|---|---|"]
        L += [f"| {plain(q)} | {plain(a)} | {plain(r)} |" for q, a, r in asked_vs_run(spec, plan)]
        L += [""] + ([f"- changed: {say.ours(c)}" for c in plan.changes] or ["Every stated value was used as given."]) + [""]
        L += [f"- spec: {say.ours(n)}" for n in state.spec_notes] + ([""] if state.spec_notes else [])
    if figs:
        L += ["## Key figures", ""]
        for f in figs:
            L += [f"![{plain(Path(f['source']).name)}]({f['path']})",
                  f"_{plain(f['source'])} (tool call `{_ident(f['call_id'])}`)_", ""]
    L += ["## Caveats", ""] + _caveats(state, ans, say) + [""]
    if plan:
        L += _steps(state, say, _goal_words(state))
    body_end = len(L)
    usage = backend.take_usage()
    counters = state.counters.plus(usage).model_dump()
    L += _appendix(state, ans, facts, more, counters)
    write_json_file(workspace, f"{REPORT}/report.json", {
        "session": state.session_id, "request": state.request, "status": "stopped" if state.stop_reason else "done",
        "stop_reason": state.stop_reason, "spec": spec.model_dump() if spec else None,
        "plan": plan.model_dump() if plan else None, "answer": ans.sentences, "caveats": ans.caveats,
        "body_numbers": sum(len(REF.findall(line)) for line in L[:body_end]),
        "facts": [asdict(f) for f in facts], "figures": figs + more, "counters": counters,
        "reviews": [r.model_dump() for r in state.reviews], "written": say.said,
        "provenance": provenance(backend=backend.name),
    })
    write_text_file(workspace, f"{REPORT}/report.md", "\n".join(L) + "\n")
    _record(toolbox, [f"{REPORT}/{n}" for n in ("tool_calls.json", "analysis.json", "report.json", "report.md")]
            + [f"{REPORT}/{f['path']}" for f in figs + more])
    return str(workspace / REPORT / "report.md"), usage


def _our_goals(state: AgentState) -> set[str]:
    """The goals this code writes, made again from the spec and the plan: the agent-written
    step's (its data layout '(jets, constituents, 3)' was shown as '[?]', filtered as a model's
    words). A goal that differs from them in one character is filtered as before."""
    from agents.measures import agent_written

    return {s.goal for s in agent_written.steps(state.spec, state.plan)} if state.spec and state.plan else set()


def _goal_words(state: AgentState) -> list[str]:
    """What a model's plan text may take its numbers from: the request, the spec, the plan's
    settings and its typed calls (a goal's "1000 labels" is one of them, never a result)."""
    plan, spec = state.plan, state.spec
    calls = [c.model_dump(mode="json") for s in (plan.steps if plan else []) for c in s.calls]
    return [state.request, json.dumps(spec.model_dump(mode="json") if spec else {}, default=str),
            json.dumps(plan.params if plan else {}, default=str), json.dumps(calls, default=str)]


def _appendix(state: AgentState, ans: Answer, facts: list[Fact], more: list[dict[str, str]],
              counters: dict[str, Any]) -> list[str]:
    L = ["## Appendix", ""]
    for t in ans.tables:
        L += [t, ""]
    if more:
        L += ["### All figures", ""]
        L += [f"![{plain(Path(f['source']).name)}]({f['path']}) _{plain(f['source'])}_" for f in more] + [""]
    L += ["### All numbers", "", "| made in | quantity | value | tool call |", "|---|---|---|---|"]
    L += [f"| step {f.step + 1}, attempt {f.attempt + 1} | {plain(f.label)} | {f.ref()} | `{_ident(f.call_id)}` |"
          for f in facts] or ["(none)"]
    budget = [("tool calls", "tool_calls"), ("tool time (s)", "tool_wall_s"), ("agent time (s)", "agent_wall_s"),
              ("GPU time (s)", "gpu_s"), ("LLM calls", "llm_calls"), ("prompt tokens", "prompt_tokens"),
              ("completion tokens", "completion_tokens"), ("time in the model (s)", "model_s"),
              ("cost (USD)", "cost_usd")]
    L += ["", "### Budget", "", "| counter | value |", "|---|---|"]
    L += [f"| {name} | {display(counters[k])} [↗](report.json#/counters/{k}) |" for name, k in budget]
    # the error's kind only: its message (a script's stderr, a model's arguments) is in tool_calls.json
    L += ["", "### Tool calls", "", "(`manifest`: the call's id in the workspace manifest, `.omnijet/manifest.json`;"
          " errors in full in tool_calls.json)", "",
          "| id | tool | ok | wall (s) | manifest |", "|---|---|---|---|---|"]
    L += [f"| `{_ident(c.id)}` | {_ident(c.tool)} | {'yes' if c.ok else 'no: ' + _ident(getattr(c.error, 'kind', 'error'))} | "
          f"{display(c.wall_s)} [↗](tool_calls.json#{pointer([c.id, 'wall_s'])}) | `{_ident(c.call_id or '-')}` |"
          for c in state.calls]
    return L


def _record(toolbox: ToolBox, paths: list[str]) -> None:
    """The report's files, hashed in the workspace manifest (what `review` trusts)."""
    record = getattr(toolbox, "record_trusted", None)
    if record is not None:
        record(paths)


def _caveats(state: AgentState, ans: Answer, say: _Words) -> list[str]:
    """The answer's caveats, then the checks of each step's last review that did not pass."""
    out = [f"- {say.ours(c)}" for c in ans.caveats]
    seen: set[str] = set()
    for r in {r.step: r for r in state.reviews}.values():  # the last review of each step
        for c in r.checks:
            if c.passed or c.message in seen:
                continue
            seen.add(c.message)
            message = say.ours(c.message)  # the deterministic checks' own words, quoting jobs
            if c.kind == "finding":
                out.append(f"- **Finding** (step {r.step + 1}): {message}" +
                           (f" — {say.ours(c.interpretation)}" if c.interpretation else ""))
            elif c.kind == "limitation":
                out.append(f"- Limitation (step {r.step + 1}): {message}")
            else:
                out.append(f"- **Open defect** (step {r.step + 1}): {message}")
    if state.stop_reason:
        out.append(f"- The session stopped early: {say.ours(state.stop_reason)}")
    return out or ["- none"]
