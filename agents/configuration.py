"""Typed settings for a session, from flags first and the environment second.

Environment: OMNIJET_LLM_BACKEND, OMNIJET_LLM_BASE_URL, OPENAI_API_KEY (or OMNIJET_LLM_API_KEY),
OMNIJET_LLM_MODEL, OMNIJET_LLM_TIMEOUT, OMNIJET_AGENT_HOME. With no endpoint configured the
backend is `offline`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from omnijet.errors import ConfigError

Backend = Literal["offline", "openai"]
Preset = Literal["tiny", "small", "paper"]


@dataclass(frozen=True)
class Limits:
    """Hard limits the graph enforces (not the prompts)."""

    max_revisions: int = 1  # revisions per step after the first attempt
    max_tool_calls: int = 60  # per session
    max_calls_per_attempt: int = 12  # tool calls in one attempt at a step
    max_wall_s: float = 4 * 3600.0  # tool + agent time per session
    max_gpu_s: float = 3600.0
    approve: bool = False  # ask before expensive steps (chat): steps marked expensive...
    approve_over_s: float = 0.0  # ...or budgeted over this many seconds (0: only the marked ones)


@dataclass(frozen=True)
class Settings:
    backend: Backend = "offline"
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    model: str = "gpt-4o-mini"
    timeout_s: float = 120.0
    max_retries: int = 3
    vision: bool | None = None  # None: guess from the model name
    cost_per_mtok_in: float = 0.0  # USD per million prompt tokens (0: unknown)
    cost_per_mtok_out: float = 0.0
    preset: Preset = "tiny"
    sandbox: str = "auto"
    home: Path = Path("runs/sessions")
    limits: Limits = Limits()

    @property
    def accepts_images(self) -> bool:
        if self.vision is not None:
            return self.vision
        return any(k in self.model.lower() for k in ("gpt-4o", "gpt-4.1", "vision", "gpt-5", "-vl"))

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)


_PRICES = {"gpt-4o-mini": (0.15, 0.60), "gpt-4o": (2.5, 10.0), "gpt-4.1-mini": (0.4, 1.6)}


def load_settings(
    backend: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    model: str | None = None,
    preset: str | None = None,
    home: str | os.PathLike | None = None,
    timeout_s: float | None = None,
    env: dict[str, str] | None = None,
    **rest,
) -> Settings:
    """Flags win over the environment; `openai` is chosen when an endpoint or key is configured."""
    env = dict(os.environ) if env is None else env
    base_url = base_url or env.get("OMNIJET_LLM_BASE_URL") or None
    api_key = api_key or env.get("OMNIJET_LLM_API_KEY") or env.get("OPENAI_API_KEY") or None
    model = model or env.get("OMNIJET_LLM_MODEL") or Settings.model
    backend = backend or env.get("OMNIJET_LLM_BACKEND") or ("openai" if (base_url or api_key) else "offline")
    if backend not in ("offline", "openai"):
        raise ConfigError(f"--backend: unknown backend {backend!r} (choose offline or openai)")
    if backend == "openai" and not (base_url or api_key):
        raise ConfigError(
            "--backend openai needs an endpoint: set --base-url/OMNIJET_LLM_BASE_URL "
            "or --api-key/OPENAI_API_KEY"
        )
    preset = preset or "tiny"
    if preset not in ("tiny", "small", "paper"):
        raise ConfigError(f"--preset: unknown preset {preset!r} (choose tiny, small or paper)")
    timeout = timeout_s if timeout_s is not None else float(env.get("OMNIJET_LLM_TIMEOUT", 120))
    price_in, price_out = _PRICES.get(model, (0.0, 0.0))
    return Settings(
        backend=backend,  # type: ignore[arg-type]
        base_url=base_url,
        api_key=api_key,
        model=model,
        timeout_s=timeout,
        preset=preset,  # type: ignore[arg-type]
        home=Path(home or env.get("OMNIJET_AGENT_HOME", "runs/sessions")),
        cost_per_mtok_in=price_in,
        cost_per_mtok_out=price_out,
        **rest,
    )
