"""A scripted backend for graph tests: a fixed plan whose coder calls `fit_line` with the
epochs the reviewer asked for (doubling on "train longer"), like the offline coder does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agents.llm.base import Action, Usage
from agents.state import AgentState, Budget, PendingCall, Plan, PlanStep


class ScriptedBackend:
    name = "scripted"

    def __init__(self, epochs: int = 2, steps: int = 2) -> None:
        self.epochs, self.steps = epochs, steps

    def plan(self, request: str, tools: list[dict[str, Any]]) -> Plan:
        steps = [PlanStep(goal=f"fit number {i + 1}", tools=["fit_line", "count_words"], budget=Budget(wall_s=60),
                          acceptance=["validation loss flat"]) for i in range(self.steps)]
        return Plan(title="scripted", family="test", steps=steps)

    def act(self, state: AgentState, tools: list[dict[str, Any]], workspace: Path) -> Action:
        done = state.step_calls(attempt=state.attempt)
        revisions = sum("train longer" in " ".join(r.requests) for r in state.reviews if r.step == state.step)
        epochs = self.epochs * 2**revisions
        if not done:
            return Action(calls=[PendingCall(id="c0", tool="fit_line", args={"epochs": epochs, "out": f"fit{state.step}"}),
                                 PendingCall(id="c1", tool="count_words", args={"text": state.request, "out": f"w{state.step}.json"})])
        return Action(summary=f"fitted with {epochs} epochs")

    def can_revise(self, state: AgentState, review: Any) -> bool:
        return True

    def critique(self, *a: Any) -> None:
        return None

    def summarise(self, request: str, facts: list[str]) -> None:
        return None

    def take_usage(self) -> Usage:
        return Usage()
