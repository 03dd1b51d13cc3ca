"""The offline backend: a deterministic parser, coder and reviewer that needs no model.

It reads the request into an `AnalysisSpec` (offline_parse); the planner compiles the spec
into steps; the coder runs each step's calls (agents.steps), sized by the plan and by the
reviewer's typed `Remedy` (more epochs / jets / events / seeds). A request outside the
families raises `NeedsLLM`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from agents.configuration import Settings
from agents.llm.base import Action, NeedsLLM, Usage
from agents.llm.offline_parse import parse_spec
from agents.planner import compile_checked
from agents.spec import AnalysisSpec
from agents.state import (
    AgentState,
    Check,
    PendingCall,
    Plan,
    Remedy,
    Review,
    ReviewOut,
    ToolCallRecord,
)
from agents.steps import BACKBONE_SUFFIX, RECIPES

NEEDS_LLM = (
    "the offline backend cannot serve this request; it knows: generate data, tokenizer training "
    "and token quality, pretraining + generation, fine-tuning scans vs from scratch, anomaly "
    "detection, and reviewing a report. Anything else needs an LLM endpoint: --backend local (after "
    "`omnijet-agent llm setup`) or --backend openai with --base-url/OMNIJET_LLM_BASE_URL or OPENAI_API_KEY."
)


def remedy_for(state: AgentState) -> Remedy:
    """What this attempt changes: the remedies of the reviews of this step so far, in turn."""
    r = Remedy()
    for rev in state.reviews:
        if rev.step == state.step and rev.attempt < state.attempt and rev.remedy is not None:
            r = r.then(rev.remedy)
    return r


def latest_outputs(state: AgentState) -> dict[str, str]:
    """Where later steps find the backbone and the tokenizer (a revision writes new folders):
    the latest successful pretraining, and the first tokenizer of the latest tokenizer attempt."""
    out: dict[str, str] = {}
    earlier = [c for c in state.calls if c.ok and c.step < state.step and isinstance(c.args, dict)]
    for c in earlier:
        if c.tool == "pretrain":
            # one GPT per seed, tokenizer or backbone compared (agents.steps.gpt_runs): their folder
            out["_backbone_dir"] = BACKBONE_SUFFIX.sub("", re.sub(r"/(\w+_\d+_)?seed\d+$|/\w+_\d+$", "", str(c.args["out"])))
    tok = [c for c in earlier if c.tool == "train_tokenizer"]
    if tok:
        last = max(c.attempt for c in tok)
        out["_tokenizers"] = [f"{c.args['out']}/best.pt" for c in tok if c.attempt == last]
        out["_tokenizer"] = out["_tokenizers"][0]
    return out


class OfflineBackend:
    name = "offline"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def take_usage(self) -> Usage:
        return Usage()

    def can_revise(self, state: AgentState, review: Review) -> bool:
        """Only when the remedy changes what the next attempt runs (else it would repeat itself)."""
        return review.remedy is not None and not review.remedy.is_noop()

    def spec(self, request: str) -> AnalysisSpec:
        spec = parse_spec(request)
        if not spec.tasks:
            raise NeedsLLM(NEEDS_LLM)
        if spec.beyond_catalogue:
            raise NeedsLLM(f"no offline plan carries {'; nor '.join(spec.beyond_catalogue)}. A model backend's coder "
                           "can work beyond the catalogue in the sandbox: --backend local or --backend openai")
        if spec.tasks == ["review"] and not spec.report:
            raise NeedsLLM("name the report to review, e.g. 'review runs/x/report/report.md'")
        return spec

    def plan(self, request: str, tools: list[dict[str, Any]], spec: AnalysisSpec | None = None) -> Plan:
        spec = spec or self.spec(request)
        return compile_checked(spec, self.settings.preset, {t["function"]["name"] for t in tools})

    def act(self, state: AgentState, tools: list[dict[str, Any]], workspace: Path) -> Action:
        assert state.plan is not None
        step = state.plan.steps[state.step]
        assert step.recipe is not None, "offline plans are compiled"
        recipe = RECIPES[step.recipe]
        done = state.step_calls(attempt=state.attempt)
        remedy = remedy_for(state)
        if not done:
            params = {**state.plan.params, **latest_outputs(state)}
            calls = [(c.tool, c.args()) for c in recipe.calls(params, remedy, workspace)]
            if state.attempt > 0:  # a revision re-runs only what changes (finished identical calls stay)
                finished = [(c.tool, c.args) for c in state.step_calls() if c.ok and c.attempt < state.attempt]
                calls = [c for c in calls if c not in finished]
            if calls:
                return Action(calls=[PendingCall(id=f"c{i}", tool=t, args=a) for i, (t, a) in enumerate(calls)])
        return Action(summary=recipe.summary(state.plan.params, remedy, done, workspace), author="code")

    def critique(self, state: AgentState, calls: list[ToolCallRecord], checks: list[Check], workspace: Path) -> ReviewOut | None:
        assert state.plan is not None
        step = state.plan.steps[state.step]
        recipe = RECIPES[step.recipe] if step.recipe else None
        return recipe.review(state.plan.params, calls, workspace) if recipe and recipe.review else None

    def summarise(self, request: str, facts: list[str]) -> str | None:
        return None  # the report's answer is computed from the results (agents.answers)
