"""Where tool calls and agent-written code run: an isolated local process, or docker.

Knows nothing of agents or tools: it runs commands (JSON in on stdin, JSON out and progress
events on a channel, files in a workspace) and keeps the workspace manifest.

    from sandbox import Job, Workspace, make_sandbox
    ws = Workspace("runs/demo")
    box = make_sandbox("auto")               # docker if an engine answers, else local
    res = box.run(Job(command=["python", "-c", "print(1)"], workspace=str(ws.root)))
    res.status, res.stdout, box.protections()
"""

from sandbox.base import Sandbox, SandboxWarning, make_sandbox
from sandbox.errors import (
    LimitError,
    PathError,
    SandboxConfigError,
    SandboxError,
    UnsafePathError,
)
from sandbox.job import Job, JobResult, JobStatus
from sandbox.workspace import ArtifactRecord, CallRecord, FileRef, Workspace

__all__ = ["ArtifactRecord", "CallRecord", "FileRef", "Job", "JobResult", "JobStatus",
           "LimitError", "PathError", "Sandbox", "SandboxConfigError", "SandboxError",
           "SandboxWarning", "UnsafePathError", "Workspace", "make_sandbox"]
