"""The offline backend: a deterministic planner, coder and reviewer that needs no model.

It recognises the standard request families (offline_parse), plans them with fixed recipes
(offline_recipes) sized by the preset and the numbers in the request, and acts on the
reviewer's requests for real: "train longer" doubles the epochs of the step's training calls,
"more events" doubles the event counts. A request outside the families raises `NeedsLLM`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from agents.configuration import Settings
from agents.llm.base import Action, NeedsLLM, Usage
from agents.llm.offline_parse import family_of, parse_params
from agents.llm.offline_recipes import PRESETS, RECIPES, Scale
from agents.state import (
    AgentState,
    Check,
    PendingCall,
    Plan,
    PlanStep,
    Review,
    ReviewOut,
    ToolCallRecord,
)

_ACC = re.compile(r"^table\[(?P<strategy>[\w-]+), n_train=(?P<n>\d+)\]\.accuracy_mean = (?P<shown>\S+) \(from (?P<ref>\S+)\)$")
_HEAD = re.compile(r"^(?P<label>(?:headline\.\S+|classifier_auc)) = (?P<shown>\S+) \(from (?P<ref>\S+)\)$")

NEEDS_LLM = (
    "the offline backend cannot serve this request; it knows: generate data, tokenizer training "
    "and token quality, pretraining + generation, fine-tuning scans vs from scratch, anomaly "
    "detection, and reviewing a report. Configure an LLM endpoint (--backend openai with "
    "--base-url/OMNIJET_LLM_BASE_URL or OPENAI_API_KEY) for anything else."
)


def request_scale(requests: list[str]) -> Scale:
    """What the offline coder can do about a review: train longer, or use more events."""
    text = " ".join(requests).lower()
    s = Scale()
    if "train longer" in text or "double the epochs" in text:
        s.epochs = 2
    if "more background" in text or "more events" in text or "add seeds" in text or "more training data" in text:
        s.events = 2
    return s


def scale_for(state: AgentState) -> Scale:
    """How much bigger this attempt is, from the reviewer's requests for this step so far."""
    s = Scale()
    for r in state.reviews:
        if r.step == state.step and r.attempt < state.attempt:
            f = request_scale(r.requests)
            s.epochs *= f.epochs
            s.events *= f.events
    return s


class OfflineBackend:
    name = "offline"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def take_usage(self) -> Usage:
        return Usage()

    def can_revise(self, state: AgentState, review: Review) -> bool:
        """Only when the requests change what the next attempt runs (else it would repeat itself)."""
        f = request_scale(review.requests)
        return f.epochs > 1 or f.events > 1

    def plan(self, request: str, tools: list[dict[str, Any]]) -> Plan:
        family = family_of(request)
        if family is None:
            raise NeedsLLM(NEEDS_LLM)
        params = parse_params(request)
        preset = params.get("preset", self.settings.preset)
        p = {**PRESETS[preset], **{k: v for k, v in params.items() if k != "preset"}, "preset": preset}
        if family == "review" and "report" not in p:
            raise NeedsLLM("name the report to review, e.g. 'review runs/x/report/report.md'")
        if family == "pretrain" and len(p["processes"]) > 1:  # generated and reference jets: one class
            p["note"] = (f"offline plan: a single-class model ({p['processes'][0]}) so that generated and "
                         "reference jets are the same class, as in the paper's single-class results")
            p["processes"] = p["processes"][:1]
        available = {t["function"]["name"] for t in tools}
        text = {k: ", ".join(map(str, v)) if isinstance(v, list) else v for k, v in p.items()}  # for goals
        steps = []
        for recipe in RECIPES[family]:
            missing = [t for t in recipe.tools if t not in available]
            if missing:
                raise NeedsLLM(f"the offline recipe for '{family}' needs tool(s) {', '.join(missing)}, "
                               "which are not registered")
            steps.append(PlanStep(goal=recipe.goal.format(**text), tools=recipe.tools, budget=recipe.budget(p),
                                  acceptance=recipe.acceptance, expensive=recipe.expensive))
        title = RECIPES[family][0].title.format(**text) if RECIPES[family][0].title else request[:80]
        return Plan(title=title, family=family, steps=steps, params=p)

    def act(self, state: AgentState, tools: list[dict[str, Any]], workspace: Path) -> Action:
        assert state.plan is not None
        recipe = RECIPES[state.plan.family][state.step]
        done = state.step_calls(attempt=state.attempt)
        scale = scale_for(state)
        if not done:
            calls = recipe.calls(state.plan.params, scale, workspace)
            if state.attempt > 0:  # a revision re-runs only what changes (finished identical calls stay)
                finished = [(c.tool, c.args) for c in state.step_calls() if c.ok and c.attempt < state.attempt]
                calls = [c for c in calls if c not in finished]
            if calls:
                return Action(calls=[PendingCall(id=f"c{i}", tool=t, args=a) for i, (t, a) in enumerate(calls)])
        return Action(summary=recipe.summary(state.plan.params, scale, done, workspace))

    def critique(self, state: AgentState, calls: list[ToolCallRecord], checks: list[Check], workspace: Path) -> ReviewOut | None:
        assert state.plan is not None
        recipe = RECIPES[state.plan.family][state.step]
        return recipe.review(state.plan.params, calls, workspace) if recipe.review else None

    def summarise(self, request: str, facts: list[str]) -> str | None:
        """Deterministic headline sentences from the facts (each number keeps its reference)."""
        lines = []
        by_size: dict[int, list[str]] = {}
        for f in facts:
            if m := _ACC.match(f):
                by_size.setdefault(int(m["n"]), []).append(f"{m['strategy']} {m['shown']} [↗]({m['ref']})")
        for n, parts in sorted(by_size.items()):
            lines.append(f"With {n} labelled jets the test accuracy is: {'; '.join(parts)}.")
        for f in facts:
            if m := _HEAD.match(f):
                lines.append(f"{m['label']} = {m['shown']} [↗]({m['ref']}).")
        return " ".join(lines) or None
