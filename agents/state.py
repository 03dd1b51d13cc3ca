"""Typed graph state: the request, the plan, tool calls, step results, reviews and counters.

Everything here is pydantic so it round-trips through the SQLite checkpointer as plain JSON
(nodes return `model_dump()`-ed updates; LangGraph validates them back into these models).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field, field_serializer, model_validator

from agents.spec import AnalysisSpec
from tools.base import ToolInput, ToolResult
from tools.registry import get_tool, tool_of_input

if TYPE_CHECKING:
    from agents.llm.base import Usage

Verdict = Literal["accept", "revise", "fail"]
Status = Literal["running", "done", "stopped", "failed", "awaiting_approval"]


class Budget(BaseModel):
    """What one step may spend. The graph stops a step that runs over, the prompt only asks."""

    wall_s: float = Field(600.0, ge=0, description="wall-clock seconds of tool time")
    gpu_s: float = Field(0.0, ge=0, description="GPU seconds (0: CPU only)")


class PlannedCall(BaseModel):
    """One tool call of a compiled step: the tool's name and its typed input (the tool's own
    pydantic input model, e.g. `GenerateDataInput(process="top", n=600)`), so a check compares
    fields, never strings.

    As JSON: {"tool": name, "inputs": {field: value}} (the fields set, as the tool is called).
    Read back, `inputs` is validated against the input model of the tool named, looked up in
    the tool registry: never a class named by the data."""

    tool: str
    inputs: ToolInput

    @classmethod
    def of(cls, inputs: ToolInput) -> PlannedCall:
        return cls(tool=tool_of_input(type(inputs)), inputs=inputs)

    @model_validator(mode="before")
    @classmethod
    def _typed(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("inputs"), dict):
            try:
                model = get_tool(str(data.get("tool"))).input
            except KeyError:
                raise ValueError(f"unknown tool {data.get('tool')!r}") from None
            data = {**data, "inputs": model.model_validate(data["inputs"])}
        return data

    @model_validator(mode="after")
    def _matches(self) -> PlannedCall:
        assert isinstance(self.inputs, get_tool(self.tool).input), (self.tool, type(self.inputs).__name__)
        return self

    @field_serializer("inputs")
    def _dump(self, inputs: ToolInput) -> dict[str, Any]:
        return self.args()

    def args(self) -> dict[str, Any]:
        """The call's arguments as the tool receives them (the fields set, JSON types)."""
        return self.inputs.model_dump(mode="json", exclude_unset=True)


class PlanStep(BaseModel):
    goal: str = Field(description="what this step must achieve, one sentence")
    recipe: str | None = Field(None, description="the compiled step this is (planner); None for a model's own step")
    tools: list[str] = Field(description="tools the step expects to call")
    calls: list[PlannedCall] = Field(default_factory=list, description=(
        "the step's first tool calls, typed (compiled steps); a revision re-derives them"))
    budget: Budget = Field(default_factory=Budget)
    acceptance: list[str] = Field(description="criteria the reviewer checks")
    expensive: bool = Field(False, description="ask for /approve before running it")


class Plan(BaseModel):
    title: str
    family: str = Field("llm", description="offline request family, or 'llm' for a model's plan")
    steps: list[PlanStep] = Field(min_length=1)
    params: dict[str, Any] = Field(default_factory=dict, description="resolved settings of every step")
    changes: list[str] = Field(default_factory=list, description="every way the plan departs from the request, said out loud")


class PendingCall(BaseModel):
    """A tool call the coder asked for and the tool node has not finished yet."""

    id: str
    tool: str
    args: dict[str, Any] | str  # str: arguments that were not valid JSON, fed back as an error


class ToolCallRecord(ToolResult):
    """A tool call as the session keeps it: the tools' `ToolResult` (output, structured error,
    artifacts with sha256, timing) with its place in the plan. Logs stay in the workspace."""

    id: str
    step: int
    attempt: int
    args: dict[str, Any] | str
    started: str = ""

    @classmethod
    def of(cls, res: ToolResult, **where: Any) -> ToolCallRecord:
        return cls(**res.model_dump(exclude={"events", "stdout", "stderr"}), **where)

    @model_validator(mode="before")
    @classmethod
    def _from_older_sessions(cls, data: Any) -> Any:
        """Sessions saved before calls carried structured errors (error: str, ref: call id,
        artifacts as bare paths: those stay listed under the call in the workspace manifest)."""
        if isinstance(data, dict) and ("ref" in data or isinstance(data.get("error"), str)):
            data = dict(data)
            data["call_id"] = data.pop("ref", "") or data.get("call_id", "")
            data["gpu"] = data.pop("gpu_s", 0) > 0
            if isinstance(data.get("error"), str):
                data["error"] = {"kind": "failed", "message": data["error"]}
            data["artifacts"] = [a for a in data.get("artifacts", []) if isinstance(a, dict)]
        return data


class StepResult(BaseModel):
    step: int
    attempt: int
    summary: str
    call_ids: list[str] = Field(default_factory=list)
    # who wrote `summary`: "code" (this code's own sentence) or "model" (a model's words, filtered
    # on their way to the report); a result recorded before the field existed counts as the model's
    author: Literal["code", "model"] = "model"
    tries: list[str] = Field(default_factory=list)  # an agent-written analysis: each run_python run's outcome


