"""A session's folder on the host, read as if a stranger wrote it (sessions are shared and copied).

  <home>/<id>/               id: [A-Za-z0-9][A-Za-z0-9_.-]* (new_id's form), a plain folder in home
  <home>/<id>/meta.json      a JSON object of short strings, read bounded, never through a link
  <home>/<id>/state.sqlite   a regular file (no link, FIFO or device; its journals likewise)
  <home>/<id>/session.lock   held (fcntl) by the one process running the session

Imports no LangGraph, so `sessions list` starts fast.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import json
import os
import re
import socket
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from omnijet.errors import ConfigError
from tools.workspace import SandboxError, read_json_file, write_json_file

SESSION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
META_FILE, STATE_FILE, LOCK_FILE = "meta.json", "state.sqlite", "session.lock"
MAX_META = 1 << 20  # bytes: a request and a few fields
MAX_SESSIONS = 10_000  # folders `sessions list` looks at


class SessionFileError(ConfigError):
    """A session file that is missing, malformed, a link, a FIFO, too large or out of place."""


class SessionBusy(ConfigError):
    """Another process holds the session."""


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def new_id() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]


def check_id(session_id: str) -> str:
    if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
        raise SessionFileError(f"session id {session_id!r} is not a session name (letters, digits, "
                               "'_', '-', '.'; no '/', no leading '.')")
    return session_id


def session_dir(home: str | os.PathLike, session_id: str) -> Path:
    """<home>/<id>, refused when the id is not a name or the folder is a link or not a folder."""
    d = Path(home) / check_id(session_id)
    with contextlib.suppress(FileNotFoundError):
        if not stat.S_ISDIR(os.lstat(d).st_mode):
            raise SessionFileError(f"session {session_id!r}: {d} is a link or not a folder; refused")
    return d


def check_plain(folder: Path, *names: str) -> None:
    """Each existing `folder/name` must be a regular file (SQLite follows links and blocks on a
    FIFO; a hot journal planted as a link to /dev/zero would be read forever)."""
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            st = os.lstat(folder / name)
            if not stat.S_ISREG(st.st_mode):
                raise SessionFileError(f"{folder / name} is a link, FIFO or device, not a file; refused")


def check_state_files(folder: Path) -> None:
    check_plain(folder, STATE_FILE, *(f"{STATE_FILE}{s}" for s in ("-journal", "-wal", "-shm")))
    with contextlib.suppress(FileNotFoundError):
        if not stat.S_ISDIR(os.lstat(folder / "workspace").st_mode):
            raise SessionFileError(f"{folder / 'workspace'} is a link or not a folder; refused")


# ---- meta.json ------------------------------------------------------------------------------------
class SessionMeta(BaseModel):
    """What meta.json may hold: short strings, nothing else is read from it."""

    model_config = ConfigDict(extra="ignore", strict=True)
    id: str = ""
    status: str = ""
    backend: str = ""
    preset: str = ""
    request: str = ""
    created: str = ""
    updated: str = ""
    forked_from: str = ""


def _one_line(e: Exception) -> str:
    if isinstance(e, ValidationError):
        err = e.errors()[0]
        where = ".".join(str(x) for x in err["loc"]) or "top level"
        return f"{where}: {err['msg']}"
    return str(e).splitlines()[0] if str(e) else type(e).__name__


def read_meta(folder: Path) -> SessionMeta | None:
    """meta.json of a session folder (None when there is none); `SessionFileError` in one line
    when it is a link, a FIFO, too large, not JSON or not an object of strings."""
    try:
        data = read_json_file(folder, META_FILE, MAX_META)
    except SandboxError as e:
        if "no such file" in str(e):
            return None
        raise SessionFileError(f"{folder.name}/{META_FILE}: {_one_line(e)}") from None
    except (ValueError, UnicodeDecodeError) as e:
        raise SessionFileError(f"{folder.name}/{META_FILE}: not JSON ({_one_line(e)})") from None
    if not isinstance(data, dict):
        raise SessionFileError(f"{folder.name}/{META_FILE}: a JSON {type(data).__name__}, not an object")
    try:
        return SessionMeta.model_validate(data)
    except ValidationError as e:
        raise SessionFileError(f"{folder.name}/{META_FILE}: {_one_line(e)}") from None


def write_meta(folder: Path, meta: SessionMeta) -> None:
    write_json_file(folder, META_FILE, meta.model_dump(exclude_defaults=True))


def list_metas(home: str | os.PathLike) -> list[tuple[str, SessionMeta | str]]:
    """(folder name, meta or the one-line reason it is unreadable) of each session under home."""
    rows: list[tuple[str, SessionMeta | str]] = []
    try:
        with os.scandir(home) as it:
            entries = sorted((e for _, e in zip(range(MAX_SESSIONS), it, strict=False)), key=lambda e: e.name)
    except FileNotFoundError:
        return rows
    for e in entries:
        if not e.is_dir(follow_symlinks=False) or not SESSION_ID.match(e.name):
            continue
        try:
            meta = read_meta(Path(e.path))
        except SessionFileError as err:
            rows.append((e.name, str(err)))
            continue
        if meta is not None:
            rows.append((e.name, meta))
    return rows


# ---- the session's lock ---------------------------------------------------------------------------
def _holder(fd: int) -> str:
    """Who holds the lock, from what it wrote (bounded, printable characters only)."""
    try:
        raw = os.pread(fd, 4096, 0)
        info = json.loads(raw)
        pid, host, since = int(info["pid"]), str(info["host"]), str(info["since"])
    except (OSError, ValueError, KeyError, TypeError):
        return "another process (it did not say which)"
    clean = re.compile(r"[^\w.:+-]")
    return f"pid {pid} on {clean.sub('?', host)[:64]} since {clean.sub('?', since)[:40]}"


@contextlib.contextmanager
def locked(folder: Path, session_id: str) -> Iterator[None]:
    """Hold the session for this process (non-blocking); `SessionBusy` names the holder."""
    dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        fd = os.open(LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                     0o600, dir_fd=dfd)
    except OSError as e:
        raise SessionFileError(f"{folder / LOCK_FILE}: not a plain file ({e.strerror}); refused") from None
    finally:
        os.close(dfd)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SessionFileError(f"{folder / LOCK_FILE} is not a regular file; refused")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise
            raise SessionBusy(f"session {session_id} is in use by {_holder(fd)}; "
                              "wait for it to finish or stop that process") from None
        info = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": now()})
        os.ftruncate(fd, 0)
        os.pwrite(fd, info.encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock (the kernel does it too when the process dies)
