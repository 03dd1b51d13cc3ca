"""The first process of a local sandbox job: set up the view of the system, drop privileges, exec.

Runs as `python -I -S sandbox/nsinit.py SPEC` (SPEC: the spec dict, `marshal`led, hex), stdlib
only and few imports (json, re, enum would cost ~50 ms per job): it must start fast. With
namespaces it is started by `unshare --net --mount --pid ... --fork` and is pid 1 of the job's
pid namespace; when it exits the kernel kills every process left in that namespace, which is
how the whole tree dies on a timeout.

As root inside the fresh mount namespace it:
1. clones the workspace and the paths to expose (e.g. the Python installation under /root)
   as detached mount trees (`open_tree`), before anything is hidden;
2. makes every mount of the system read-only at once (`mount_setattr(..., AT_RECURSIVE)`);
3. mounts private tmpfs on /tmp, /dev/shm, /run and over the hidden paths (the parent's home,
   where keys and configs live), then moves the clones back in at their own paths;
4. brings the loopback interface up (the network namespace has nothing else);
then forks the job: no supplementary groups, unprivileged uid/gid,
`PR_SET_NO_NEW_PRIVS`, `PR_SET_PDEATHSIG` (the job dies with this process), resource limits,
scrubbed environment, `execve`. pid 1 reaps orphans and exits with the job's status (128 +
signal when it was killed).

The wall-clock deadline lives here, not only in the agent: at `deadline_s` this process writes
`deadline` on its status descriptor (a pipe only the parent reads; the job cannot forge it) and
kills every process of the job (with namespaces: all of the pid namespace, then it exits, which
takes the namespace down; without: its own process group, itself included). So a job stops on
time even when the agent that started it was killed; and the agent's death kills it anyway
(`PR_SET_PDEATHSIG` along the chain agent -> unshare -> this -> job).

Exit status 125 with a line on stderr means the setup itself failed (the job never ran).
"""

from __future__ import annotations

import _signal
import _socket
import ctypes
import fcntl
import marshal
import os
import resource
import struct
import sys

SETUP_FAILED = 125

# Syscall numbers of the new mount API; identical on every architecture (unified table).
SYS_OPEN_TREE, SYS_MOVE_MOUNT, SYS_MOUNT_SETATTR = 428, 429, 442
AT_FDCWD = -100
AT_EMPTY_PATH, AT_RECURSIVE = 0x1000, 0x8000
OPEN_TREE_CLONE, O_CLOEXEC = 1, 0o2000000
MOVE_MOUNT_F_EMPTY_PATH = 0x4
MOUNT_ATTR_RDONLY, MOUNT_ATTR_NOSUID, MOUNT_ATTR_NODEV = 0x1, 0x2, 0x4
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT = 0x1, 0x2, 0x4, 0x20
PR_SET_NO_NEW_PRIVS = 38
PR_SET_PDEATHSIG = 1
SIGKILL = 9
DEADLINE_EXIT = 124

_libc = ctypes.CDLL(None, use_errno=True)  # the interpreter's own libc (find_library costs ~50 ms)
_libc.syscall.restype = ctypes.c_long


class MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


def _check(ret: int, what: str) -> int:
    if ret < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")
    return ret


def open_tree(path: str) -> int:
    flags = OPEN_TREE_CLONE | O_CLOEXEC | AT_RECURSIVE
    return _check(_libc.syscall(SYS_OPEN_TREE, AT_FDCWD, path.encode(), flags), f"open_tree {path}")


def move_mount(fd: int, target: str) -> None:
    _check(_libc.syscall(SYS_MOVE_MOUNT, fd, b"", AT_FDCWD, target.encode(),
                         MOVE_MOUNT_F_EMPTY_PATH), f"move_mount {target}")


def set_attr(path: str, set_: int = 0, clr: int = 0, fd: int = AT_FDCWD) -> None:
    attr = MountAttr(set_, clr, 0, 0)
    flags = AT_RECURSIVE | (AT_EMPTY_PATH if fd != AT_FDCWD else 0)
    _check(_libc.syscall(SYS_MOUNT_SETATTR, fd, path.encode(), flags, ctypes.byref(attr),
                         ctypes.sizeof(attr)), f"mount_setattr {path or fd}")


def mount_tmpfs(target: str, size_mb: int, mode: str = "1777", inodes: int = 0) -> None:
    opts = f"size={size_mb}m,mode={mode}" + (f",nr_inodes={inodes}" if inodes else "")
    opts = opts.encode()
    _check(_libc.mount(b"tmpfs", target.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, opts),
           f"mount tmpfs {target}")


def remount_ro(target: str) -> None:
    _check(_libc.mount(None, target.encode(), None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
                       None), f"remount ro {target}")