class Remedy(BaseModel):
    """What a revision changes, as fields (never a sentence to match): factors on training
    epochs, training jets and anomaly events, and seeds to add. The question stays the same."""

    epochs: float = Field(1.0, ge=1.0, le=8.0)
    jets: float = Field(1.0, ge=1.0, le=8.0)
    events: float = Field(1.0, ge=1.0, le=8.0)
    seeds: int = Field(0, ge=0, le=10)

    def is_noop(self) -> bool:
        return self == Remedy()

    def combine(self, other: Remedy) -> Remedy:
        """Two remedies at once: the larger factor of each, the larger number of extra seeds."""
        return Remedy(epochs=max(self.epochs, other.epochs), jets=max(self.jets, other.jets),
                      events=max(self.events, other.events), seeds=max(self.seeds, other.seeds))

    def then(self, other: Remedy) -> Remedy:
        """A revision of a revision: factors multiply, seeds add (capped by the field limits)."""
        return Remedy(epochs=min(self.epochs * other.epochs, 8.0), jets=min(self.jets * other.jets, 8.0),
                      events=min(self.events * other.events, 8.0), seeds=min(self.seeds + other.seeds, 10))

    def describe(self) -> str:
        parts = [f"epochs x{self.epochs:g}" if self.epochs > 1 else "", f"jets x{self.jets:g}" if self.jets > 1 else "",
                 f"events x{self.events:g}" if self.events > 1 else "", f"+{self.seeds} seed(s)" if self.seeds else ""]
        return ", ".join(p for p in parts if p) or "no change"

    def tag(self) -> str:
        parts = [f"e{self.epochs:g}x" if self.epochs > 1 else "", f"j{self.jets:g}x" if self.jets > 1 else "",
                 f"n{self.events:g}x" if self.events > 1 else "", f"s+{self.seeds}" if self.seeds else ""]
        return "rev_" + "_".join(p for p in parts if p)


CheckKind = Literal["defect", "finding", "limitation"]


class Check(BaseModel):
    """One deterministic check. A failed *defect* can be fixed by a revision (its `remedy`); a
    *finding* is a result to report with its interpretation (never a failure); a *limitation*
    is a caveat of the budget to state (worth a revision only while one can fix it)."""

    name: str
    passed: bool
    message: str
    kind: CheckKind = "defect"
    remedy: Remedy | None = None  # for a failed defect or limitation: what would fix it
    interpretation: str = ""  # for a finding: what it means physically

    @property
    def request(self) -> str:
        return f"{self.name}: {self.remedy.describe()}" if self.remedy is not None and not self.passed else ""


class Review(BaseModel):
    step: int
    attempt: int
    verdict: Verdict
    requests: list[str] = Field(default_factory=list)
    remedy: Remedy | None = None  # what the next attempt changes (None: nothing to revise)
    checks: list[Check] = Field(default_factory=list)
    critique: str = ""  # the reviewer's words (a model's, with a model backend)
    caveat: str = ""  # why the step was accepted anyway (open defects, a failed revision)


class ReviewOut(BaseModel):
    """Structured output asked of a model acting as reviewer."""

    verdict: Verdict
    requests: list[str] = Field(default_factory=list, description="concrete changes, empty on accept")
    remedy: Remedy | None = Field(None, description="for revise: more epochs / jets / events / seeds")
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
    model_s: float = 0.0  # of which waiting for the model (wall clock of its requests)

    def plus(self, usage: Usage, agent_s: float = 0.0, calls: int = 0, wall_s: float = 0.0,
             gpu_s: float = 0.0) -> Counters:
        """These counters with one more piece of model use, agent time and tool work."""
        return self.model_copy(update={
            "llm_calls": self.llm_calls + usage.llm_calls, "prompt_tokens": self.prompt_tokens + usage.prompt_tokens,
            "completion_tokens": self.completion_tokens + usage.completion_tokens,
            "cost_usd": self.cost_usd + usage.cost_usd, "model_s": self.model_s + usage.model_s,
            "agent_wall_s": self.agent_wall_s + agent_s, "tool_calls": self.tool_calls + calls,
            "tool_wall_s": self.tool_wall_s + wall_s, "gpu_s": self.gpu_s + gpu_s})


class AgentState(BaseModel):
    session_id: str = ""
    request: str = ""
    spec: AnalysisSpec | None = None  # what was asked (typed), filled before the plan
    spec_notes: list[str] = Field(default_factory=list)  # model vs offline parser, fields dropped
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

    def result_calls(self, step: int) -> list[ToolCallRecord]:
        """What a step's result rests on: per tool, the successful calls of the latest attempt
        in which that tool succeeded (a failed revision leaves the earlier result standing)."""
        last: dict[str, int] = {}
        for c in self.calls:
            if c.step == step and c.ok:
                last[c.tool] = max(last.get(c.tool, 0), c.attempt)
        return [c for c in self.calls if c.step == step and c.ok and c.attempt == last[c.tool]]

    def open_steps(self) -> list[int]:
        """Steps whose last review did not accept them (or that were never reviewed)."""
        n = len(self.plan.steps) if self.plan else 0
        return [i for i in range(n) if (r := self.last_review(i)) is None or r.verdict != "accept"]

    def last_review(self, step: int) -> Review | None:
        mine = [r for r in self.reviews if r.step == step]
        return mine[-1] if mine else None
