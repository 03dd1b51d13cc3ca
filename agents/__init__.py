"""The agents: orchestrator, coder, reviewer and reporter in LangGraph, with LLM backends and CLI."""
