"""The docker backend (docker SDK): one throw-away container per job.

The container gets no network, a read-only root filesystem, memory / CPU / pids limits, no
capabilities, `no-new-privileges`, uid/gid 65534, tmpfs /tmp and /dev/shm, the workspace
bind-mounted read-write at its own path (so paths mean the same as with the local backend),
the project checkout read-only, and GPUs through device requests. `container_kwargs` builds
all of that as a pure function, so it is tested without an engine. The image comes from
`sandbox/Dockerfile` (`docker build -f sandbox/Dockerfile -t omnijet-agent-sandbox .`).

Input reaches the job on stdin from a file, events through a file the parent tails.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import threading
import time
from typing import Any

from sandbox.base import (
    SANDBOX_GID,
    SANDBOX_UID,
    Sandbox,
    classify,
    job_env,
    now,
    project_root,
    writable_by_job,
)
from sandbox.job import Job, JobResult
from sandbox.streams import EventFn, EventReader

DEFAULT_IMAGE = "omnijet-agent-sandbox:latest"
JOB_DIR = "/sandbox-job"  # inside the container: input.json, events.jsonl


def docker_unavailable(image: str = DEFAULT_IMAGE, timeout: float = 3.0) -> str | None:
    """None when a docker engine answers and has `image`, else one line saying why not."""
    try:
        import docker
    except ImportError:
        return "the `docker` Python package is not installed"
    try:
        client = docker.from_env(timeout=timeout)
        client.ping()
    except Exception as e:  # noqa: BLE001 - any failure to reach the engine means "no engine"
        return f"no docker engine answers ({type(e).__name__}: {str(e).splitlines()[0][:160]})"
    try:
        client.images.get(image)
    except docker.errors.ImageNotFound:
        return (f"image {image} not built (docker build -f sandbox/Dockerfile -t {image} .)")
    finally:
        client.close()
    return None


def container_kwargs(job: Job, image: str, env: dict[str, str], job_dir: str,
                     cpus: float | None = None) -> dict[str, Any]:
    """Keyword arguments of `client.containers.run` for `job`: every isolation setting."""
    from docker.types import DeviceRequest, Ulimit

    command = list(job.command)
    if command[0] == sys.executable:  # the host interpreter -> the image's
        command[0] = "python"
    kwargs: dict[str, Any] = {
        "image": image,
        "command": ["sh", "-c", f'exec "$@" < {JOB_DIR}/input.json', "sandbox-job", *command],
        "user": f"{SANDBOX_UID}:{SANDBOX_GID}",
        "working_dir": job.workspace,
        "environment": env | {"SANDBOX_EVENTS_FILE": f"{JOB_DIR}/events.jsonl"},
        "network_mode": "none",
        "read_only": True,
        "cap_drop": ["ALL"],
        "security_opt": ["no-new-privileges"],
        "pids_limit": job.max_procs,
        "tmpfs": {"/tmp": f"rw,nosuid,nodev,size={job.tmp_mb}m,mode=1777",
                  "/dev/shm": f"rw,nosuid,nodev,size={job.tmp_mb}m"},
        "volumes": {job.workspace: {"bind": job.workspace, "mode": "rw"},
                    job_dir: {"bind": JOB_DIR, "mode": "rw"},
                    str(project_root()): {"bind": str(project_root()), "mode": "ro"}},
        "ulimits": [Ulimit(name="fsize", soft=job.file_mb << 20, hard=job.file_mb << 20),
                    Ulimit(name="core", soft=0, hard=0)],
        "detach": True,
        "labels": {"omnijet-agent.job": job.label or "job"},
    }
    if job.memory_mb is not None:
        kwargs["mem_limit"] = f"{job.memory_mb}m"
        kwargs["memswap_limit"] = f"{job.memory_mb}m"  # no swap on top
    if cpus is not None:
        kwargs["nano_cpus"] = int(cpus * 1e9)
    if job.cpu_s is not None:
        kwargs["ulimits"].append(Ulimit(name="cpu", soft=job.cpu_s, hard=job.cpu_s))
    if job.gpus > 0:
        kwargs["device_requests"] = [DeviceRequest(count=job.gpus, capabilities=[["gpu"]])]
        kwargs["environment"].pop("CUDA_VISIBLE_DEVICES", None)
    return kwargs


class FileTail:
    """A growing file read like a pipe: `readline` waits for data until `finish()`."""

    def __init__(self, path: str, poll_s: float = 0.05) -> None:
        self.path, self.poll_s = path, poll_s
        self.done = threading.Event()
        self.f = None

    def finish(self) -> None:
        self.done.set()

    def readline(self, limit: int = -1) -> bytes:
        buf = b""
        while True:
            if self.f is None and os.path.exists(self.path):
                self.f = open(self.path, "rb")  # noqa: SIM115 - closed in __exit__
            finished = self.done.is_set()  # read after this flag: nothing is missed
            if self.f is not None:
                buf += self.f.readline(limit - len(buf) if limit > 0 else -1)
                if buf.endswith(b"\n") or (limit > 0 and len(buf) >= limit):
                    return buf
            if finished:
                return buf
            time.sleep(self.poll_s)

    def __enter__(self) -> FileTail:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.f is not None:
            self.f.close()


class DockerSandbox(Sandbox):
    name = "docker"

    def __init__(self, image: str = DEFAULT_IMAGE, cpus: float | None = None) -> None:
        import docker

        self.client = docker.from_env()
        self.image, self.cpus = image, cpus

    def protections(self) -> dict[str, str]:
        return {
            "environment": "on: allow-listed names only (no API keys or tokens)",
            "network": "on: network_mode none",
            "filesystem": "on: read-only root, workspace bind-mounted read-write, tmpfs /tmp",
            "pid_namespace": "on: container pid namespace",
            "user": f"on: uid/gid {SANDBOX_UID}, all capabilities dropped, no-new-privileges",
            "limits": "on: memory, pids, CPU (cgroups via the engine)",
            "timeout": "on: kills the container",
        }

    def _capped_logs(self, container, limit: int, stdout: bool) -> tuple[str, bool]:
        kept, total = bytearray(), 0
        for chunk in container.logs(stdout=stdout, stderr=not stdout, stream=True):
            total += len(chunk)
            kept += chunk[: max(0, limit - len(kept))]
        text = kept.decode("utf-8", errors="replace")
        if total > limit:
            text += f"\n[... output truncated: {total} bytes, {limit} kept]"
        return text, total > limit

    def run(self, job: Job, on_event: EventFn | None = None) -> JobResult:
        import requests

        writable_by_job(job.workspace)
        job_dir = tempfile.mkdtemp(prefix="sandbox-job-")
        os.chmod(job_dir, 0o777)
        with open(os.path.join(job_dir, "input.json"), "w") as f:
            f.write(json.dumps(job.input) if job.input is not None else "")
        events_path = os.path.join(job_dir, "events.jsonl")
        started, t0 = now(), time.perf_counter()
        tail = FileTail(events_path)
        events = EventReader(tail, on_event, job.max_events)  # type: ignore[arg-type]
        container = self.client.containers.run(
            **container_kwargs(job, self.image, job_env(job), job_dir, self.cpus))
        timed_out = False
        try:
            try:
                code = container.wait(timeout=job.timeout_s)["StatusCode"]
            except (requests.exceptions.ReadTimeout, requests.exceptions.ConnectionError):
                timed_out = True
                container.kill()
                code = container.wait()["StatusCode"]
            container.reload()
            oom = bool(container.attrs["State"].get("OOMKilled"))
            stdout, out_trunc = self._capped_logs(container, job.output_limit, True)
            stderr, err_trunc = self._capped_logs(container, job.output_limit, False)
        finally:
            tail.finish()
            events.join(timeout=5)
            container.remove(force=True)
            shutil.rmtree(job_dir, ignore_errors=True)
        status, message = classify(job, code, stderr, timed_out, oom_killed=oom)
        if events.error is not None:
            raise events.error
        return JobResult(
            status=status, exit_code=code, message=message, stdout=stdout, stderr=stderr,
            stdout_truncated=out_trunc, stderr_truncated=err_trunc, events=events.events,
            result=events.result, started=started, ended=now(),
            wall_s=round(time.perf_counter() - t0, 4), backend=self.name,
            protections=self.protections(),
        )
