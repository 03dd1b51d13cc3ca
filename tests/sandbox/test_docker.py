"""Docker backend: every container setting checked without an engine; real runs when one answers."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest

from sandbox import Job, SandboxWarning, make_sandbox
from sandbox.base import job_env, project_root
from sandbox.docker import JOB_DIR, container_kwargs, docker_unavailable
from sandbox.local import LocalSandbox

NO_ENGINE = docker_unavailable()


def kwargs_for(tmp_path: Path, **job) -> dict:
    j = Job(command=[sys.executable, "-m", "tools.execute"], workspace=str(tmp_path), **job)
    return container_kwargs(j, "omnijet-agent-sandbox:test", job_env(j), "/tmp/jobdir", cpus=2)


def test_container_is_locked_down(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-docker-test-secret")
    kw = kwargs_for(tmp_path, memory_mb=1024, max_procs=64, tmp_mb=128)
    assert kw["network_mode"] == "none" and kw["read_only"] is True
    assert kw["cap_drop"] == ["ALL"] and kw["security_opt"] == ["no-new-privileges"]
    assert kw["user"] == "65534:65534" and "privileged" not in kw
    assert kw["mem_limit"] == kw["memswap_limit"] == "1024m"
    assert kw["pids_limit"] == 64 and kw["nano_cpus"] == 2_000_000_000
    assert set(kw["tmpfs"]) == {"/tmp", "/dev/shm"} and "size=128m" in kw["tmpfs"]["/tmp"]
    assert kw["volumes"][str(tmp_path)] == {"bind": str(tmp_path), "mode": "rw"}
    assert kw["volumes"][str(project_root())]["mode"] == "ro"
    assert kw["working_dir"] == str(tmp_path) and "device_requests" not in kw
    assert kw["command"][-3:] == ["python", "-m", "tools.execute"]  # host interpreter -> image's
    assert f"< {JOB_DIR}/input.json" in kw["command"][2]
    env = kw["environment"]
    assert env["SANDBOX_EVENTS_FILE"] == f"{JOB_DIR}/events.jsonl"
    assert "OPENAI_API_KEY" not in env and "sk-docker-test-secret" not in str(kw)
    assert {u["Name"] for u in kw["ulimits"]} == {"fsize", "core"}


def test_gpu_goes_through_device_requests(tmp_path: Path) -> None:
    kw = kwargs_for(tmp_path, gpus=2, memory_mb=None, cpu_s=60)
    (req,) = kw["device_requests"]
    assert req["Count"] == 2 and req["Capabilities"] == [["gpu"]]
    assert "CUDA_VISIBLE_DEVICES" not in kw["environment"]  # the runtime sets it
    assert "mem_limit" not in kw and "cpu" in {u["Name"] for u in kw["ulimits"]}


def test_no_engine_fails_over_to_local_with_one_message() -> None:
    if NO_ENGINE is None:
        pytest.skip("a docker engine answers here; failover not exercised")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        box = make_sandbox("docker")
    assert isinstance(box, LocalSandbox)
    msgs = [str(w.message) for w in caught if issubclass(w.category, SandboxWarning)]
    assert any("docker sandbox unavailable" in m and "using the local sandbox" in m for m in msgs)


@pytest.mark.docker
@pytest.mark.skipif(NO_ENGINE is not None, reason=f"docker engine: {NO_ENGINE}")
def test_docker_job_runs_isolated(tmp_path: Path) -> None:
    box = make_sandbox("docker")
    tmp_path.chmod(0o1777)
    res = box.run(Job(command=["python", "-c", (
        "import os, socket, json, sys\n"
        "from sandbox.events import emit_result\n"
        "open('ok.txt', 'w').write('x')\n"
        "try:\n    socket.create_connection(('1.1.1.1', 53), timeout=2); net = True\n"
        "except OSError:\n    net = False\n"
        "emit_result({'uid': os.getuid(), 'net': net, 'input': json.load(sys.stdin)})")],
        workspace=str(tmp_path), input={"a": 1}, timeout_s=120))
    assert res.status == "ok", res.stderr
    assert res.result == {"uid": 65534, "net": False, "input": {"a": 1}}
    assert (tmp_path / "ok.txt").read_text() == "x"
