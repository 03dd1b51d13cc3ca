"""A scripted backend for graph tests: a fixed plan whose coder calls `fit_line` with the
epochs the reviewer's remedies ask for, like the offline coder does. With `revise_falling`
its critique asks for twice the epochs while the validation loss is still falling (a model
critique may add a remedy; the deterministic checks alone only revise defects)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agents.llm.base import Action, Usage
from agents.llm.offline import remedy_for
from agents.state import AgentState, Budget, Check, PendingCall, Plan, PlanStep, Remedy, ReviewOut


class ScriptedBackend:
    name = "scripted"

    def __init__(self, epochs: int = 2, steps: int = 2, revise_falling: bool = False) -> None:
        self.epochs, self.steps, self.revise_falling = epochs, steps, revise_falling

    def plan(self, request: str, tools: list[dict[str, Any]]) -> Plan:
        steps = [PlanStep(goal=f"fit number {i + 1}", tools=["fit_line", "count_words"], budget=Budget(wall_s=60),
                          acceptance=["validation loss flat"]) for i in range(self.steps)]
        return Plan(title="scripted", family="test", steps=steps)

    def act(self, state: AgentState, tools: list[dict[str, Any]], workspace: Path) -> Action:
        done = state.step_calls(attempt=state.attempt)
        epochs = round(self.epochs * remedy_for(state).epochs)
        if not done:
            return Action(calls=[PendingCall(id="c0", tool="fit_line", args={"epochs": epochs, "out": f"fit{state.step}"}),
                                 PendingCall(id="c1", tool="count_words", args={"text": state.request, "out": f"w{state.step}.json"})])
        return Action(summary=f"fitted with {epochs} epochs")

    def can_revise(self, state: AgentState, review: Any) -> bool:
        return True

    def critique(self, state: AgentState, calls: Any, checks: list[Check], workspace: Path) -> ReviewOut | None:
        if self.revise_falling and any(c.name == "train_longer" and not c.passed for c in checks):
            return ReviewOut(verdict="revise", remedy=Remedy(epochs=2), requests=["train longer"],
                             critique="the loss is still falling")
        return None

    def summarise(self, request: str, facts: list[str]) -> None:
        return None

    def take_usage(self) -> Usage:
        return Usage()
