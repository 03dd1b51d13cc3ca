"""CLI of the tool layer: inspect the sandbox, list tools, call one tool by hand.

    omnijet-agent sandbox-info [--backend auto|local|docker]
    omnijet-agent tools list
    omnijet-agent tools schema [NAME]
    omnijet-agent tools call run_python '{"code": "print(1)"}' --workspace runs/demo
    omnijet-agent serve-mcp [--workspace DIR]   # the tools over MCP on stdio (tools.mcp_server)

The root app (agents/main.py) adds these with `register(app)`, and the model layer's commands
(omnijet/cli) with `register_model(app)`: the agents reach the model through this layer.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import Annotated

import typer

from omnijet.errors import ConfigError


def sandbox_info(
    backend: Annotated[str, typer.Option(help="auto | local | docker",
                                         envvar="OMNIJET_SANDBOX")] = "auto",
) -> None:
    """Which sandbox backend runs here and which protections are active."""
    from sandbox import make_sandbox

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        box = make_sandbox(backend)  # type: ignore[arg-type]
    typer.echo(f"backend: {box.name}")
    for name, state in box.protections().items():
        typer.echo(f"  {name:15s} {state}")


def list_tools() -> None:
    """Every tool the agents can call, with its description."""
    from tools.registry import all_tools

    for t in all_tools():
        typer.echo(f"{t.name:20s} {t.description}")


def schema(name: Annotated[str | None, typer.Argument(help="one tool (default: all)")] = None) -> None:
    """The OpenAI tool schemas (JSON), as sent to the model."""
    from tools.registry import _registry, openai_schemas

    if name is not None and name not in _registry():
        raise ConfigError(f"no tool {name!r}; see `omnijet-agent tools list`")
    typer.echo(json.dumps(openai_schemas([name] if name else None), indent=2))


def call(
    name: Annotated[str, typer.Argument(help="tool name")],
    args: Annotated[str, typer.Argument(help="arguments as JSON")] = "{}",
    workspace: Annotated[Path, typer.Option(help="run folder (created if missing)")] = Path("runs/manual"),
    backend: Annotated[str, typer.Option(help="auto | local | docker", envvar="OMNIJET_SANDBOX")] = "auto",
    gpu: Annotated[bool, typer.Option(help="give the tool a GPU")] = False,
    timeout: Annotated[float | None, typer.Option(help="wall-clock limit in seconds")] = None,
) -> None:
    """Run one tool call in the sandbox and print its result (as the model would see it)."""
    from sandbox import Workspace, make_sandbox
    from tools.runner import ToolRunner

    runner = ToolRunner(Workspace(workspace), make_sandbox(backend))  # type: ignore[arg-type]
    res = runner.call(name, args, gpu=gpu, timeout_s=timeout,
                      on_event=lambda e: typer.echo(f"  event {json.dumps(e)}", err=True))
    typer.echo(json.dumps(res.model_dump(exclude={"stdout", "stderr", "events"}), indent=2))
    if not res.ok:
        raise typer.Exit(1)


def serve_mcp(
    workspace: Annotated[Path | None, typer.Option(
        help="workspace of this MCP session (default: a new folder under --home)")] = None,
    home: Annotated[Path | None, typer.Option(
        help="session store (default: the agents' one)", envvar="OMNIJET_AGENT_HOME")] = None,
    backend: Annotated[str, typer.Option(help="auto | local | docker", envvar="OMNIJET_SANDBOX")] = "auto",
) -> None:
    """Serve the tools over MCP on stdin/stdout (one session = one workspace); see the README
    for a client configuration."""
    from tools.mcp_server import default_home, serve

    serve(workspace, home or default_home(), backend)


def clean_sandbox_notices() -> None:
    """Show a `SandboxWarning` (a protection missing on this host) as one line, `note: ...` on
    stderr, once per process per text, instead of Python's warning with file, line and source.
    Other warnings are shown as before; code that catches warnings still receives it."""
    from sandbox import SandboxWarning

    previous, seen = warnings.showwarning, set()

    def show(message, category, filename, lineno, file=None, line=None):
        if not issubclass(category, SandboxWarning):
            return previous(message, category, filename, lineno, file, line)
        if str(message) not in seen:
            seen.add(str(message))
            print(f"note: {message}", file=file or sys.stderr)

    warnings.showwarning = show


def register_model(app: typer.Typer) -> None:
    """Add the model layer's commands (data, tokenizer, backbone, transfer: omnijet/cli) to the
    root app."""
    from omnijet import cli as model_cli

    model_cli.register(app)


def register(app: typer.Typer) -> tuple[type[Exception], ...]:
    """Add `sandbox-info`, `rerun`, `serve-mcp`, `tools list|schema|call` and `version` to the
    root app; the sandbox's refusals are user-facing errors, and its notices one line each."""
    from omnijet.cli import version
    from sandbox.errors import SandboxError

    clean_sandbox_notices()
    from tools.rerun import rerun

    app.command("sandbox-info")(sandbox_info)
    app.command("rerun")(rerun)
    app.command("serve-mcp")(serve_mcp)
    group = typer.Typer(help="The typed tools the agents call (run in the sandbox).",
                        no_args_is_help=True)
    group.command("list")(list_tools)
    group.command("schema")(schema)
    group.command("call")(call)
    app.add_typer(group, name="tools")
    app.command("version")(version)
    return (SandboxError,)
