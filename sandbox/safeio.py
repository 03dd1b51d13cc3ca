"""Host-side file access to a folder that sandbox jobs write: never follows what a job can plant.

Trusted code (the manifest, the report writer, `sessions fork`, the tool runner's logs) reads,
writes and copies workspace files only through these functions. Every path is relative to a
root folder that the host made; it is opened component by component with `openat` and
`O_NOFOLLOW`, so a symlink (or a folder swapped for one while we look) anywhere on the way is
refused with `UnsafePathError` instead of being followed out of the workspace. Writes are atomic
(a fresh `O_EXCL` temporary, then `renameat` over the name, which replaces a planted symlink
instead of writing through it). Reads are size-bounded and accept regular files only (a FIFO
would block, a device could be endless).

    write_text(ws_root, "report/report.md", text)          # creates report/ if missing
    data = read_bytes(ws_root, "results/metrics.json", max_bytes=5 << 20)
    digest, size = sha256(ws_root, "out/model.pt")
    copy_tree(src_root, dst_root, skip={"report"})          # links copied as links
    files, complete = scan(ws_root, limit=20_000, skip={".omnijet"})
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import uuid
from collections.abc import Iterator
from typing import IO, Any

from sandbox.errors import LimitError, PathError, UnsafePathError

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK  # NONBLOCK: a FIFO
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
DEFAULT_MAX_READ = 64 << 20  # largest file trusted code reads whole (bytes)


def parts(rel: str | os.PathLike) -> list[str]:
    """A relative path -> its components; absolute paths, `..`, NUL and empty are refused."""
    raw = os.fspath(rel)
    if not raw or "\x00" in raw or os.path.isabs(raw):
        raise PathError(f"not a relative path inside the workspace: {raw!r}", raw)
    out = [p for p in raw.split("/") if p not in ("", ".")]
    if ".." in out:
        raise PathError(f"path {raw!r} climbs out of the workspace with '..'", raw)
    return out


def _refuse(rel: str, what: str) -> UnsafePathError:
    return UnsafePathError(f"refusing workspace path {rel!r}: {what} (a sandbox job may have "
                           "planted it)", rel)


def _open_root(root: str | os.PathLike | int) -> int:
    """The root itself was made by the host (session home, test folder): opened as given. A
    descriptor of it (a reader that opened the folder once and keeps reading that folder, not
    whatever its path names later) is duplicated."""
    if isinstance(root, int):
        return os.dup(root)
    try:
        return os.open(os.fspath(root), os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except FileNotFoundError as e:
        raise PathError(f"no such folder: {os.fspath(root)}", os.fspath(root)) from e


def _open_sub(fd: int, name: str, rel: str, create: bool, mode: int) -> int:
    try:
        return os.open(name, _DIR_FLAGS, dir_fd=fd)
    except FileNotFoundError:
        if not create:
            raise PathError(f"no such folder in the workspace: {rel!r}", rel) from None
        try:
            os.mkdir(name, mode, dir_fd=fd)
        except FileExistsError:
            pass  # a concurrent mkdir, or something planted: the open below decides
        try:
            return os.open(name, _DIR_FLAGS, dir_fd=fd)
        except OSError as e:
            raise _refuse(rel, f"{name!r} is not a plain folder ({e.strerror})") from None
    except OSError as e:  # ELOOP: a symlink; ENOTDIR: a file
        raise _refuse(rel, f"{name!r} is a symlink or not a folder ({e.strerror})") from None


def open_dir(root: str | os.PathLike, rel: str | os.PathLike = "", create: bool = False,
             mode: int = 0o755, owned: bool = False) -> int:
    """A descriptor of folder `rel` under `root` (created when `create`), never via a symlink.

    `owned`: refuse a folder that is not owned by this process's user (a job made it, so it
    could swap what is inside later)."""
    names = parts(rel) if os.fspath(rel) not in ("", ".") else []
    fd = _open_root(root)
    try:
        for name in names:
            sub = _open_sub(fd, name, os.fspath(rel), create, mode)
            os.close(fd)
            fd = sub
        if owned and names and os.fstat(fd).st_uid != os.geteuid():
            raise _refuse(os.fspath(rel), "the folder belongs to another user")
        return fd
    except BaseException:
        os.close(fd)
        raise


def ensure_dir(root: str | os.PathLike, rel: str | os.PathLike, owned: bool = False,
               mode: int = 0o755) -> None:
    os.close(open_dir(root, rel, create=True, mode=mode, owned=owned))


@contextlib.contextmanager
def _parent(root: str | os.PathLike, rel: str | os.PathLike, create: bool) -> Iterator[tuple[int, str]]:
    names = parts(rel)
    if not names:
        raise PathError(f"not a file path: {os.fspath(rel)!r}", os.fspath(rel))
    fd = open_dir(root, "/".join(names[:-1]), create=create)
    try:
        yield fd, names[-1]
    finally:
        os.close(fd)


@contextlib.contextmanager
def open_read(root: str | os.PathLike, rel: str | os.PathLike,
              max_bytes: int | None = DEFAULT_MAX_READ) -> Iterator[IO[bytes]]:
    """A regular file under `root`, opened without following links; `LimitError` past `max_bytes`."""
    with _parent(root, rel, create=False) as (dfd, name):
        try:
            fd = os.open(name, _READ_FLAGS, dir_fd=dfd)
        except FileNotFoundError:
            raise PathError(f"no such file in the workspace: {os.fspath(rel)!r}",
                            os.fspath(rel)) from None
        except OSError as e:
            raise _refuse(os.fspath(rel), f"not a plain file ({e.strerror})") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise _refuse(os.fspath(rel), "not a regular file")
    if max_bytes is not None and st.st_size > max_bytes:
        os.close(fd)
        raise LimitError(f"workspace file {os.fspath(rel)!r} is {st.st_size} bytes; "
                         f"at most {max_bytes} are read")
    os.set_blocking(fd, True)
    with os.fdopen(fd, "rb") as f:
        yield f


def read_bytes(root: str | os.PathLike, rel: str | os.PathLike,
               max_bytes: int = DEFAULT_MAX_READ) -> bytes:
    with open_read(root, rel, max_bytes) as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while we read it
        raise LimitError(f"workspace file {os.fspath(rel)!r} is over {max_bytes} bytes")
    return data


def read_text(root: str | os.PathLike, rel: str | os.PathLike,
              max_bytes: int = DEFAULT_MAX_READ) -> str:
    return read_bytes(root, rel, max_bytes).decode("utf-8")


def read_json(root: str | os.PathLike, rel: str | os.PathLike,
              max_bytes: int = DEFAULT_MAX_READ) -> Any:
    return json.loads(read_bytes(root, rel, max_bytes))


def sha256(root: str | os.PathLike, rel: str | os.PathLike,
           max_bytes: int | None = None) -> tuple[str, int]:
    """(hex sha256, size) of a regular file, read through one descriptor (no swap mid-way)."""
    with open_read(root, rel, max_bytes) as f:
        h = hashlib.file_digest(f, "sha256")
        return h.hexdigest(), os.fstat(f.fileno()).st_size


def is_file(root: str | os.PathLike, rel: str | os.PathLike) -> bool:
    """A regular file reachable without links (False for links, folders, missing, bad paths)."""
    try:
        with _parent(root, rel, create=False) as (dfd, name):
            return stat.S_ISREG(os.stat(name, dir_fd=dfd, follow_symlinks=False).st_mode)
    except (OSError, PathError):
        return False


@contextlib.contextmanager
def open_write(root: str | os.PathLike, rel: str | os.PathLike, mode: int = 0o644,
               text: bool = False) -> Iterator[IO[Any]]:
    """Write `rel` atomically: a fresh temporary beside it, renamed over the name on success.

    The rename replaces whatever the name was (a planted symlink included) without following
    it; a folder of that name is refused. Parent folders are created (never via links)."""
    with _parent(root, rel, create=True) as (dfd, name):
        tmp = f".{name}.{uuid.uuid4().hex[:8]}.partial"
        fd = os.open(tmp, _WRITE_FLAGS, mode, dir_fd=dfd)
        try:
            with os.fdopen(fd, "w" if text else "wb", encoding="utf-8" if text else None) as f:
                yield f
                os.fchmod(f.fileno(), mode)  # the umask must not decide who can read it
            try:
                os.rename(tmp, name, src_dir_fd=dfd, dst_dir_fd=dfd)
            except IsADirectoryError:
                raise _refuse(os.fspath(rel), "a folder stands where the file goes") from None
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=dfd)
            raise


def write_bytes(root: str | os.PathLike, rel: str | os.PathLike, data: bytes,
                mode: int = 0o644) -> None:
    with open_write(root, rel, mode) as f:
        f.write(data)


def write_text(root: str | os.PathLike, rel: str | os.PathLike, text: str,
               mode: int = 0o644) -> None:
    write_bytes(root, rel, text.encode("utf-8"), mode)


def write_json(root: str | os.PathLike, rel: str | os.PathLike, obj: Any,
               mode: int = 0o644) -> None:
    write_text(root, rel, json.dumps(obj, indent=1, default=str) + "\n", mode)


def copy_file(src_root: str | os.PathLike, src_rel: str | os.PathLike,
              dst_root: str | os.PathLike, dst_rel: str | os.PathLike,
              max_bytes: int | None = DEFAULT_MAX_READ) -> None:
    """Copy one regular file between two workspace trees (or within one), links refused."""
    with open_read(src_root, src_rel, max_bytes) as src, open_write(dst_root, dst_rel) as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)


# ---- whole trees ---------------------------------------------------------------------------
def scan(root: str | os.PathLike, limit: int, skip: set[str] | None = None,
         ) -> tuple[dict[str, tuple[int, int]], bool]:
    """Regular files under `root`: ({relative path: (size, mtime_ns)}, complete).

    Never follows links. Stops after `limit` entries (files and folders both count, so a job
    cannot make the host walk a million folders): `complete` is then False."""
    skip = skip or set()
    out: dict[str, tuple[int, int]] = {}
    seen = 0
    stack = [""]
    while stack:
        rel = stack.pop()
        try:
            fd = open_dir(root, rel) if rel else _open_root(root)
        except PathError:  # removed or swapped for a link while we walked: not ours to follow
            continue
        try:
            with os.scandir(fd) as it:
                for e in it:  # DirEntry.stat uses the folder's descriptor: keep it open
                    path = f"{rel}/{e.name}" if rel else e.name
                    if path in skip:
                        continue
                    seen += 1
                    if seen > limit:
                        return out, False
                    try:
                        st = e.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    if stat.S_ISDIR(st.st_mode):
                        stack.append(path)
                    elif stat.S_ISREG(st.st_mode):
                        out[path] = (st.st_size, st.st_mtime_ns)
        finally:
            os.close(fd)
    return out, True


def copy_tree(src_root: str | os.PathLike, dst_root: str | os.PathLike,
              skip: set[str] | None = None, owner: tuple[int, int] | None = None,
              limit: int = 100_000) -> int:
    """Copy a workspace into a new one: files as files, symlinks as symlinks (never followed,
    so a link to a host file stays a link the sandbox cannot read through), other kinds
    (FIFOs, devices, sockets) left out. `owner`: (uid, gid) given to everything copied that a
    job owned in the source (the new session's job user). Returns the number of entries."""
    skip = skip or set()
    os.makedirs(dst_root, exist_ok=True)
    count = 0
    me = os.geteuid()
    stack = [""]
    while stack:
        rel = stack.pop()
        sfd = open_dir(src_root, rel) if rel else _open_root(src_root)
        try:
            dfd = open_dir(dst_root, rel, create=True) if rel else _open_root(dst_root)
            try:
                with os.scandir(sfd) as it:
                    entries = sorted(it, key=lambda e: e.name)
                for e in entries:
                    path = f"{rel}/{e.name}" if rel else e.name
                    if path in skip:
                        continue
                    count += 1
                    if count > limit:
                        raise LimitError(f"{src_root} holds more than {limit} entries; not copied")
                    st = e.stat(follow_symlinks=False)
                    if stat.S_ISLNK(st.st_mode):
                        os.symlink(os.readlink(e.name, dir_fd=sfd), e.name, dir_fd=dfd)
                    elif stat.S_ISDIR(st.st_mode):
                        with contextlib.suppress(FileExistsError):
                            os.mkdir(e.name, stat.S_IMODE(st.st_mode) | 0o700, dir_fd=dfd)
                        stack.append(path)
                    elif stat.S_ISREG(st.st_mode):
                        _copy_fd(sfd, dfd, e.name, stat.S_IMODE(st.st_mode))
                    else:
                        continue
                    if owner is not None and st.st_uid != me:
                        os.chown(e.name, *owner, dir_fd=dfd, follow_symlinks=False)
            finally:
                os.close(dfd)
        finally:
            os.close(sfd)
    return count


def _copy_fd(sfd: int, dfd: int, name: str, mode: int) -> None:
    src = os.open(name, _READ_FLAGS, dir_fd=sfd)
    try:
        if not stat.S_ISREG(os.fstat(src).st_mode):
            return
        os.set_blocking(src, True)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name, dir_fd=dfd)  # replace, never write through, what is there
        dst = os.open(name, _WRITE_FLAGS, mode & 0o777, dir_fd=dfd)
        try:
            while True:
                n = os.copy_file_range(src, dst, 1 << 30) if hasattr(os, "copy_file_range") \
                    else 0
                if n == 0:
                    break
            if os.fstat(dst).st_size != os.fstat(src).st_size:  # fallback (other fs types)
                os.lseek(src, 0, os.SEEK_SET)
                os.ftruncate(dst, 0)
                os.lseek(dst, 0, os.SEEK_SET)
                while chunk := os.read(src, 1 << 20):
                    os.write(dst, chunk)
        finally:
            os.close(dst)
    finally:
        os.close(src)
