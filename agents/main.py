"""`omnijet-agent`: the root command, above the layers it assembles. A thin typer app over
testable functions.

It mounts the model layer's commands (omnijet/cli, reached through tools/cli.py like everything
of the model), the agents' commands (agents/commands.py) and the tools' (tools/cli.py), each
layer by a plain import: no entry points, and nothing below this module knows it exists.
User-facing failures become one clean line on stderr and a non-zero exit, never a traceback.

    python -m agents.main run "..."      # the same as `omnijet-agent run "..."`
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from agents import commands
from omnijet.errors import OmniJetError
from tools import cli as tools_cli

# the user-facing error types of every layer: printed as one line, exit 2
USER_ERRORS: list[type[Exception]] = [OmniJetError]

app = typer.Typer(
    name="omnijet-agent",
    help="Multi-agent analysis assistant for jet physics on a from-scratch OmniJet-alpha.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
tools_cli.register_model(app)  # data, tokenizer, backbone, transfer
commands.register(app)  # run, demo, review, chat, web, llm, sessions
USER_ERRORS.extend(tools_cli.register(app))  # sandbox-info, rerun, serve-mcp, tools, version

err = Console(stderr=True)


@app.callback()
def _root() -> None:
    """Multi-agent analysis assistant for jet physics on a from-scratch OmniJet-alpha."""


def main(argv: list[str] | None = None) -> int:
    """Entry point: user-facing errors become one line and exit code 2, never a traceback."""
    try:
        app(args=argv, prog_name="omnijet-agent")  # standalone: usage errors exit 2 themselves
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except tuple(USER_ERRORS) as e:
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
