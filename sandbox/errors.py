"""The sandbox's own errors: one base class, so callers (tools, agents, CLIs) catch one name.

    SandboxError            anything the sandbox refuses or cannot do, one readable line
    ├── SandboxConfigError  an impossible option (backend name, workspace, hidden folders, env)
    ├── PathError           a path that leaves the workspace, or names a missing file
    │   └── UnsafePathError a symlink, a non-regular file or a race planted by a job
    └── LimitError          a per-job or per-workspace limit was passed (files, bytes)

The sandbox imports nothing of omnijet for its errors (issue 14: clean layers); the CLIs print
`SandboxError` like their own user-facing errors: one line, exit status 2.
"""

from __future__ import annotations


class SandboxError(Exception):
    """Base class of everything the sandbox refuses (never a bug of ours)."""


class SandboxConfigError(SandboxError):
    """Impossible or unknown sandbox option (names the option and value)."""


class PathError(SandboxError):
    """A path argument that leaves the workspace (or names a missing file)."""

    def __init__(self, message: str, path: str = "", field: str | None = None) -> None:
        super().__init__(message)
        self.path, self.field = path, field


class UnsafePathError(PathError):
    """A path inside the workspace that trusted code must not follow: a symlink, a device,
    a folder where a file should be, or a file the job swapped while the host looked at it."""


class LimitError(SandboxError):
    """A limit was passed: too many files in a workspace, a file too large to read."""
