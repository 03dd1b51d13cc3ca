"""System prompts live in the `prompts` package (`prompts/<role>.md`, installed with the
code) and are rendered strictly: a missing variable raises."""

from __future__ import annotations

import string
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from omnijet.errors import ConfigError

PROMPT_DIR: Traversable = files("prompts")


def render(role: str, prompt_dir: Path | Traversable = PROMPT_DIR, **variables: object) -> str:
    """Fill `$name` placeholders in `prompts/<role>.md`; every placeholder must be given."""
    path = prompt_dir / f"{role}.md"
    if not path.is_file():
        raise ConfigError(f"prompt file missing: {path}")
    try:
        return string.Template(path.read_text()).substitute(variables)
    except KeyError as e:
        raise ConfigError(f"prompt {path.name}: no value for variable ${e.args[0]}") from None
    except ValueError as e:
        raise ConfigError(f"prompt {path.name}: bad placeholder ({e})") from None
