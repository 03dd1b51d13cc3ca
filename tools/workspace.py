"""What the agents may do with a session's folder on the host, without reaching into the sandbox.

The agents layer must not import `sandbox` (issue 22): this module is its one door to it. Every
read of a session file (meta.json, the call journal, the lock's holder) goes through
`sandbox.safeio`: bounded, never through a link, never from a FIFO or a device.

    data = read_json_file(session_dir, "meta.json", max_bytes=1 << 20)   # links, FIFOs refused
    write_json_file(session_dir, "meta.json", {...})                     # atomic, replaces a link
    copy_workspace(parent_ws, child_ws)                                  # fork: links as links
    box = session_runner(workspace, "auto", gpu=None)                    # the sandboxed tools
    journal_put(workspace, key, record) / journal_get(workspace, key)   # finished calls, durable

The session report (agents/report.py) is written through it too, and `review` checks the
manifest's signature here:

    ensure_dir(ws, "report"); write_text_file(ws, "report/report.md", text)   # atomic, no links
    copy_file(ws, "runs/a.png", "report/figures/a.png", max_bytes=20 << 20)   # links refused
    digest = file_sha256(ws, "report/report.md")                              # one descriptor
    found, note = check_signature(manifest_bytes, signature_bytes)            # intact/edited/foreign

Reading a workspace file that a job wrote is one path for every agent (review, the measurement
catalogue, the answers): `sandbox.safeio` under `read_bytes_file` / `read_json_inside`, which
take the workspace as a folder or as a descriptor of it opened once. A refused read names why in
a few words (`Unreadable`: "missing", "runs is a symlink (not followed)", "not a regular file").
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from sandbox import LimitError, PathError, SandboxError, UnsafePathError, Workspace, safeio
from sandbox.base import IDS_FILE, workspace_ids
from sandbox.errors import SandboxConfigError
from sandbox.signing import ManifestKey, SignatureCheck, check
from sandbox.workspace import INFLIGHT, META, SIGNATURE

__all__ = ["JOURNAL", "META", "SIGNATURE", "LimitError", "PathError", "SandboxError", "SignatureCheck",
           "UnsafePathError", "Unreadable", "Workspace", "check_signature", "copy_file", "copy_workspace",
           "ensure_dir", "file_sha256", "journal_get", "journal_put", "provenance", "read_bytes_file",
           "read_json_file", "read_json_inside", "session_runner", "write_json_file", "write_text_file"]

Root = str | os.PathLike | int  # a workspace folder, or a descriptor of it the reader opened once

JOURNAL = f"{META}/journal"  # finished tool calls, one file per call key (see journal_put)
_KEY = re.compile(r"^[0-9a-f]{64}$")


class Unreadable(SandboxError):
    """A workspace file that trusted code does not read; the message says why in a few words."""


def read_bytes_file(root: Root, rel: str, max_bytes: int) -> bytes:
    """Bytes of a regular file under `root`, opened component by component without following a
    link (not a FIFO or a device; at most `max_bytes`); `Unreadable` naming why otherwise."""
    try:
        return safeio.read_bytes(root, rel, max_bytes)
    except SandboxError as e:
        raise Unreadable(_why(root, rel, e, max_bytes)) from None


def read_json_inside(root: Root, rel: str, max_bytes: int = 5_000_000) -> dict[str, Any]:
    """A JSON object that a tool named (its `metrics.json`), or {} when it cannot be trusted:
    outside the workspace (absolute, `..`), behind a link, not a plain file, too large, not a
    JSON object (a sandboxed job may plant any of these in its outputs)."""
    try:
        doc = read_json_file(root, rel, max_bytes)
    except (SandboxError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def _why(root: Root, rel: str, err: SandboxError, max_bytes: int | None) -> str:
    """A refused read in a few words. Looked at only after the refusal, and never through a link:
    each component is examined only once the ones before it were plain folders."""
    if not isinstance(err, PathError | LimitError):
        return str(err)
    if isinstance(err, PathError) and not isinstance(err, UnsafePathError):
        return "missing" if "no such" in str(err) else str(err)
    try:
        fd = safeio.open_dir(root)
    except SandboxError:
        return "unreadable"
    try:
        names = safeio.parts(rel)
        for i in range(len(names)):
            prefix = "/".join(names[: i + 1])
            st = os.stat(prefix, dir_fd=fd, follow_symlinks=False)
            if stat.S_ISLNK(st.st_mode):
                return f"{prefix} is a symlink (not followed)"
            if i < len(names) - 1 and not stat.S_ISDIR(st.st_mode):
                return "missing"
        if isinstance(err, LimitError):
            return f"{_size(st.st_size, 1)}, over the {_size(max_bytes or 0, 0)} limit"
        return "not a regular file" if not stat.S_ISREG(st.st_mode) else "unreadable (permission denied)"
    except (OSError, SandboxError):
        return "unreadable"
    finally:
        os.close(fd)


def _size(n: int, decimals: int) -> str:
    return f"{n / 2**20:.{decimals}f} MiB" if n >= 2**20 else f"{n} bytes"


def read_json_file(root: Root, rel: str, max_bytes: int) -> Any:
    """JSON of a regular file under `root` (not a link, FIFO or device; at most `max_bytes`);
    a `SandboxError` or `ValueError` (bad JSON, or nesting too deep to parse) otherwise."""
    raw = safeio.read_bytes(root, rel, max_bytes)
    try:
        return json.loads(raw)
    except RecursionError:
        raise ValueError(f"{rel}: nested too deeply") from None


def write_json_file(root: str | os.PathLike, rel: str, obj: Any) -> None:
    """Atomic write (a planted link at `rel` is replaced, never written through)."""
    safeio.write_json(root, rel, obj)


def write_text_file(root: str | os.PathLike, rel: str, text: str) -> None:
    """Atomic write of UTF-8 text, like `write_json_file`."""
    safeio.write_text(root, rel, text)


def ensure_dir(root: str | os.PathLike, rel: str) -> None:
    """The folder `rel` under `root`, created where missing, never through a link."""
    safeio.ensure_dir(root, rel)


def is_plain_file(root: str | os.PathLike, rel: str) -> bool:
    return safeio.is_file(root, rel)


def copy_file(root: str | os.PathLike, src: str, dst: str, max_bytes: int) -> None:
    """Copy a regular file within one workspace (a link, FIFO or device at `src`, or one over
    `max_bytes`, is refused: `SandboxError`; a planted link at `dst` is replaced)."""
    safeio.copy_file(root, src, root, dst, max_bytes=max_bytes)


def file_sha256(root: Root, rel: str, max_bytes: int | None = None) -> str:
    """Hex sha256 of a regular file under `root`, hashed through the descriptor it was opened
    with (no swap between the checks and the read); `Unreadable` naming why, when refused."""
    try:
        return safeio.sha256(root, rel, max_bytes)[0]
    except SandboxError as e:
        raise Unreadable(_why(root, rel, e, max_bytes)) from None


def provenance(**extra: Any) -> dict[str, Any]:
    """What a document the host writes into a workspace (the report's report.json) records about
    where it came from: the fields every artifact of the tools records (`omnijet.utils.provenance`:
    code version, creation time, python, torch, host), plus `extra`."""
    from omnijet.utils import provenance as artifact_provenance

    return artifact_provenance(**extra)


def check_signature(manifest: bytes, signature: bytes | None) -> tuple[SignatureCheck, str | None]:
    """A workspace manifest's bytes against its signature file's (`SIGNATURE`, None when there is
    none) with this installation's key (`sandbox.signing`): "intact", "edited" (with the records
    that fail) or "foreign"; and, where this installation's key cannot be read, why (then every
    manifest reads as foreign)."""
    try:
        key = ManifestKey.load(create=False)
    except SandboxConfigError as e:  # a key file that is unreadable or malformed
        return check(manifest, signature, None), str(e)
    return check(manifest, signature, key), None


def copy_workspace(src: Path, dst: Path) -> None:
    """A fork's workspace: the parent's files and manifest, never following a link (links are
    copied as links: a link to a host file stays unreadable in the sandbox instead of becoming
    a readable copy), without the report or the call journal, and owned by the new session's
    own job user."""
    Workspace(dst)  # the parent-only .omnijet/ first, so nothing copied can stand in for it
    owner = workspace_ids(dst) if os.geteuid() == 0 else None
    skip = {"report", IDS_FILE, INFLIGHT, JOURNAL, f"{META}/manifest.lock"}
    safeio.copy_tree(src, dst, skip=skip, owner=owner)


def session_runner(workspace: Path, sandbox: str = "auto", gpu: bool | None = None):
    """(Workspace, ToolRunner) of a session: real tools in the sandbox, the other sessions of
    the same home (<home>/<session>/workspace) hidden from its jobs."""
    from sandbox import make_sandbox
    from sandbox.local import LocalSandbox
    from tools.runner import ToolRunner

    ws = Workspace(workspace)
    box = make_sandbox(sandbox)
    if isinstance(box, LocalSandbox):
        box.hide_also(ws.root.parent.parent)
    return ws, ToolRunner(ws, box, gpu=gpu)


# ---- the journal of finished calls ------------------------------------------------------------
def call_key(*parts: object) -> str:
    """A call's journal key: sha256 of its identity (session, step, attempt, ordinal, call id)."""
    return hashlib.sha256(json.dumps([str(p) for p in parts]).encode()).hexdigest()


