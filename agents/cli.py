"""`omnijet-agent`: the root command. A thin typer app over testable functions.

User-facing failures become one clean line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from agents import commands
from omnijet.cli import backbone, data, tokenizer, transfer
from omnijet.errors import OmniJetError
from sandbox.errors import SandboxError
from tools import cli as tools_cli

app = typer.Typer(
    name="omnijet-agent",
    help="Multi-agent analysis assistant for jet physics on a from-scratch OmniJet-alpha.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
for area in (data, tokenizer, backbone, transfer, tools_cli, commands):
    area.register(app)

err = Console(stderr=True)


@app.callback()
def _root() -> None:
    """Multi-agent analysis assistant for jet physics on a from-scratch OmniJet-alpha."""


@app.command()
def version() -> None:
    """Print the version and where the code came from."""
    from omnijet.utils import code_version

    typer.echo(code_version())


def main(argv: list[str] | None = None) -> int:
    """Entry point: user-facing errors become one line and exit code 2, never a traceback."""
    try:
        app(args=argv, prog_name="omnijet-agent")  # standalone: usage errors exit 2 themselves
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except (OmniJetError, SandboxError) as e:
        err.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
        return 2
    except OSError as e:  # the system refused (read-only, permissions, disk full): one line
        where = f"{e.filename}: " if e.filename else ""
        err.print(f"[bold red]error:[/] {where}{e.strerror or e}", highlight=False,
                  soft_wrap=True)
        return 2
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/]")
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
