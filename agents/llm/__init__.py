"""LLM backends: `offline` (deterministic, no model), `openai` (any OpenAI-compatible endpoint)
and `local` (the openai backend against a model served on 127.0.0.1 for the session)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.llm.base import Action, Backend, LLMError, NeedsLLM, Usage

if TYPE_CHECKING:
    from agents.configuration import Settings

__all__ = ["Action", "Backend", "LLMError", "NeedsLLM", "Usage", "make_backend"]


def make_backend(settings: Settings) -> Backend:
    if settings.backend == "local":
        from agents.llm.local_backend import LocalBackend

        return LocalBackend(settings)
    if settings.backend == "openai":
        from agents.llm.openai_backend import OpenAIBackend

        return OpenAIBackend(settings)
    from agents.llm.offline import OfflineBackend

    return OfflineBackend(settings)
