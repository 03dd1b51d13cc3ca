"""Command-line workflows of the model layer (no LLM). Each area module offers
`register(app)`, which adds its commands to an app; `register` here adds all four areas. The
root `omnijet-agent` app (agents/main.py) mounts them through tools/cli.py; nothing here loads a
layer above omnijet (tests/test_layers.py). The operations' options are generated from their
configs (omnijet/cli/options.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer


def register(app: typer.Typer) -> None:
    """Add the model layer's commands (data, tokenizer, backbone, transfer) to `app`."""
    from omnijet.cli import backbone, data, tokenizer, transfer

    for area in (data, tokenizer, backbone, transfer):
        area.register(app)


def version() -> None:
    """Print the version and where the code came from."""
    import typer

    from omnijet.utils import code_version

    typer.echo(code_version())