def setup_mounts(spec: dict) -> None:
    """System read-only, workspace read-write, private tmpfs, hidden paths with holes."""
    workspace = spec["workspace"]
    clones = [(workspace, open_tree(workspace), False)]
    clones += [(p, open_tree(p), True) for p in spec["expose"] if os.path.exists(p)]
    files = {p for p in spec["expose"] if os.path.isfile(p)}  # a single file (rerun's inputs)
    set_attr("/", set_=MOUNT_ATTR_RDONLY)
    for path in spec["private"]:  # /run: daemons' unix sockets stay out of reach
        if os.path.isdir(path) and not os.path.islink(path):
            mount_tmpfs(path, spec["tmp_mb"] if path != "/run" else 4,
                        inodes=spec.get("tmp_inodes", 0))
    hidden = [p for p in spec["hide"] if os.path.isdir(p)]
    # a hidden folder inside another is gone with the outer one's tmpfs (and could not be found
    # to mount over any more)
    hidden = [p for p in hidden if not any(p.startswith(q.rstrip("/") + "/") for q in hidden)]
    for path in hidden:
        mount_tmpfs(path, 4, mode="0755")
    for path, fd, readonly in sorted(clones, key=lambda c: len(c[0])):  # parents first
        if path in files:  # a file is mounted over a file: an empty one in the fresh tmpfs
            os.makedirs(os.path.dirname(path), exist_ok=True)
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o644))
        else:
            os.makedirs(path, exist_ok=True)  # only creates inside a fresh tmpfs
        if readonly:
            set_attr("", set_=MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, fd=fd)
        else:
            set_attr("", set_=MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, clr=MOUNT_ATTR_RDONLY, fd=fd)
        move_mount(fd, path)
        os.close(fd)
    for path in hidden:
        remount_ro(path)


def loopback_up() -> None:
    """The fresh network namespace has only `lo`, down; up, so local IPC (DDP, gloo) works."""
    SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
    s = _socket.socket(_socket.AF_INET, _socket.SOCK_DGRAM)  # the C module: no enum import
    try:
        req = struct.pack("16sH14x", b"lo", 0)
        flags = struct.unpack("16sH14x", fcntl.ioctl(s.fileno(), SIOCGIFFLAGS, req))[1]
        fcntl.ioctl(s.fileno(), SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags | IFF_UP))
    finally:
        s.close()


def exec_job(spec: dict) -> None:
    """In the forked child: drop everything we can, then become the job.

    The job stays in the launcher's process group, so that killing the group kills it also
    without namespaces; with them, the pid namespace takes every process down anyway.
    """
    for name, value in spec["rlimits"].items():
        # CPU: SIGXCPU at the soft limit (a clear cause of death), SIGKILL 2 s later
        hard = value + 2 if name == "RLIMIT_CPU" else value
        resource.setrlimit(getattr(resource, name), (value, hard))
    if spec.get("status_fd") is not None:
        os.close(spec["status_fd"])  # the job must not write the parent's status line
    uid = spec.get("uid")
    if uid is not None:
        os.setgroups([])
        os.setgid(spec["gid"])
        os.setuid(uid)
    # after setuid: a change of credentials clears the parent-death signal
    _check(_libc.prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0), "prctl(PDEATHSIG)")
    if os.getppid() != spec["_init_pid"]:  # this process died before the prctl took hold
        os._exit(SETUP_FAILED)
    if spec.get("no_new_privs", True):
        _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(NO_NEW_PRIVS)")
    os.chdir(spec["workspace"])
    os.umask(0o022)
    os.execvpe(spec["command"][0], spec["command"], spec["env"])  # found on the job's PATH


def main() -> int:
    spec = marshal.loads(bytes.fromhex(sys.argv[1]))
    try:
        if spec["namespaces"]:
            setup_mounts(spec)
            loopback_up()
    except OSError as e:
        print(f"sandbox setup failed: {e}", file=sys.stderr)
        return SETUP_FAILED
    spec["_init_pid"] = os.getpid()
    pid = os.fork()
    if pid == 0:
        try:
            exec_job(spec)
        except BaseException as e:  # noqa: BLE001 - anything here means the job cannot start
            print(f"sandbox could not start the job: {e}", file=sys.stderr)
        os._exit(SETUP_FAILED)
    if spec.get("deadline_s"):
        _signal.signal(_signal.SIGALRM, _deadline)
        _signal.setitimer(_signal.ITIMER_REAL, spec["deadline_s"])
    try:
        return reap(pid)
    except Deadline:
        return kill_all(spec)


class Deadline(Exception):
    """The job's wall-clock time is up."""


def _deadline(signum: int, frame: object) -> None:
    raise Deadline


def reap(pid: int) -> int:
    """pid 1 duty: reap orphans until the job itself ends; its exit status."""
    while True:
        try:
            done, status = os.wait()
        except ChildProcessError:
            return SETUP_FAILED
        if done == pid:
            _signal.setitimer(_signal.ITIMER_REAL, 0)
            return os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else \
                128 + os.WTERMSIG(status)


def kill_all(spec: dict) -> int:
    """Say `deadline` to the parent, then kill every process of the job."""
    if spec.get("status_fd") is not None:
        try:
            os.write(spec["status_fd"], b"deadline\n")
        except OSError:
            pass
    if spec["namespaces"]:
        try:
            os.kill(-1, SIGKILL)  # pid 1 of the namespace: every other process in it
        except ProcessLookupError:
            pass
        return DEADLINE_EXIT  # exiting takes down whatever was still being created
    os.killpg(0, SIGKILL)  # no namespace: the launcher's process group, this process included
    return DEADLINE_EXIT


if __name__ == "__main__":
    sys.exit(main())
