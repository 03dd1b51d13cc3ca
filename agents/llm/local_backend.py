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
from agents.llm.openai_backend import OpenAIBackend, check_lines
from agents.prompts import render
from agents.state import AgentState, Check, Review, ReviewOut, ToolCallRecord

REMARK_TOKENS = 120  # the reviewer's two sentences on a compiled step: about 9 s on 2 cores


class LocalBackend(OpenAIBackend):
    name = "local"
    summary_tokens = 160  # the answer in the model's words: about 12 s of decoding on 2 cores

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
            self.client = openai.OpenAI(base_url=self.server.url, api_key=self.server.api_key,
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
        return rb.can_revise(state, review) if rb is not None else super().can_revise(state, review)

    def act(self, state: AgentState, tools: list[dict[str, Any]], workspace: Path) -> Action:
        rb = self._recipe_backend(state)
        return rb.act(state, tools, workspace) if rb is not None else super().act(state, tools, workspace)

    def critique(self, state: AgentState, calls: list[ToolCallRecord], checks: list[Check],
                 workspace: Path) -> ReviewOut | None:
        """A compiled step: the verdict, requests and remedy stay with the checks and the recipe;
        the model adds its critique in words (shown in the report, numbers cited or removed)."""
        rb = self._recipe_backend(state)
        if rb is None:
            return super().critique(state, calls, checks, workspace)
        base = rb.critique(state, calls, checks, workspace) or ReviewOut(verdict="accept")
        system = render("remark", goal=state.plan.steps[state.step].goal, outputs=self._step_outputs(calls),
                        checks=check_lines(checks))
        try:  # plain words: a 1.5B model leaves a JSON critique field empty, it does not leave a reply empty
            message = self._chat([{"role": "system", "content": system}, {"role": "user", "content": "Your remark?"}],
                                 max_tokens=REMARK_TOKENS)
        except LLMError as e:  # the verdict does not depend on the model: the step goes on without its words
            self.say(f"model critique unavailable: {e}")
            return base
        words = " ".join((message.content or "").split())
        return base.model_copy(update={"critique": "; ".join(x for x in (base.critique, words) if x)})
