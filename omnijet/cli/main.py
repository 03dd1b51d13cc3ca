"""`omnijet-agent`: the root command. A thin typer app over testable functions.

The model layer's commands are added here; the layers above (tools, agents) plug their
commands in through the `omnijet_agent.cli` entry points of pyproject.toml, so the root app
imports nothing above omnijet. User-facing failures become one clean line on stderr and a
non-zero exit, never a traceback.
"""

from __future__ import annotations

import sys
from importlib.metadata import entry_points

import typer
from rich.console import Console

from omnijet.cli import backbone, data, tokenizer, transfer
from omnijet.errors import OmniJetError

# entry-point group of the other layers' `register(app)`; each returns its user-facing error
# types (printed as one line, exit 2, like omnijet's own)
PLUGINS = "omnijet_agent.cli"
USER_ERRORS: list[type[Exception]] = [OmniJetError]

app = typer.Typer(
    name="omnijet-agent",
    help="Multi-agent analysis assistant for jet physics on a from-scratch OmniJet-alpha.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
for area in (data, tokenizer, backbone, transfer):
    area.register(app)
for plugin in sorted(entry_points(group=PLUGINS), key=lambda e: e.name):
    USER_ERRORS.extend(plugin.load()(app) or ())

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
