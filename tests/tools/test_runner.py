"""Tool calls through the real local sandbox: artifacts, manifest, structured errors."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import os
from pathlib import Path

import pytest

from sandbox import Workspace
from sandbox.local import LocalSandbox
from tools.base import Tool, ToolBug
from tools.generic import RunPythonInput, RunPythonOutput, run_python
from tools.registry import get_tool
from tools.runner import ToolRunner


@pytest.fixture
def runner(tmp_path: Path, box: LocalSandbox) -> ToolRunner:
    return ToolRunner(Workspace(tmp_path / "ws"), box)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_run_python_produces_artifacts_and_manifest(runner: ToolRunner) -> None:
    res = runner.call("run_python", {"code": (
        "import json, os\nos.makedirs('results', exist_ok=True)\n"
        "open('results/a.txt', 'w').write('alpha')\n"
        "json.dump({'auc': 0.54}, open('results/m.json', 'w'))\nprint('wrote 2')")})
    assert res.ok, res.error
    assert res.output["stdout"] == "wrote 2\n"
    root = runner.workspace.root
    assert [a.path for a in res.artifacts] == ["results/a.txt", "results/m.json"]
    for a in res.artifacts:
        assert a.sha256 == sha(root / a.path) and a.call_id == res.call_id
    call = runner.workspace.calls()[-1]
    assert call.call_id == res.call_id and call.tool == "run_python" and call.status == "ok"
    assert call.exit_code == 0 and call.started <= call.ended and call.backend == "local"
    assert "results/a.txt" in call.args["code"] and call.outputs == ["results/a.txt", "results/m.json"]
    assert (root / ".omnijet" / "calls" / res.call_id / "stdout.txt").exists()


def test_inputs_are_recorded_with_their_hash(runner: ToolRunner) -> None:
    runner.call("run_python", {"code": "open('notes.md', 'w').write('# hi')"})
    res = runner.call("read_artifact", {"path": "notes.md"})
    assert res.ok and res.output["text"] == "# hi" and res.output["kind"] == "text"
    assert res.output["produced_by"]["tool"] == "run_python"
    call = runner.workspace.calls()[-1]
    assert [(i.path, i.sha256) for i in call.inputs] == [
        ("notes.md", sha(runner.workspace.root / "notes.md"))]
    listed = runner.call("list_artifacts", {}).output
    assert [a["path"] for a in listed["artifacts"]] == ["notes.md"]


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "escape/passwd",
                                  ".omnijet/manifest.json"])
def test_path_traversal_is_rejected(runner: ToolRunner, path: str) -> None:
    os.symlink("/etc", runner.workspace.root / "escape")
    res = runner.call("read_artifact", {"path": path})
    assert not res.ok and res.error.kind == "path" and res.error.field == "path"
    assert runner.workspace.calls()[-1].status == "rejected"


def test_path_checked_inside_the_job_too(runner: ToolRunner) -> None:
    res = runner.call("list_artifacts", {"folder": "../.."})  # not a typed path argument
    assert not res.ok and res.error.kind == "path" and "outside the workspace" in res.error.message


def test_tool_errors_come_back_as_data(runner: ToolRunner) -> None:
    unknown = runner.call("make_coffee", {})
    assert unknown.error.kind == "unknown_tool" and "run_python" in unknown.error.message
    bad_json = runner.call("run_python", '{"code": ')
    assert bad_json.error.kind == "invalid_json"
    bad_args = runner.call("view_plot", {"path": "a.png", "max_bytes": 1, "extra": True})
    assert bad_args.error.kind == "invalid_arguments" and bad_args.error.field == "max_bytes"
    assert "extra" in bad_args.error.message
    crash = runner.call("run_python", {"code": "import math\nprint('before')\nmath.log(-1)"})
    assert not crash.ok and crash.error.kind == "python_error"
    assert "ValueError: math domain error" in crash.error.message and "before" in crash.error.message
    missing = runner.call("dataset_info", {"paths": ["nope.root"]})
    assert missing.error.kind == "path" and missing.error.field == "paths"
    assert '"ok": false' in missing.for_model()


def test_gpu_request_reaches_the_job(runner: ToolRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    code = {"code": "import os; print(repr(os.environ['CUDA_VISIBLE_DEVICES']))"}
    assert runner.call("run_python", code).output["stdout"] == "''\n"
    with_gpu = runner.call("run_python", code, gpu=True)
    assert with_gpu.output["stdout"] == "'0'\n" and runner.workspace.calls()[-1].gpu
    runner.call("list_artifacts", {}, gpu=True)  # a CPU-only tool never gets one
    assert runner.workspace.calls()[-1].gpu is False


def test_omnijet_errors_become_tool_errors(runner: ToolRunner) -> None:
    (runner.workspace.root / "bad.pt").write_bytes(b"not a checkpoint")
    ckpt = runner.call("generate_jets", {"gpt": "bad.pt", "tokenizer": "bad.pt", "n_generate": 5})
    assert not ckpt.ok and ckpt.error.kind == "checkpoint" and "bad.pt" in ckpt.error.message
    data = runner.call("dataset_info", {"paths": ["bad.pt"]})
    assert data.error.kind == "data" and "unknown data format" in data.error.message


def test_timeout_and_memory_limit_are_tool_errors(tmp_path: Path, box: LocalSandbox) -> None:
    tight = dataclasses.replace(get_tool("run_python"), memory_mb=300)
    runner = ToolRunner(Workspace(tmp_path / "ws"), box, tools=[tight])
    slow = runner.call("run_python", {"code": "import time\ntime.sleep(60)"}, timeout_s=1.5)
    assert not slow.ok and slow.error.kind == "timeout"
    big = runner.call("run_python", {"code": "import numpy as np\nx = np.ones(2**28)"})
    assert not big.ok and big.error.kind in ("memory_limit", "python_error")
    assert "MemoryError" in big.error.message or "memory" in big.error.message
    assert [c.status for c in runner.workspace.calls()] == ["error", "error"]


def test_a_crash_of_our_code_is_raised(tmp_path: Path, box: LocalSandbox) -> None:
    ghost = Tool("ghost_tool", "not in the sandbox's registry", RunPythonInput, RunPythonOutput,
                 run_python)
    runner = ToolRunner(Workspace(tmp_path / "ws"), box, tools=[ghost])
    with pytest.raises(ToolBug, match="ghost_tool"):
        runner.call("ghost_tool", {"code": "print(1)"})
    assert runner.workspace.calls()[-1].status == "bug"


def test_view_plot_returns_the_png(runner: ToolRunner) -> None:
    made = runner.call("run_python", {"code": (
        "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
        "plt.figure(figsize=(3, 2), dpi=50)\nplt.plot([1, 2], [3, 4])\nplt.savefig('p.png')")})
    assert made.ok, made.error
    res = runner.call("view_plot", {"path": "p.png"})
    assert res.ok and (res.output["width"], res.output["height"]) == (150, 100)
    assert base64.b64decode(res.output["png_base64"]) == (runner.workspace.root / "p.png").read_bytes()
    assert "png_base64" not in res.for_model()
    capped = runner.call("view_plot", {"path": "p.png", "max_bytes": 10_000})
    size = (runner.workspace.root / "p.png").stat().st_size
    assert capped.ok == (size <= 10_000)
    not_png = runner.call("run_python", {"code": "open('x.png', 'w').write('text')"})
    assert not_png.ok and runner.call("view_plot", {"path": "x.png"}).error.kind == "data"


def test_tiny_model_tool_end_to_end(runner: ToolRunner) -> None:
    events: list[dict] = []
    gen = runner.call("generate_data", {"process": "qcd", "n": 30, "seed": 3},
                      on_event=events.append)
    assert gen.ok, (gen.error, gen.stderr)
    path = gen.output["path"]
    assert path == "data/qcd_30_s3.root" and path in [a.path for a in gen.artifacts]
    assert any(e.get("event") == "jets" for e in events)
    info = runner.call("dataset_info", {"paths": [path], "max_jets": 30})
    assert info.ok, info.error
    f = info.output["files"][0]
    assert f["jets_read"] == 30 and f["classes"] == {"QCD": 30}
    assert 500 <= f["observables"]["pt"]["q50"] <= 1000
    art = runner.workspace.artifact(path)
    assert art.sha256 == f["sha256"] and runner.workspace.calls()[-1].inputs[0].sha256 == art.sha256



@pytest.mark.slow
def test_tiny_pipeline_through_the_sandbox(runner: ToolRunner) -> None:
    """tokenizer -> tokens -> GPT -> generated jets, each a sandboxed call, all recorded."""
    steps = [
        ("generate_data", {"process": "top", "n": 40, "seed": 5}),
        ("train_tokenizer", {"data": ["data/top_40_s5.root"], "preset": "tiny", "epochs": 1,
                             "codebook_size": 16, "batch_size": 32, "out": "runs/tok"}),
        ("tokenize", {"tokenizer": "runs/tok/best.pt", "data": ["data/top_40_s5.root"],
                      "out": "tokens/top.pt"}),
        ("pretrain", {"tokens": "tokens/top.pt", "preset": "tiny", "epochs": 1, "out": "runs/gpt",
                      "tokenizer": "runs/tok/best.pt"}),
        ("generate_jets", {"gpt": "runs/gpt/best.pt", "tokenizer": "runs/tok/best.pt",
                           "n_generate": 8, "out": "data/gen.root"}),
    ]
    for name, args in steps:
        res = runner.call(name, args)
        assert res.ok, (name, res.error, res.stderr[-2000:])
    ws = runner.workspace
    assert ws.artifact("runs/tok/best.pt").tool == "train_tokenizer"
    assert ws.artifact("tokens/top.pt").inputs[0].path == "runs/tok/best.pt"
    gen = ws.artifact("data/gen.root")
    assert gen.tool == "generate_jets" and {i.path for i in gen.inputs} == {
        "runs/gpt/best.pt", "runs/tok/best.pt"}
    assert [c.tool for c in ws.calls()] == [name for name, _ in steps]
