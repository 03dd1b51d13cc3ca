"""CLI commands for the tokenizer area (filled in by the issue that builds this area)."""

import typer


def register(app: typer.Typer) -> None:
    """Add this area's commands to the root app."""
