"""Typed settings for a session, from flags first and the environment second.

Environment: OMNIJET_LLM_BACKEND, OMNIJET_LLM_BASE_URL, OPENAI_API_KEY (or OMNIJET_LLM_API_KEY),
OMNIJET_LLM_MODEL, OMNIJET_LLM_TIMEOUT, OMNIJET_LLM_TOOL_MODE, OMNIJET_LLM_MAX_TOKENS,
OMNIJET_LLM_THREADS (local), OMNIJET_AGENT_HOME. With no endpoint configured the backend is
`offline` (`chat` prefers `local` when the local model is set up: `omnijet-agent llm setup`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from omnijet.errors import ConfigError
from omnijet.presets import DEFAULT_REQUEST_PRESET, Preset, check_preset

Backend = Literal["offline", "openai", "local"]
ToolMode = Literal["auto", "native", "json"]


def default_home() -> Path:
    """Where sessions live unless --home says otherwise: the user's data folder, outside any
    checkout (jobs see only the packages of a checkout, never another session's state)."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
    return Path(base) / "omnijet-agent" / "sessions"


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
    # How the coder calls tools: "native" (tools= / tool_calls), "json" (response_format with a
    # union schema over the tools), "auto" (one probe request at start-up decides).
    tool_mode: ToolMode = "auto"
    max_tokens: int = 1024  # completion tokens per model call
    tool_output_chars: int = 8000  # a tool result as the model reads it (summarised beyond this)
    temperature: float | None = None  # None: the endpoint's default
    threads: int | None = None  # local model: CPU threads (None: up to 4)
    n_ctx: int = 8192  # local model: context length in tokens
    preset: Preset = DEFAULT_REQUEST_PRESET
    sandbox: str = "auto"
    home: Path = field(default_factory=lambda: default_home())
    limits: Limits = Limits()

    @property
    def accepts_images(self) -> bool:
        if self.vision is not None:
            return self.vision
        return any(k in self.model.lower() for k in ("gpt-4o", "gpt-4.1", "vision", "gpt-5", "-vl"))

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)


# The local model on a few CPU cores decodes ~14 tokens/s and reads prompts at ~65 tokens/s
# (quiet machine; 3-5x slower under load), so its calls get short answers, short tool results,
# generous timeouts and no retries (a retry repeats the slow part).
LOCAL_DEFAULTS = {"timeout_s": 600.0, "max_retries": 0, "tool_mode": "json", "max_tokens": 384,
                  "tool_output_chars": 1500, "temperature": 0.0}

_PRICES = {"gpt-4o-mini": (0.15, 0.60), "gpt-4o": (2.5, 10.0), "gpt-4.1-mini": (0.4, 1.6)}


def _backend(backend: str | None, base_url: str | None, api_key: str | None, env: dict[str, str],
             prefer_local: bool) -> str:
    """The flag, else OMNIJET_LLM_BACKEND, else openai with an endpoint or key, else local when
    preferred and set up, else offline."""
    backend = backend or env.get("OMNIJET_LLM_BACKEND") or None
    if backend is None:
        if base_url or api_key:
            backend = "openai"
        else:
            from agents.llm.local import is_set_up

            backend = "local" if prefer_local and is_set_up(env) else "offline"
    if backend not in ("offline", "openai", "local"):
        raise ConfigError(f"--backend: unknown backend {backend!r} (choose offline, openai or local)")
    return backend


def _whole(env: dict[str, str], name: str) -> int:
    try:
        return int(env[name])
    except ValueError:
        raise ConfigError(f"{name}={env[name]!r} is not a whole number") from None


def _model_options_from_env(rest: dict, env: dict[str, str], backend: str) -> None:
    """OMNIJET_LLM_TOOL_MODE / _MAX_TOKENS / _THREADS (local only) into `rest`, checked."""
    if env.get("OMNIJET_LLM_TOOL_MODE"):
        rest["tool_mode"] = env["OMNIJET_LLM_TOOL_MODE"]
    if rest.get("tool_mode", "auto") not in ("auto", "native", "json"):
        raise ConfigError(f"tool mode {rest['tool_mode']!r}: choose auto, native or json")
    if env.get("OMNIJET_LLM_MAX_TOKENS"):
        rest["max_tokens"] = _whole(env, "OMNIJET_LLM_MAX_TOKENS")
    if env.get("OMNIJET_LLM_THREADS") and backend == "local":
        rest["threads"] = max(1, _whole(env, "OMNIJET_LLM_THREADS"))


def load_settings(
    backend: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    model: str | None = None,
    preset: str | None = None,
    home: str | os.PathLike | None = None,
    timeout_s: float | None = None,
    env: dict[str, str] | None = None,
    prefer_local: bool = False,
    **rest,
) -> Settings:
    """Flags win over the environment; `openai` is chosen when an endpoint or key is configured,
    else `local` when `prefer_local` (chat) and the local model is set up, else `offline`."""
    env = dict(os.environ) if env is None else env
    base_url = base_url or env.get("OMNIJET_LLM_BASE_URL") or None
    api_key = api_key or env.get("OMNIJET_LLM_API_KEY") or env.get("OPENAI_API_KEY") or None
    backend = _backend(backend, base_url, api_key, env, prefer_local)
    if backend == "local":
        from agents.llm.local import MODEL_ALIAS

        model = model or MODEL_ALIAS
        base_url = None  # the session starts its own server on a free port
        for key, value in LOCAL_DEFAULTS.items():
            if not (key == "timeout_s" and env.get("OMNIJET_LLM_TIMEOUT")):
                rest.setdefault(key, value)
    model = model or env.get("OMNIJET_LLM_MODEL") or Settings.model
    if backend == "openai" and not (base_url or api_key):
        raise ConfigError(
            "--backend openai needs an endpoint: set --base-url/OMNIJET_LLM_BASE_URL "
            "or --api-key/OPENAI_API_KEY"
        )
    preset = preset or DEFAULT_REQUEST_PRESET
    check_preset(preset, "--preset")
    if "timeout_s" in rest and timeout_s is None:
        timeout_s = rest.pop("timeout_s")
    rest.pop("timeout_s", None)
    timeout = timeout_s if timeout_s is not None else float(env.get("OMNIJET_LLM_TIMEOUT", 120))
    _model_options_from_env(rest, env, backend)
    price_in, price_out = _PRICES.get(model, (0.0, 0.0))
    return Settings(
        backend=backend,  # type: ignore[arg-type]
        base_url=base_url,
        api_key=api_key,
        model=model,
        timeout_s=timeout,
        preset=preset,  # type: ignore[arg-type]
        home=Path(home or env.get("OMNIJET_AGENT_HOME") or default_home()),
        cost_per_mtok_in=price_in,
        cost_per_mtok_out=price_out,
        **rest,
    )
