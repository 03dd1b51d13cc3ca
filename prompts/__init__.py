"""The agents' system prompts, `<role>.md`, shipped inside the installed package
(read with importlib.resources by agents/prompts.py)."""
