"""`omnijet-agent serve-mcp` driven by the MCP SDK's own client over stdio, as Claude Code or
Cursor would: the server is a real subprocess, the tool call a real sandbox job (Pythia)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import anyio
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS

ROOT = Path(__file__).resolve().parents[2]


def server(*args: str, home: Path) -> StdioServerParameters:
    env = {k: v for k, v in os.environ.items() if k.startswith(("PATH", "LANG", "LC_", "XDG", "HOME"))}
    env.update({"OMP_WAIT_POLICY": "PASSIVE", "MPLBACKEND": "Agg", "OMNIJET_AGENT_HOME": str(home)})
    return StdioServerParameters(command=sys.executable, args=["-m", "agents.main", "serve-mcp", *args],
                                 env=env, cwd=str(ROOT))


async def _session_calls(params: StdioServerParameters, errlog) -> dict:
    seen: dict = {"progress": []}
    async with stdio_client(params, errlog=errlog) as (read, write), ClientSession(read, write) as s:
        await s.initialize()
        seen["tools"] = {t.name: t for t in (await s.list_tools()).tools}

        async def progress(done: float, total: float | None, message: str | None) -> None:
            seen["progress"].append(message)

        seen["ok"] = await s.call_tool("generate_data", {"process": "top", "n": 12, "seed": 3},
                                       progress_callback=progress)
        seen["bad_args"] = await s.call_tool("generate_data", {"process": "gluon", "n": -4})
        seen["outside"] = await s.call_tool("dataset_info", {"paths": ["../../../../etc/passwd"]})
        try:
            await s.call_tool("no_such_tool", {})
        except MCPError as e:
            seen["unknown"] = e
    return seen


@pytest.fixture(scope="module")
def mcp_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    tmp = tmp_path_factory.mktemp("mcp")
    ws = tmp / "ws"
    with (tmp / "server-stderr.txt").open("w") as errlog:
        seen = anyio.run(_session_calls, server("--workspace", str(ws), home=tmp / "home"), errlog)
    return seen, ws


def test_lists_the_registry_tools_with_their_schemas(mcp_run: tuple[dict, Path]) -> None:
    from tools.registry import all_tools, parameters_schema

    tools = mcp_run[0]["tools"]
    assert set(tools) == {t.name for t in all_tools()}
    gen = tools["generate_data"]
    assert gen.input_schema == parameters_schema(next(t for t in all_tools() if t.name == "generate_data"))
    assert gen.input_schema["additionalProperties"] is False and "process" in gen.input_schema["properties"]
    assert gen.output_schema["properties"]["path"]["type"] == "string"


def test_a_tiny_generate_data_call_runs_pythia_in_the_sandbox(mcp_run: tuple[dict, Path]) -> None:
    seen, ws = mcp_run
    res = seen["ok"]
    assert not res.is_error, res.content
    out = res.structured_content
    assert out["process"] == "top" and out["n"] == 12 and out["seed"] == 3
    assert (ws / out["path"]).is_file() and out["bytes"] == (ws / out["path"]).stat().st_size
    call_id = res.meta["call_id"]
    assert call_id and any(a["path"] == out["path"] and len(a["sha256"]) == 64 for a in res.meta["artifacts"])
    manifest = json.loads((ws / ".omnijet" / "manifest.json").read_text())
    (call,) = [c for c in manifest["calls"] if c["call_id"] == call_id]
    assert call["status"] == "ok" and call["backend"] == "local"  # recorded like an agent's call
    # the job's own progress events ("jets: done=12 total=12") came back as MCP progress
    assert any(m and m.startswith("jets:") and "done=" in m for m in seen["progress"]), seen["progress"]


def test_malformed_calls_get_structured_errors(mcp_run: tuple[dict, Path]) -> None:
    seen, ws = mcp_run
    bad = seen["bad_args"]
    assert bad.is_error
    err = bad.structured_content["error"]
    assert err["kind"] == "invalid_arguments" and err["field"] in ("process", "n")
    assert json.loads(bad.content[0].text) == bad.structured_content
    outside = seen["outside"].structured_content["error"]
    assert seen["outside"].is_error and outside["kind"] == "path" and outside["field"] == "paths"
    unknown = seen["unknown"]
    assert unknown.code == INVALID_PARAMS and unknown.error.data["error"]["kind"] == "unknown_tool"
    assert "generate_data" in unknown.message  # names the tools there are
    statuses = [c["status"] for c in json.loads((ws / ".omnijet" / "manifest.json").read_text())["calls"]]
    assert statuses.count("rejected") == 3  # every refused call is on record too


def test_default_workspace_is_a_new_session_folder_in_the_store(tmp_path: Path) -> None:
    async def list_only(params: StdioServerParameters) -> int:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as s:
            await s.initialize()
            return len((await s.list_tools()).tools)

    assert anyio.run(list_only, server(home=tmp_path)) > 5
    (folder,) = list(tmp_path.iterdir())
    meta = json.loads((folder / "meta.json").read_text())
    assert folder.name.startswith("mcp-") and meta["id"] == folder.name and meta["kind"] == "mcp"
    assert (folder / "workspace" / ".omnijet" / "manifest.json").is_file()
