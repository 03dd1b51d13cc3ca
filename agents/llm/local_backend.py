"""`--backend local`: the OpenAI backend against a model served on 127.0.0.1 for the session.

The server (agents.llm.local) starts on the first model call, not when the backend is made,
so inspecting a session costs nothing; it stops when the process exits. Requests go through
the same `openai` client code as any endpoint, over real HTTP.

Division of labour, sized for a 1.5B model on a few CPU cores: the model fills the analysis
spec (structured output); the planner compiles it into recipe steps, and those steps run
their recipes' tool calls and checks deterministically (as offline). A step the compiler did
not make (a request outside the known tasks, planned by the model) is carried out by the
model through json-mode tool calls.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openai

from agents.configuration import Settings
from agents.llm import local
from agents.llm.base import Action, LLMError
from agents.llm.openai_backend import OpenAIBackend
from agents.state import AgentState, Check, Review, ReviewOut, ToolCallRecord


class LocalBackend(OpenAIBackend):
    name = "local"

    def __init__(self, settings: Settings, say: Callable[[str], None] | None = None) -> None:
        super().__init__(settings.with_(base_url="http://127.0.0.1:9/v1"), say)  # replaced on start
        self.server: local.LocalServer | None = None
        self._offline: Any = None

    def _chat(self, messages: list[dict[str, Any]], **kw: Any) -> Any:
        if self.server is None or self.server.url is None:
            try:
                self.server = local.ensure_server(self.settings.threads, self.settings.n_ctx, say=self.say)
            except local.LocalModelError as e:
                raise LLMError(str(e)) from None
            assert self.server.url is not None
            self.settings = self.settings.with_(base_url=self.server.url)
            self.client = openai.OpenAI(base_url=self.server.url, api_key="not-needed",
                                        timeout=self.settings.timeout_s, max_retries=self.settings.max_retries)
        return super()._chat(messages, **kw)

    # -- compiled steps run their recipes (deterministic calls and checks) --------------------
    def _recipe_backend(self, state: AgentState) -> Any:
        assert state.plan is not None
        if state.plan.steps[state.step].recipe is None:
            return None
        if self._offline is None:
            from agents.llm.offline import OfflineBackend

            self._offline = OfflineBackend(self.settings)
        return self._offline

    def can_revise(self, state: AgentState, review: Review) -> bool:
        rb = self._recipe_backend(state)
        return rb.can_revise(state, review) if rb is not None else True

    def act(self, state: AgentState, tools: list[dict[str, Any]], workspace: Path) -> Action:
        rb = self._recipe_backend(state)
        return rb.act(state, tools, workspace) if rb is not None else super().act(state, tools, workspace)

    def critique(self, state: AgentState, calls: list[ToolCallRecord], checks: list[Check],
                 workspace: Path) -> ReviewOut | None:
        rb = self._recipe_backend(state)
        return rb.critique(state, calls, checks, workspace) if rb is not None else super().critique(state, calls, checks, workspace)

    def summarise(self, request: str, facts: list[str]) -> str | None:
        return None  # the report's answer is computed from the results (agents.answers), as offline
