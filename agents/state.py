"""Typed graph state: the request, the plan, tool calls, step results, reviews and counters.

Everything here is pydantic so it round-trips through the SQLite checkpointer as plain JSON
(nodes return `model_dump()`-ed updates; LangGraph validates them back into these models).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Verdict = Literal["accept", "revise", "fail"]
Status = Literal["running", "done", "stopped", "failed", "awaiting_approval"]


class Budget(BaseModel):
    """What one step may spend. The graph stops a step that runs over, the prompt only asks."""

    wall_s: float = Field(600.0, ge=0, description="wall-clock seconds of tool time")
    gpu_s: float = Field(0.0, ge=0, description="GPU seconds (0: CPU only)")


class PlanStep(BaseModel):
    goal: str = Field(description="what this step must achieve, one sentence")
    tools: list[str] = Field(description="tools the step expects to call")
    budget: Budget = Field(default_factory=Budget)
    acceptance: list[str] = Field(description="criteria the reviewer checks")
    expensive: bool = Field(False, description="ask for /approve before running it")


class Plan(BaseModel):
    title: str
    family: str = Field("llm", description="offline request family, or 'llm' for a model's plan")
    steps: list[PlanStep] = Field(min_length=1)
    params: dict[str, Any] = Field(default_factory=dict, description="numbers read from the request")


class PendingCall(BaseModel):
    """A tool call the coder asked for and the tool node has not finished yet."""

    id: str
    tool: str
    args: dict[str, Any] | str  # str: arguments that were not valid JSON, fed back as an error


class ToolCallRecord(BaseModel):
    id: str
    step: int
    attempt: int
    tool: str
    args: dict[str, Any] | str
    ok: bool
    output: dict[str, Any] = Field(default_factory=dict)
    error: str | None = None
    wall_s: float = 0.0
    gpu_s: float = 0.0
    started: str = ""
    ref: str = ""  # the tools' own call id (workspace manifest)
    artifacts: list[str] = Field(default_factory=list)


class StepResult(BaseModel):
    step: int
    attempt: int
    summary: str
    call_ids: list[str] = Field(default_factory=list)


class Check(BaseModel):
    name: str
    passed: bool
    message: str
    request: str = ""  # the concrete change asked for when the check fails
    # "warning": worth a revision while revisions remain, a caveat once they are spent
    # (loss still falling, spread over seeds); "error": the result cannot be accepted as it is
    severity: Literal["error", "warning"] = "error"


class Review(BaseModel):
    step: int
    attempt: int
    verdict: Verdict
    requests: list[str] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    critique: str = ""


class ReviewOut(BaseModel):
    """Structured output asked of a model acting as reviewer."""

    verdict: Verdict
    requests: list[str] = Field(default_factory=list, description="concrete changes, empty on accept")
    critique: str = Field("", description="two or three sentences")


class Counters(BaseModel):
    llm_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    tool_calls: int = 0
    tool_wall_s: float = 0.0
    gpu_s: float = 0.0
    agent_wall_s: float = 0.0  # graph time outside tools: planning, LLM calls, reviewing


class AgentState(BaseModel):
    session_id: str = ""
    request: str = ""
    plan: Plan | None = None
    step: int = 0
    attempt: int = 0
    pending: list[PendingCall] = Field(default_factory=list)
    calls: list[ToolCallRecord] = Field(default_factory=list)
    results: list[StepResult] = Field(default_factory=list)
    reviews: list[Review] = Field(default_factory=list)
    messages: list[dict[str, Any]] = Field(default_factory=list)  # current step's chat (openai)
    approved: list[int] = Field(default_factory=list)
    counters: Counters = Field(default_factory=Counters)
    status: Status = "running"
    stop_reason: str = ""
    report: str = ""  # path of report.md once written

    def step_calls(self, step: int | None = None, attempt: int | None = None) -> list[ToolCallRecord]:
        step = self.step if step is None else step
        return [c for c in self.calls if c.step == step and (attempt is None or c.attempt == attempt)]

    def latest_calls(self, step: int) -> list[ToolCallRecord]:
        """Per tool, the calls of the latest attempt that ran it: what a step's result rests on
        (a revision may re-run only some of the step's calls)."""
        last: dict[str, int] = {}
        for c in self.calls:
            if c.step == step:
                last[c.tool] = max(last.get(c.tool, 0), c.attempt)
        return [c for c in self.calls if c.step == step and c.attempt == last[c.tool]]

    def open_steps(self) -> list[int]:
        """Steps whose last review did not accept them (or that were never reviewed)."""
        n = len(self.plan.steps) if self.plan else 0
        return [i for i in range(n) if (r := self.last_review(i)) is None or r.verdict != "accept"]

    def last_review(self, step: int) -> Review | None:
        mine = [r for r in self.reviews if r.step == step]
        return mine[-1] if mine else None
