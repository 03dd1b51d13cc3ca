"""The `web` command, hooked into the agents' CLI (agents.commands.register)."""

from __future__ import annotations

import secrets
import socket
import sys
from pathlib import Path
from typing import Annotated

import typer

from agents.configuration import default_home
from omnijet.errors import ConfigError


def web_cmd(
    home: Annotated[Path, typer.Option("--home", help="folder holding the sessions",
                                       envvar="OMNIJET_AGENT_HOME")] = default_home(),
    port: Annotated[int, typer.Option("--port", help="port on 127.0.0.1 (0: a free one)")] = 0,
) -> None:
    """Sessions, plans, reviews, live progress and reports in a browser, on 127.0.0.1 with a
    random token in the printed URL (every request checks it)."""
    import uvicorn

    from agents.web.app import make_app

    token = secrets.token_urlsafe(24)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as e:
        sock.close()
        raise ConfigError(f"--port {port}: cannot listen on 127.0.0.1 ({e.strerror})") from None
    bound = sock.getsockname()[1]
    app = make_app(home, token)
    print(f"omnijet-agent web: http://127.0.0.1:{bound}/?token={token}", flush=True)
    print(f"sessions in {home}; Ctrl-C stops the server (sessions it continued go on)",
          file=sys.stderr, flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    server.run(sockets=[sock])


def register(app: typer.Typer) -> None:
    app.command("web")(web_cmd)
