"""The referee's findings as (rule, line) pairs: what the referee reading tests assert on."""

from __future__ import annotations

from agents.referee.referee import referee


def found(text: str, name: str = "notes.txt") -> list[tuple[str, int]]:
    """(rule, line) of every finding on `text`, read as the file `name` (its suffix picks the layout)."""
    return [(f.rule, f.line) for f in referee(text, name=name).findings]


def lines_of(rule: str, text: str, name: str = "notes.txt") -> list[int]:
    """The lines the referee flags under `rule` on `text`."""
    return [line for r, line in found(text, name) if r == rule]