def _journal_key():
    """This installation's manifest key (sandbox.signing), or None where it cannot be had."""
    try:
        return ManifestKey.load()
    except (SandboxConfigError, OSError):
        return None


def _journal_mac(secret_key, key: str, body: str) -> str:
    return secret_key.mac(b"omnijet call journal\n" + key.encode() + b"\n" + body.encode())


def journal_put(workspace: str | os.PathLike, key: str, record: dict[str, Any]) -> None:
    """Record a finished call durably (fsync'd file and folder) before the caller goes on: a
    kill at any later point finds it. `.omnijet/` is the host's own (jobs cannot write it), and
    the entry carries an HMAC with this installation's manifest key bound to `key`, so an entry
    planted in a copied session folder is never taken for a call that ran here."""
    assert _KEY.match(key), key
    root = os.fspath(workspace)
    body = json.dumps(record, sort_keys=True, default=str)
    secret_key = _journal_key()
    entry = {"body": body, "mac": _journal_mac(secret_key, key, body) if secret_key else ""}
    safeio.ensure_dir(root, JOURNAL, owned=True)
    with safeio.open_write(root, f"{JOURNAL}/{key}.json", mode=0o600) as f:
        f.write(json.dumps(entry).encode())
        f.flush()
        os.fsync(f.fileno())
    dfd = safeio.open_dir(root, JOURNAL, owned=True)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def journal_get(workspace: str | os.PathLike, key: str, max_bytes: int = 64 << 20
                ) -> dict[str, Any] | None:
    """The recorded call of `key`, or None (not recorded; unreadable, a link, not an object; or
    its MAC does not verify with this installation's key: then the call simply runs again)."""
    assert _KEY.match(key), key
    with contextlib.suppress(SandboxError, ValueError, TypeError, KeyError):
        entry = read_json_file(workspace, f"{JOURNAL}/{key}.json", max_bytes)
        body, mac = entry["body"], entry["mac"]
        secret_key = _journal_key()
        if secret_key is not None and not hmac.compare_digest(str(mac), _journal_mac(secret_key, key, body)):
            return None
        data = json.loads(body)
        return data if isinstance(data, dict) else None
    return None
