"""The tool layer's CLI commands, through typer's runner (the root app wires them in)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from tools import cli


def app() -> typer.Typer:
    a = typer.Typer()
    cli.register(a)
    return a


def test_sandbox_info_lists_protections() -> None:
    out = CliRunner().invoke(app(), ["sandbox-info", "--backend", "local"])
    assert out.exit_code == 0, out.output
    assert "backend: local" in out.output and "network" in out.output


def test_schema_and_call(tmp_path: Path) -> None:
    schema = CliRunner().invoke(app(), ["tools", "schema", "read_artifact"])
    assert json.loads(schema.output)[0]["function"]["name"] == "read_artifact"
    ok = CliRunner().invoke(app(), ["tools", "call", "run_python", '{"code": "print(6 * 7)"}',
                                    "--workspace", str(tmp_path / "ws"), "--backend", "local"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["output"]["stdout"] == "42\n"
    bad = CliRunner().invoke(app(), ["tools", "call", "read_artifact", '{"path": "/etc/passwd"}',
                                     "--workspace", str(tmp_path / "ws"), "--backend", "local"])
    assert bad.exit_code == 1 and json.loads(bad.stdout)["error"]["kind"] == "path"
