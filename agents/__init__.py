"""The agents: orchestrator, coder, reviewer and reporter in LangGraph, with LLM backends and CLI.

From Python: `from agents import run` (see agents/api.py; `agents.api.review` re-checks a report).
"""

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "run":  # imported on first use: `import agents.x` stays free of LangGraph
        from agents.api import run

        return run
    raise AttributeError(f"module 'agents' has no attribute {name!r}")
