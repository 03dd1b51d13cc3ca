"""What every backend offers the graph: plan, act (next tool calls), critique, summarise."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from agents.state import AgentState, Check, PendingCall, Plan, Review, ReviewOut, ToolCallRecord
from omnijet.errors import OmniJetError


class NeedsLLM(OmniJetError):
    """The offline backend cannot serve this request: an LLM endpoint is needed."""


class LLMError(OmniJetError):
    """The LLM endpoint refused, timed out or answered with something unusable."""


class Unparsable(LLMError):
    """The model answered, twice, with no valid instance of the structure asked for (cut off, wrong keys)."""


@dataclass
class Usage:
    llm_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    model_s: float = 0.0  # seconds spent waiting for the model (wall clock of the requests)

    def add(self, other: Usage) -> None:
        self.llm_calls += other.llm_calls
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.cost_usd += other.cost_usd
        self.model_s += other.model_s


@dataclass
class Action:
    """The coder's next move: tool calls to run, or (no calls) a summary that ends the attempt."""

    calls: list[PendingCall] = field(default_factory=list)
    summary: str = ""
    messages: list[dict[str, Any]] | None = None  # the conversation so far (openai), else None
    author: str = "model"  # who wrote `summary`: "code" (this code's sentence) or "model" (filtered in reports)
    tries: list[str] = field(default_factory=list)  # an agent-written analysis: each run's outcome


class Backend(Protocol):
    name: str

    def plan(self, request: str, tools: list[dict[str, Any]]) -> Plan: ...

    def can_revise(self, state: AgentState, review: Review) -> bool: ...

    def act(self, state: AgentState, tools: list[dict[str, Any]], workspace: Path) -> Action: ...

    def critique(
        self, state: AgentState, calls: list[ToolCallRecord], checks: list[Check], workspace: Path
    ) -> ReviewOut | None: ...

    def summarise(self, request: str, facts: list[str]) -> str | None: ...

    def take_usage(self) -> Usage: ...
